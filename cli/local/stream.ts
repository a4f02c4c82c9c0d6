/** The streaming step of the local run: Kafka + Cassandra + both Structured Streaming jobs over the generated logs. */
import * as path from "path";
import { sources } from "../../contracts";
import { runStream, StreamRunOptions, StreamRunSummary } from "../stream/run";
import { StepError } from "./proc";
import { LocalState } from "./state";

export type StreamSummary = StreamRunSummary;

function hostPort(value: string): { host: string; port: number } {
  const i = value.lastIndexOf(":");
  return { host: value.slice(0, i), port: Number(value.slice(i + 1)) };
}

export async function runStreams(args: {
  state: LocalState;
  dataDir: string;
  logFile: string;
  progress: (msg: string) => void;
  onStarted: () => void;
  /** Loopback ports the jobs serve their metrics on (`--observe`). */
  metricsPorts?: StreamRunOptions["metricsPorts"];
  kafkaMetricsPort?: number;
}): Promise<StreamSummary> {
  const dir = path.join(args.state.runDir, "stream");
  // Record the engine folders before they start, so Ctrl-C or a failure mid-stream stops them too (`engine stop --dir`).
  args.state.kafka = { engine: "kafka", host: "127.0.0.1", port: 0, pid: 0, dir: path.join(dir, "kafka") };
  args.state.cassandra = { engine: "cassandra", host: "127.0.0.1", port: 0, pid: 0, dir: path.join(dir, "cassandra") };
  args.onStarted();
  const summary = await runStream({
    dir,
    warehouse: args.state.warehouse,
    clickstream: path.join(args.dataDir, sources.logs.clickstream.file),
    accesslog: path.join(args.dataDir, sources.logs.accesslog.file),
    scale: String(args.state.scale),
    trigger: "available-now",
    keep: true,
    metricsPorts: args.metricsPorts,
    kafkaMetricsPort: args.kafkaMetricsPort,
  });
  // Engines are kept so the report and `verify` can read Cassandra and Kafka; `local down` (or the end of a run
  // without --keep) stops them.
  args.state.kafka = { engine: "kafka", ...hostPort(summary.kafka), pid: 0, dir: path.join(dir, "kafka") };
  args.state.cassandra = { engine: "cassandra", ...hostPort(summary.cassandra), pid: 0, dir: path.join(dir, "cassandra") };
  args.onStarted();
  for (const [kind, ok] of Object.entries(summary.conserved)) {
    args.progress(`${kind}: raw = processed + dead-lettered ${ok ? "✔" : "✘"}`);
  }
  if (!summary.ok) throw new StepError(`stream counts do not add up: ${JSON.stringify(summary.counts)}`, `see the logs under ${dir}/logs`);
  return summary;
}
