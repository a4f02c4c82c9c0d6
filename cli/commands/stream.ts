/** `lakehouse stream topics|replay|run`: the streaming layer on local engines (Kafka, Cassandra, local Spark). */
import { Command, InvalidArgumentError, Option } from "commander";
import { replayFile } from "../stream/replay";
import { LOG_KINDS, LogKind } from "../stream/replayPlan";
import { replayProgressBar } from "../stream/progress";
import { ensureTopics } from "../stream/topics";
import { parseTopicOverrides, planTopics } from "../stream/topicPlan";
import { runStream } from "../stream/run";

function positiveInt(what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${what} must be a positive integer, got '${value}'`);
    return n;
  };
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function register(program: Command): void {
  const stream = program.command("stream").description("Streaming layer: Kafka topics, the log replayer, and the whole stream pipeline on local engines.");

  stream
    .command("topics")
    .description("Create or update the raw, processed, metrics and dead-letter topics of contracts/kafka.json (idempotent).")
    .requiredOption("--bootstrap <host:port>", "Kafka bootstrap servers")
    .option("--set <key.field=value>", "override, e.g. clickstreamRaw.partitions=6, *.retentionMs=86400000 (repeatable)", collect, [])
    .option("--replication-factor <n>", "replication factor of every topic", positiveInt("--replication-factor"), 1)
    .action(async (opts: { bootstrap: string; set: string[]; replicationFactor: number }) => {
      const plan = planTopics(parseTopicOverrides(opts.set), opts.replicationFactor);
      for (const r of await ensureTopics(opts.bootstrap, plan)) console.log(JSON.stringify(r));
    });

  stream
    .command("replay")
    .description("Publish every line of a clickstream or access-log file to its raw topic (keyed, idempotent, acks=all).")
    .requiredOption("--bootstrap <host:port>", "Kafka bootstrap servers")
    .addOption(new Option("--kind <kind>", "log kind").choices(LOG_KINDS as unknown as string[]).makeOptionMandatory())
    .requiredOption("--file <file>", "log file, one event per line")
    .option("--rate <n>", "events per second", positiveInt("--rate"))
    .option("--max", "as fast as possible (the default when --rate is not given)")
    .action(async (opts: { bootstrap: string; kind: LogKind; file: string; rate?: number; max?: boolean }) => {
      if (opts.rate !== undefined && opts.max) throw new InvalidArgumentError("--rate and --max exclude each other");
      const bar = replayProgressBar(opts.kind);
      try {
        const summary = await replayFile({ ...opts, onProgress: bar.onProgress });
        bar.stop();
        console.log(JSON.stringify(summary));
      } finally {
        bar.stop();
      }
    });

  registerRun(stream);
}

function registerRun(stream: Command): void {
  stream
    .command("run")
    .description("Start Kafka and Cassandra, create topics, apply cql/*.cql, start both streaming jobs, replay the logs and print counts per sink until drained; stops everything it started (also on Ctrl-C) unless --keep.")
    .option("--dir <dir>", "run directory (engines, checkpoints, warehouse, logs)", ".local/stream")
    .option("--clickstream <file>", "clickstream log to replay (generated when neither log is given)")
    .option("--accesslog <file>", "access log to replay (generated when neither log is given)")
    .option("--rate <n>", "events per second per log", positiveInt("--rate"))
    .option("--scale <n>", "scale passed to 'lakehouse data generate --logs-only' when generating logs", "0.01")
    .addOption(new Option("--trigger <trigger>", "Spark trigger").choices(["available-now", "processing-time:10 seconds"]).default("processing-time:10 seconds"))
    .option("--keep", "leave the engines running after the run")
    .action(async (opts) => {
      const summary = await runStream(opts);
      console.log(JSON.stringify(summary));
      if (!summary.ok) process.exitCode = 1;
    });
}
