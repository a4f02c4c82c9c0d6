/**
 * The five flows of the original ECOM_Template, re-designed for NiFi 2 (see nifi-templates/README.md):
 * LogToBronze / ClickToBronze pick each dropped file up once and land it raw in HDFS; ToSilver holds
 * Ecom_log / Ecom_clickstream, which publish every line, keyed, to the raw Kafka topics. Every failure is
 * retried in place and then dead-lettered, packaged with its reason, under the quarantine directory.
 * Topic names, paths and file names come from contracts/; hosts and roots are parameters.
 */
import { kafka, sources, storage } from "../../contracts";
import { childPort, GroupBuilder } from "./builder";
import { KAFKA_CONNECTION_API, KAFKA_CONNECTION_SERVICE, T } from "./components";
import { ConnectableRef, FlowSnapshot, ProcessGroup } from "./model";
import { param, PARAMETER_CONTEXT, parameterContext } from "./parameters";

export type LogKind = keyof typeof sources.logs;

export interface LogFlowSpec {
  readonly kind: LogKind;
  /** Names of the original template's groups and ports, kept so operators recognise them. */
  readonly bronzeGroup: string;
  readonly ecomGroup: string;
  readonly port: string;
  readonly topic: string;
  /**
   * ExtractText properties (attribute name -> regex) and the Kafka Key expression built from them: the same key as
   * the local replayer (cli/stream/replayPlan.ts naturalKey), so a session (a client) stays in one partition, in order.
   * A line without a key gets an empty one; it is still published and dead-lettered downstream.
   */
  readonly keyExtract: Record<string, string>;
  readonly kafkaKey: string;
  readonly keyMeaning: string;
}

export const LOG_FLOWS: readonly LogFlowSpec[] = [
  {
    kind: "accesslog",
    bronzeGroup: "LogToBronze",
    ecomGroup: "Ecom_log",
    port: "LogFromBronze",
    topic: kafka.topics.accesslogRaw.name,
    keyExtract: { "key.host": "^(\\S+)\\s" },
    kafkaKey: "${key.host}",
    keyMeaning: "client host/IP (first field of the Common Log Format line)",
  },
  {
    kind: "clickstream",
    bronzeGroup: "ClickToBronze",
    ecomGroup: "Ecom_clickstream",
    port: "ClickFromBronze",
    topic: kafka.topics.clickstreamRaw.name,
    keyExtract: {
      "key.pair": "USER_ID:\\s*([^,\\s]+)\\s*,\\s*SESSION_ID:\\s*([^,\\s]+)",
      "key.session": "SESSION_ID:\\s*([^,\\s]+)",
    },
    // <user>/<session> (session ids repeat across users); ?/<session> when the user is missing.
    kafkaKey:
      "${key.pair.1:isEmpty():ifElse(${key.session:isEmpty():ifElse('', ${key.session:prepend('?/')})}, " +
      "${key.pair.1:append('/'):append(${key.pair.2})})}",
    keyMeaning: "USER_ID/SESSION_ID",
  },
];

export const ROOT_GROUP = "ECOM_Lakehouse";
export const FLOW_FILE = "ecom-lakehouse.json";
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** File Filter for a kind: the contract's file name, optionally with a suffix (e.g. a date) before `.txt`. */
export function fileFilter(kind: LogKind): string {
  const file = sources.logs[kind].file;
  const stem = file.replace(/\.txt$/, "").replace(REGEX_SPECIAL, "\\$&");
  return `${stem}([._-][^/]*)?\\.txt`;
}

export const landingDir = (kind: LogKind): string => `${param("hdfs.warehouse")}/${storage.paths.landing}/${kind}`;
export const quarantineDir = (kind: LogKind): string => `${param("input.dir")}/_quarantine/${kind}`;
export const processedDir = (kind: LogKind): string => `${param("input.dir")}/_processed/${kind}`;

/** PackageFlowFile (attributes + content, re-importable) then PutFile under the kind's quarantine directory. */
function deadLetterSink(g: GroupBuilder, kind: LogKind): ConnectableRef {
  const pack = g.processor({
    name: "Package dead letter",
    component: T.PackageFlowFile,
    properties: { "max-batch-size": "1" },
    // The package carries the original content and attributes; the unpackaged original is done.
    autoTerminate: ["original"],
  });
  const put = g.processor({
    name: "Write to quarantine",
    component: T.PutFile,
    properties: {
      Directory: `${quarantineDir(kind)}/\${dead.letter.stage:replaceAll('[^A-Za-z0-9_.-]', '_')}`,
      "Conflict Resolution Strategy": "fail",
      "Create Missing Directories": "true",
    },
    autoTerminate: ["success"],
  });
  g.connect(pack, ["success"], put);
  // A full or unwritable disk must stall the flow visibly, never drop the dead letter.
  g.connect(put, ["failure"], put);
  return pack;
}

