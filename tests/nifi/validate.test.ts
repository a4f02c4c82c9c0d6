import { loadCatalog, mavenRepo, MANIFEST, Manifest } from "../../cli/nifi/catalog";
import { indexFlow } from "../../cli/nifi/graph";
import { FlowSnapshot } from "../../cli/nifi/model";
import { validateFlow } from "../../cli/nifi/validate";
import { catalog, mutableFlow, processorIn } from "./helpers";

type Mutation = (flow: FlowSnapshot) => void;
const LOG = "ToSilver/Ecom_log";
const BRONZE = "LogToBronze";
const publish = (f: FlowSnapshot) => processorIn(f, LOG, "Publish to accesslog.raw");
const connectionsOf = (f: FlowSnapshot, sourceName: string) =>
  indexFlow(f).connections.filter((c) => c.item.source.name === sourceName).map((c) => c.item);

const cases: [string, Mutation, string][] = [
  [
    "an unknown processor type",
    (f) => ((processorIn(f, BRONZE, "List accesslog files") as { type: string }).type = "org.apache.nifi.processors.standard.ListFiles"),
    "ECOM_Lakehouse/LogToBronze/List accesslog files: unknown processor type org.apache.nifi.processors.standard.ListFiles",
  ],
  [
    "a bundle that does not provide the type",
    (f) => ((publish(f) as { bundle: object }).bundle = { group: "org.apache.nifi", artifact: "nifi-kafka-2-6-nar", version: "2.6.0" }),
    "bundle org.apache.nifi:nifi-kafka-2-6-nar:2.6.0 does not provide PublishKafka; expected org.apache.nifi:nifi-kafka-nar:2.6.0",
  ],
  [
    "a bundle of another NiFi version",
    (f) => ((processorIn(f, BRONZE, "Fetch accesslog file") as { bundle: object }).bundle = { group: "org.apache.nifi", artifact: "nifi-standard-nar", version: "1.28.1" }),
    "bundle org.apache.nifi:nifi-standard-nar:1.28.1 does not provide FetchFile",
  ],
  [
    "a dangling connection",
    (f) => ((connectionsOf(f, "Split into lines")[0].destination as { id: string }).id = "00000000-0000-5000-8000-000000000000"),
    'destination PROCESSOR 00000000-0000-5000-8000-000000000000 ("Strip line ending") does not exist',
  ],
  [
    "a connection whose group id is wrong",
    (f) => ((connectionsOf(f, "LogFromBronze")[0].source as { groupId: string }).groupId = indexFlow(f).groups[3].item.identifier),
    "is not in group",
  ],
  [
    "a retyped topic name",
    (f) => (publish(f).properties["Topic Name"] = "accesslog_raw"),
    'ECOM_Lakehouse/ToSilver/Ecom_log/Publish to accesslog.raw: topic "accesslog_raw" is not in contracts/kafka.json',
  ],
  ["acks=0 (the original's silent loss)", (f) => (publish(f).properties.acks = "0"), 'acks must be "all" (got "0")'],
  [
    "an auto-terminated failure",
    (f) => {
      publish(f).autoTerminatedRelationships.push("failure");
      const i = indexFlow(f).groups.find((g) => g.path.endsWith(LOG))!.item.connections;
      i.splice(i.findIndex((c) => c.source.name === "Publish to accesslog.raw"), 1);
    },
    'Publish to accesslog.raw: relationship "failure" is auto-terminated (silent drop)',
  ],
  [
    "unmatched lines thrown away (the original RouteText dead end)",
    (f) => {
      const key = processorIn(f, LOG, "Extract Kafka key");
      key.autoTerminatedRelationships.push("unmatched");
      const c = connectionsOf(f, "Extract Kafka key")[0] as { selectedRelationships: string[] };
      c.selectedRelationships = ["matched"];
    },
    'Extract Kafka key: relationship "unmatched" is auto-terminated (silent drop)',
  ],
  [
    "a failure relationship nobody handles",
    (f) => {
      const list = indexFlow(f).groups.find((g) => g.path.endsWith(LOG))!.item.connections;
      list.splice(list.findIndex((c) => c.source.name === "Split into lines" && c.selectedRelationships.includes("failure")), 1);
    },
    'Split into lines: relationship "failure" is neither connected nor auto-terminated',
  ],
  [
    "a dead-letter path that no longer ends in the quarantine",
    (f) => (processorIn(f, LOG, "Write to quarantine").properties.Directory = "#{input.dir}/failed"),
    '"failure" reaches neither a retry loop nor a dead-letter sink',
  ],
  [
    "a misspelt relationship",
    (f) => (processorIn(f, LOG, "Split into lines").autoTerminatedRelationships[0] = "orignal"),
    'SplitText has no relationship "orignal"',
  ],
  [
    "a misspelt property",
    (f) => (processorIn(f, BRONZE, "List accesslog files").properties["Input Dir"] = "#{input.dir}"),
    'ListFile has no property "Input Dir"',
  ],
  [
    "a literal broker address",
    (f) => (indexFlow(f).services[0].item.properties["bootstrap.servers"] = "kafka:9092"),
    'property "bootstrap.servers" has a literal address "kafka:9092"; use a parameter',
  ],
  [
    "a literal IP address",
    (f) => (processorIn(f, BRONZE, "List accesslog files").properties["Input Directory"] = "/mnt/10.0.0.12/landing"),
    'property "Input Directory" has a literal address "/mnt/10.0.0.12/landing"; use a parameter',
  ],
  [
    "a literal HDFS URI",
    (f) => (processorIn(f, BRONZE, "Land raw file in HDFS").properties.Directory = "hdfs://namenode:9000/lakehouse/landing/accesslog"),
    "is not under a contracts/storage.json path of #{hdfs.warehouse}",
  ],
  [
    "an HDFS path outside the contract",
    (f) => (processorIn(f, BRONZE, "Land raw file in HDFS").properties.Directory = "#{hdfs.warehouse}/data/bronze/log"),
    'HDFS directory "#{hdfs.warehouse}/data/bronze/log" is not under a contracts/storage.json path',
  ],
  [
    "a FetchFile that leaves files in place",
    (f) => (processorIn(f, BRONZE, "Fetch accesslog file").properties["Completion Strategy"] = "None"),
    "FetchFile must move or delete fetched files",
  ],
  [
    "a queue that expires FlowFiles",
    (f) => ((connectionsOf(f, "Extract Kafka key")[0] as { flowFileExpiration: string }).flowFileExpiration = "5 min"),
    "expires FlowFiles after 5 min (silent drop)",
  ],
  [
    "an undeclared parameter",
    (f) => (publish(f).properties["Topic Name"] = "#{topic}"),
    "parameter #{topic} is used but not declared in any parameter context",
  ],
  [
    "a committed parameter value",
    (f) => ((Object.values(f.parameterContexts)[0].parameters[0] as { value: string | null }).value = "broker:9092"),
    'parameter "kafka.bootstrap" has a committed value',
  ],
  [
    "a password property with a literal value",
    (f) => (indexFlow(f).services[0].item.properties["sasl.password"] = "hunter2hunter2"),
    'secret property "sasl.password" must be a sensitive parameter reference',
  ],
  [
    "an output port connected to nothing",
    (f) => {
      const root = f.flowContents.connections as unknown[];
      root.splice(0, 1);
    },
    "ECOM_Lakehouse/LogToBronze/LogFromBronze: has no outgoing connection (dead end)",
  ],
];

