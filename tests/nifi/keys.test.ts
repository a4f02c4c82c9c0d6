import { kafka } from "../../contracts";
import { naturalKey } from "../../cli/stream/replayPlan";
import { indexFlow } from "../../cli/nifi/graph";
import { LogKind, LOG_FLOWS } from "../../cli/nifi/flows";
import { evaluate, extractText } from "./el";
import { committedFlowFiles, readFlow } from "./helpers";

/** The key NiFi gives a line: the committed ExtractText regexes, then the committed Kafka Key expression. */
function nifiKey(kind: LogKind, line: string): string | undefined {
  const spec = LOG_FLOWS.find((f) => f.kind === kind)!;
  const processors = indexFlow(readFlow(committedFlowFiles()[0])).processors.filter((p) => p.path.endsWith(spec.ecomGroup));
  const extract = processors.find((p) => p.item.type.endsWith(".ExtractText"))!.item.properties;
  const publish = processors.find((p) => p.item.type.endsWith(".PublishKafka"))!.item.properties;
  const regexes = Object.fromEntries(Object.entries(extract).filter(([k]) => k !== "Include Capture Group 0"));
  return evaluate(publish["Kafka Key"], extractText(regexes, line));
}

const CLICK = "2017-03-12 14:05:33.123456 [INFO] - USER_ID: 12, SESSION_ID: 345, EVENT_TYPE: add_to_cart, PRODUCT_ID: N/A, AMOUNT: N/A, OUTCOME: N/A";
const cases: [LogKind, string, string][] = [
  ["clickstream", CLICK, "12/345"],
  ["clickstream", "2017-03-12 14:05:33 [WARN] - SESSION_ID: 77, EVENT_TYPE: page_view", "?/77"],
  ["clickstream", "garbage line", ""],
  ["accesslog", '199.72.81.55 - - [01/Jul/2017:00:00:01 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245', "199.72.81.55"],
  ["accesslog", "unixhost.example - - [01/Jul/2017:00:00:01 +0200] \"GET / HTTP/2.0\" 404 -", "unixhost.example"],
  ["accesslog", "nospace", ""],
];

describe("NiFi Kafka keys", () => {
  it.each(cases)("%s %j -> %j, the replayer's key", (kind, line, expected) => {
    expect(nifiKey(kind, line) ?? "").toBe(expected);
    // Without a natural key the replayer uses line-<n> and NiFi an empty key: either way the line is published.
    expect(naturalKey(kind, line) ?? "").toBe(expected);
  });
});

describe("NiFi record values and headers", () => {
  const processors = () => indexFlow(readFlow(committedFlowFiles()[0])).processors.filter((p) => p.path.endsWith("Ecom_clickstream"));

  /** Java's (?s) is JavaScript's `s` flag; the pattern is anchored with ^, so one replacement equals replaceAll. */
  const strip = (content: string): string => {
    const props = processors().find((p) => p.item.name === "Strip line ending")!.item.properties;
    const re = new RegExp(props["Regular Expression"].replace(/^\(\?s\)/, ""), "s");
    return content.replace(re, props["Replacement Value"]);
  };

  it.each([
    ["abc\n", "abc"],
    ["abc\r\n", "abc"],
    ["abc", "abc"],
    ["\n", ""],
    ["", ""],
  ])("a split of %j is published as %j (blank lines too, like the replayer)", (split, value) => {
    expect(strip(split)).toBe(value);
  });

  it("stamps the produce-time header named in contracts/kafka.json and sends only that attribute as a header", () => {
    const header = kafka.headers.producedAtMs;
    const stamp = processors().find((p) => p.item.name === "Stamp produce time")!.item.properties;
    expect(Object.keys(stamp)).toEqual([header]);
    const pattern = new RegExp(processors().find((p) => p.item.type.endsWith(".PublishKafka"))!.item.properties["FlowFile Attribute Header Pattern"]);
    expect([header, "kafka.key", "filename", `${header}x`].filter((a) => pattern.test(a))).toEqual([header]);
  });
});