/** Tags FlowFiles leaving `source` by `relationship` with the reason, then sends them to the sink. */
function deadLetter(g: GroupBuilder, sink: ConnectableRef, source: ConnectableRef, relationship: string): void {
  const tag = g.processor({
    name: `Dead-letter ${source.name} ${relationship}`,
    component: T.UpdateAttribute,
    properties: {
      "dead.letter.reason": `${source.name} routed the FlowFile to '${relationship}' after its in-place retries`,
      "dead.letter.stage": `${g.name}.${source.name}.${relationship}`,
      "dead.letter.original.filename": "${filename}",
      filename: "${now():format(\"yyyyMMdd'T'HHmmss\", 'GMT')}-${uuid}.flowfilev3",
    },
  });
  g.connect(source, [relationship], tag);
  g.connect(tag, ["success"], sink);
}

/** Flows 1 and 2: pick each file up once, archive it, land it raw in HDFS and hand it to ToSilver. */
export function bronzeGroup(parent: GroupBuilder, spec: LogFlowSpec): ProcessGroup {
  const g = parent.childBuilder(spec.bronzeGroup, `Picks up ${sources.logs[spec.kind].file} once and lands it raw in HDFS`);
  const sink = deadLetterSink(g, spec.kind);
  const list = g.processor({
    name: `List ${spec.kind} files`,
    component: T.ListFile,
    schedule: "30 sec",
    primaryNodeOnly: true,
    comments: "Listing state (timestamps) makes each file appear once; files younger than 30 s may still be copied in.",
    properties: {
      "Input Directory": param("input.dir"),
      "Recurse Subdirectories": "false",
      "File Filter": fileFilter(spec.kind),
      "Minimum File Age": "30 sec",
    },
  });
  const fetch = g.processor({
    name: `Fetch ${spec.kind} file`,
    component: T.FetchFile,
    comments: "Moves the file out of the input directory once its content is in NiFi: never re-ingested.",
    properties: {
      "File to Fetch": "${absolute.path}/${filename}",
      "Completion Strategy": "Move File",
      "Move Destination Directory": processedDir(spec.kind),
      "Move Conflict Strategy": "Rename",
    },
    retry: ["failure", "not.found", "permission.denied"],
  });
  const name = g.processor({
    name: "Name landing file",
    component: T.UpdateAttribute,
    comments: "A unique name per ingested file, so a re-dropped file of the same name never overwrites Bronze.",
    properties: { filename: "${filename:substringBeforeLast('.txt')}.${uuid}.txt" },
  });
  const land = g.processor({
    name: "Land raw file in HDFS",
    component: T.PutHDFS,
    properties: {
      "Hadoop Configuration Resources": param("hadoop.config.resources"),
      Directory: `${landingDir(spec.kind)}/\${now():format('yyyy-MM-dd', 'GMT')}`,
      // The name is unique per FlowFile, so replacing only ever rewrites this FlowFile's own partial attempt.
      "Conflict Resolution Strategy": "replace",
    },
    autoTerminate: ["success"],
    retry: ["failure"],
  });
  const out = g.outputPort(spec.port);
  g.connect(list, ["success"], fetch);
  g.connect(fetch, ["success"], name);
  g.connect(fetch, ["success"], out);
  g.connect(name, ["success"], land);
  for (const rel of ["failure", "not.found", "permission.denied"]) deadLetter(g, sink, fetch, rel);
  deadLetter(g, sink, land, "failure");
  return g.build();
}

