import * as fs from "fs";
import * as path from "path";
import { kafka, sources } from "../../contracts";
import { NIFI_IMAGE, NIFI_VERSION } from "../../cli/nifi/components";
import { images } from "../../stacks/images";
import { fileFilter, LOG_FLOWS } from "../../cli/nifi/flows";
import { indexFlow } from "../../cli/nifi/graph";
import { staleFlowFiles } from "../../cli/nifi/render";
import { validateFlow } from "../../cli/nifi/validate";
import { catalog, committedFlowFiles, readFlow } from "./helpers";

describe("committed NiFi flow definitions", () => {
  it("equal a fresh render of the generator (run `lakehouse nifi render` after changing it)", () => {
    expect(staleFlowFiles()).toEqual([]);
  });

  it.each(committedFlowFiles())("%s passes every check against the NiFi catalog and the contracts", (file) => {
    expect(validateFlow(readFlow(file), catalog())).toEqual([]);
  });

  it("checks the standard processors against the real NiFi jars fetched by scripts/setup.d/25-nifi-nars.sh", () => {
    const standard = [...catalog().entries.values()].filter((e) => e.nar === "nifi-standard-nar");
    expect(standard.length).toBeGreaterThan(0);
    for (const e of standard) expect([e.type, e.evidence]).toEqual([e.type, expect.stringMatching(/^(nar|jar)$/)]);
    expect(catalog().version).toBe(NIFI_VERSION);
  });

  it("target the NiFi image the Pulumi program deploys, and the probe runs that release's processors", () => {
    expect(images.nifi).toBe(NIFI_IMAGE);
    const pom = fs.readFileSync(path.join(__dirname, "java", "pom.xml"), "utf8");
    const versions = [...pom.matchAll(/<dependency><groupId>org\.apache\.nifi<\/groupId><artifactId>([^<]+)<\/artifactId><version>([^<]+)</g)];
    expect(versions.map((m) => [m[1], m[2]])).toEqual(["nifi-mock", "nifi-property-utils", "nifi-standard-processors"].map((a) => [a, NIFI_VERSION]));
  });

  it("keeps the five groups of the original template, the ToSilver container holding the two publishers", () => {
    const paths = indexFlow(readFlow(committedFlowFiles()[0])).groups.map((g) => g.path);
    expect(paths).toEqual([
      "ECOM_Lakehouse",
      "ECOM_Lakehouse/LogToBronze",
      "ECOM_Lakehouse/ClickToBronze",
      "ECOM_Lakehouse/ToSilver",
      "ECOM_Lakehouse/ToSilver/Ecom_log",
      "ECOM_Lakehouse/ToSilver/Ecom_clickstream",
    ]);
  });

  it("publishes each kind of line to its raw topic from contracts/kafka.json, acks=all, transactional", () => {
    const publishers = indexFlow(readFlow(committedFlowFiles()[0])).processors.filter((p) => p.item.type.endsWith(".PublishKafka"));
    expect(publishers.map((p) => [p.path, p.item.properties["Topic Name"], p.item.properties.acks, p.item.properties["Transactions Enabled"]])).toEqual([
      ["ECOM_Lakehouse/ToSilver/Ecom_log", kafka.topics.accesslogRaw.name, "all", "true"],
      ["ECOM_Lakehouse/ToSilver/Ecom_clickstream", kafka.topics.clickstreamRaw.name, "all", "true"],
    ]);
  });
});

describe("fileFilter", () => {
  const cases: [string, string, boolean][] = [
    ["accesslog", sources.logs.accesslog.file, true],
    ["accesslog", sources.logs.accesslog.file.replace(".txt", "-2026-11-26.txt"), true],
    ["accesslog", `${sources.logs.accesslog.file}.tmp`, false],
    ["accesslog", sources.logs.clickstream.file, false],
    ["clickstream", sources.logs.clickstream.file, true],
    ["clickstream", `x${sources.logs.clickstream.file}`, false],
  ];
  it.each(cases)("%s filter on %s -> %s", (kind, name, expected) => {
    // NiFi matches the File Filter against the whole file name (Java Matcher.matches).
    expect(new RegExp(`^(?:${fileFilter(kind as keyof typeof sources.logs)})$`).test(name)).toBe(expected);
  });

  it("covers every log kind of contracts/sources.json", () => {
    expect(LOG_FLOWS.map((f) => f.kind).sort()).toEqual(Object.keys(sources.logs).sort());
  });
});
