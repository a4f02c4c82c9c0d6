/**
 * The committed flow's processors, run for real: NiFi 2.6.0 standard processors under nifi-mock's TestRunner (Java 21+),
 * with the committed properties and the parameter values deploy.sh would set. Kafka, HDFS and UpdateAttribute are
 * not served by this machine's Maven mirror: their expressions are evaluated with NiFi's own Expression Language.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { kafka, sources, storage } from "../../contracts";
import { naturalKey } from "../../cli/stream/replayPlan";
import { indexFlow } from "../../cli/nifi/graph";
import { LOG_FLOWS } from "../../cli/nifi/flows";
import { FlowSnapshot } from "../../cli/nifi/model";
import { committedFlowFiles, readFlow } from "./helpers";
import { compileProbe, ProbeReport, stepOf, withParameters } from "./probe";

const flow: FlowSnapshot = readFlow(committedFlowFiles()[0]);
let probe: ReturnType<typeof compileProbe>;
let dir: string;
let values: Record<string, string>;

beforeAll(() => {
  probe = compileProbe();
}, 120_000);
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "nifi-flow-"));
  values = {
    "input.dir": path.join(dir, "in"),
    "hdfs.warehouse": "hdfs://warehouse.test/lakehouse",
    "hadoop.config.resources": "/dev/null",
    "kafka.bootstrap": "broker.test:9092",
  };
  fs.mkdirSync(values["input.dir"]);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const property = (group: string, name: string, key: string): string => {
  const p = indexFlow(flow).processors.find((l) => l.path.endsWith(group) && l.item.name === name)!.item;
  return withParameters({ v: p.properties[key] }, values).v;
};
const noInvalidStep = (r: ProbeReport) => expect(r.steps.filter((s) => s.invalid)).toEqual([]);

const LINES: Record<string, string[]> = {
  accesslog: [
    '199.72.81.55 - - [01/Jul/2017:00:00:01 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245',
    "",
    'unicomp6.unicomp.net - - [01/Jul/2017:00:00:06 +0200] "GET /shuttle/countdown/ HTTP/2.0" 200 3985',
    "garbage",
  ],
  clickstream: [
    "2017-03-12 14:05:33.123456 [INFO] - USER_ID: 12, SESSION_ID: 345, EVENT_TYPE: add_to_cart, PRODUCT_ID: N/A, AMOUNT: N/A, OUTCOME: N/A",
    "2017-03-12 14:05:34 [WARN] - SESSION_ID: 77, EVENT_TYPE: page_view",
    "",
    "not a click",
  ],
};

describe.each(LOG_FLOWS.map((f) => [f.ecomGroup, f] as const))("%s with the real NiFi processors", (group, spec) => {
  it("publishes every line of a CRLF file, blank ones included, with the replayer's key and a produce-time header", () => {
    const content = LINES[spec.kind].join("\r\n") + "\r\n";
    const report = probe({
      inputs: [{ content, attributes: { filename: sources.logs[spec.kind].file } }],
      steps: [
        stepOf(flow, group, "Split into 10000-line chunks", ["splits"], values),
        stepOf(flow, group, "Split into lines", ["splits"], values),
        stepOf(flow, group, "Strip line ending", ["success"], values),
        stepOf(flow, group, "Extract Kafka key", ["matched", "unmatched"], values),
        stepOf(flow, group, "Stamp produce time", [], values),
      ],
      expressions: { key: property(group, `Publish to ${spec.topic}`, "Kafka Key") },
    });
    noInvalidStep(report);
    const published = report.flowFiles.map((f) => [f.content, f.expressions.key ?? ""]).sort();
    expect(published).toEqual(LINES[spec.kind].map((l) => [l, naturalKey(spec.kind, l) ?? ""]).sort());
    for (const f of report.flowFiles) expect(f.attributes[kafka.headers.producedAtMs]).toMatch(/^\d{13}$/);
  });
});

describe("LogToBronze with the real NiFi processors", () => {
  it("lists only settled files of the contract's name, fetches each once into _processed/, and names its landing file", () => {
    const inDir = values["input.dir"];
    const file = sources.logs.accesslog.file;
    const hourAgo = new Date(Date.now() - 3600_000);
    fs.writeFileSync(path.join(inDir, file), "line 1\nline 2\n");
    fs.utimesSync(path.join(inDir, file), hourAgo, hourAgo);
    fs.writeFileSync(path.join(inDir, "other.txt"), "not ours\n");
    fs.utimesSync(path.join(inDir, "other.txt"), hourAgo, hourAgo);
    fs.writeFileSync(path.join(inDir, file.replace(".txt", "-2.txt")), "still being copied\n");
    const report = probe({
      inputs: [],
      steps: [
        stepOf(flow, "LogToBronze", "List accesslog files", ["success"], values),
        stepOf(flow, "LogToBronze", "Fetch accesslog file", ["success"], values),
        stepOf(flow, "LogToBronze", "Name landing file", [], values),
      ],
      expressions: { directory: property("LogToBronze", "Land raw file in HDFS", "Directory") },
    });
    noInvalidStep(report);
    expect(report.flowFiles.map((f) => f.content)).toEqual(["line 1\nline 2\n"]);
    const landed = report.flowFiles[0];
    expect(landed.attributes.filename).toBe(`access_log_updated.${landed.attributes.uuid}.txt`);
    const today = new Date().toISOString().slice(0, 10);
    expect(landed.expressions.directory).toBe(`hdfs://warehouse.test/lakehouse/${storage.paths.landing}/accesslog/${today}`);
    expect(fs.readdirSync(inDir).sort()).toEqual(["_processed", file.replace(".txt", "-2.txt"), "other.txt"]);
    expect(fs.readdirSync(path.join(inDir, "_processed", "accesslog"))).toEqual([file]);
  });
});

describe("the dead-letter path with the real NiFi processors", () => {
  it("packages the FlowFile with its reason and writes it under the quarantine directory of the failing stage", () => {
    const report = probe({
      inputs: [{ content: "a line Kafka refused", attributes: { filename: "access_log_updated.txt" } }],
      steps: [
        stepOf(flow, "Ecom_log", "Dead-letter Publish to accesslog.raw failure", [], values),
        stepOf(flow, "Ecom_log", "Package dead letter", ["success"], values),
        stepOf(flow, "Ecom_log", "Write to quarantine", ["success"], values),
      ],
    });
    noInvalidStep(report);
    const stageDir = path.join(values["input.dir"], "_quarantine", "accesslog", "Ecom_log.Publish_to_accesslog.raw.failure");
    const files = fs.readdirSync(stageDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{8}T\d{6}-[0-9a-f-]{36}\.flowfilev3$/);
    const packaged = fs.readFileSync(path.join(stageDir, files[0])).toString("latin1");
    expect(packaged).toContain("a line Kafka refused");
    expect(packaged).toContain("Publish to accesslog.raw routed the FlowFile to 'failure' after its in-place retries");
    expect(packaged).toContain("dead.letter.original.filename");
  });
});