/** Flows 4 and 5: every line of the file becomes one Kafka record on the raw topic, keyed. */
export function ecomGroup(parent: GroupBuilder, spec: LogFlowSpec, kafkaService: string): ProcessGroup {
  const g = parent.childBuilder(spec.ecomGroup, `Publishes every ${spec.kind} line to ${spec.topic}, keyed by ${spec.keyMeaning}`);
  const sink = deadLetterSink(g, spec.kind);
  const input = g.inputPort(spec.port);
  const chunks = g.processor({
    name: "Split into 10000-line chunks",
    component: T.SplitText,
    comments: "Two split stages keep a multi-million-line file from creating millions of FlowFiles in one session.",
    properties: { "Line Split Count": "10000", "Header Line Count": "0", "Remove Trailing Newlines": "false" },
    // Splits carry all of the content; the whole file is already landed by the Bronze group.
    autoTerminate: ["original"],
    retry: ["failure"],
  });
  const lines = g.processor({
    name: "Split into lines",
    component: T.SplitText,
    // Keeping line endings keeps blank lines too (removing them would drop blank-line splits).
    comments: "Every line, blank ones included, becomes one FlowFile, as the replayer publishes every line.",
    properties: { "Line Split Count": "1", "Header Line Count": "0", "Remove Trailing Newlines": "false" },
    autoTerminate: ["original"],
    retry: ["failure"],
  });
  const strip = g.processor({
    name: "Strip line ending",
    component: T.ReplaceText,
    properties: {
      "Regular Expression": "(?s)^(.*?)\\r?\\n?$",
      "Replacement Value": "$1",
      "Replacement Strategy": "Regex Replace",
      "Evaluation Mode": "Entire text",
    },
    retry: ["failure"],
  });
  const stamp = g.processor({
    name: "Stamp produce time",
    component: T.UpdateAttribute,
    comments: "Sent as a record header: the streaming jobs measure end-to-end latency from it.",
    properties: { [kafka.headers.producedAtMs]: "${now():toNumber()}" },
  });
  const key = g.processor({
    name: "Extract Kafka key",
    component: T.ExtractText,
    comments: "Lines without a key are published too (null key): validation is the streaming job's job.",
    properties: { ...spec.keyExtract, "Include Capture Group 0": "false" },
  });
  const publish = g.processor({
    name: `Publish to ${spec.topic}`,
    component: T.PublishKafka,
    properties: {
      "Kafka Connection Service": kafkaService,
      "Topic Name": spec.topic,
      "Kafka Key": spec.kafkaKey,
      "FlowFile Attribute Header Pattern": `^${kafka.headers.producedAtMs.replace(/\./g, "\\.")}$`,
      acks: "all",
      "Transactions Enabled": "true",
      "Transactional ID Prefix": `nifi-${spec.kind}-`,
      "partitioner.class": "org.apache.kafka.clients.producer.internals.DefaultPartitioner",
    },
    autoTerminate: ["success"],
    retry: ["failure"],
  });
  g.connect(input, [], chunks);
  g.connect(chunks, ["splits"], lines);
  g.connect(lines, ["splits"], strip);
  g.connect(strip, ["success"], key);
  g.connect(key, ["matched", "unmatched"], stamp);
  g.connect(stamp, ["success"], publish);
  deadLetter(g, sink, chunks, "failure");
  deadLetter(g, sink, lines, "failure");
  deadLetter(g, sink, strip, "failure");
  deadLetter(g, sink, publish, "failure");
  return g.build();
}

/** Flow 3: the container that receives both Bronze outputs and holds the two publishing groups. */
export function toSilverGroup(parent: GroupBuilder): ProcessGroup {
  const g = parent.childBuilder("ToSilver", "Receives the fetched files and publishes their lines to the raw topics");
  const kafkaService = g.service("Kafka", KAFKA_CONNECTION_SERVICE, KAFKA_CONNECTION_API, {
    "bootstrap.servers": param("kafka.bootstrap"),
  });
  for (const spec of LOG_FLOWS) {
    const input = g.inputPort(spec.port);
    const child = g.child(ecomGroup(g, spec, kafkaService));
    g.connect(input, [], childPort(child, "INPUT_PORT", spec.port));
  }
  return g.build();
}

/** The whole flow definition uploaded by deploy.sh. */
export function ecomLakehouseFlow(): FlowSnapshot {
  const root = new GroupBuilder([], ROOT_GROUP, PARAMETER_CONTEXT, "E-commerce lakehouse ingestion: log files -> HDFS landing + raw Kafka topics");
  const bronze = LOG_FLOWS.map((spec) => root.child(bronzeGroup(root, spec)));
  const toSilver = root.child(toSilverGroup(root));
  LOG_FLOWS.forEach((spec, i) => {
    root.connect(childPort(bronze[i], "OUTPUT_PORT", spec.port), [], childPort(toSilver, "INPUT_PORT", spec.port));
  });
  return {
    flowContents: root.build(),
    externalControllerServices: {},
    parameterContexts: { [PARAMETER_CONTEXT]: parameterContext() },
    parameterProviders: {},
    flowEncodingVersion: "1.0",
    latest: false,
  };
}