describe("validateFlow on a broken copy", () => {
  it.each(cases)("rejects %s", (_what, mutate, message) => {
    const flow = mutableFlow();
    mutate(flow);
    const errors = validateFlow(flow, catalog());
    expect(errors.join("\n")).toContain(message);
  });

  it("rejects a file that is not a flow definition", () => {
    expect(validateFlow({} as FlowSnapshot, catalog())).toEqual(["not a NiFi flow definition: no flowContents.name"]);
  });
});

describe("the catalog against the real NiFi artifacts", () => {
  const withEntry = (type: string, patch: object): Manifest => ({
    ...MANIFEST,
    extensions: { ...MANIFEST.extensions, [type]: { ...MANIFEST.extensions[type], ...patch } },
  });

  it("rejects a relationship the class does not declare", () => {
    const c = loadCatalog(mavenRepo(), withEntry("org.apache.nifi.processors.standard.SplitText", { relationships: ["splits", "original", "failure", "retry"] }));
    expect(c.problems.join("\n")).toMatch(/SplitText: relationship "retry" is not declared by the class in .*nifi-standard-processors-2\.6\.0\.jar/);
  });

  it("rejects a type the NAR does not provide", () => {
    const c = loadCatalog(mavenRepo(), withEntry("org.apache.nifi.processors.standard.MergeContentX", { ...MANIFEST.extensions["org.apache.nifi.processors.standard.SplitText"] }));
    expect(c.problems.join("\n")).toContain("org.apache.nifi.processors.standard.MergeContentX: no class org.apache.nifi.processors.standard.MergeContentX");
  });

  it("rejects a wrong claim about dynamic properties", () => {
    const c = loadCatalog(mavenRepo(), withEntry("org.apache.nifi.processors.standard.PutFile", { dynamicProperties: true }));
    expect(c.problems).toContain("org.apache.nifi.processors.standard.PutFile: manifest says dynamicProperties=true, class says false");
  });

  it("finds inherited relationships in superclasses (ListFile's success comes from AbstractListProcessor)", () => {
    expect(loadCatalog().problems).toEqual([]);
  });
});
