/**
 * Entry point of the `lakehouse` CLI. Each command group lives in `cli/commands/<group>.ts` and exports
 * `register(program)`; groups are discovered here so that adding one never edits this file.
 */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { logs, runtime } from "../contracts";
import { commandLog, type CommandLog } from "./log";

export interface CommandGroup {
  register(program: Command): void;
}

export function buildProgram(commandsDir: string = path.join(__dirname, "commands")): Command {
  const program = new Command("lakehouse")
    .description(
      "E-commerce Insights Lakehouse: generate and load source data, run the batch and streaming pipelines, " +
        "and run the whole lakehouse on this machine (embedded PostgreSQL, local Spark, Kafka, Cassandra).",
    )
    .showHelpAfterError()
    .enablePositionalOptions();
  const files = fs
    .readdirSync(commandsDir)
    .filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"))
    .sort();
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const group = require(path.join(commandsDir, file)) as Partial<CommandGroup>;
    if (typeof group.register !== "function") {
      throw new Error(`cli/commands/${file} must export register(program)`);
    }
    group.register(program);
  }
  return program;
}

/**
 * Logs each command's run as JSON lines (`cli/log.ts`): a start record, then a finish record with its duration and
 * status; a failure carries the error. The run id is exported to the processes the command starts.
 */
export function logRuns(program: Command, env: NodeJS.ProcessEnv = process.env): (err?: unknown) => void {
  let run: { log: CommandLog; job: string; started: number } | undefined;
  program.hook("preAction", (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c; c = c.parent) names.unshift(c.name());
    const job = names.join(" ");
    const log = commandLog(job, env);
    env[runtime.env.runId] = log.runId;
    run = { log, job, started: Date.now() };
    log.write("INFO", `${job} started`, { event: logs.events.runStarted });
  });
  const finish = (err?: unknown) => {
    if (!run) return;
    const seconds = (Date.now() - run.started) / 1000;
    const outcome = err === undefined ? logs.status.succeeded : logs.status.failed;
    const extra = { event: logs.events.runFinished, status: outcome, durationSeconds: seconds };
    if (err === undefined) run.log.write("INFO", `${run.job} ${outcome} after ${seconds.toFixed(1)}s`, extra);
    else run.log.write("ERROR", `${run.job} ${outcome}: ${err instanceof Error ? err.message : String(err)}`, { ...extra, exception: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    run = undefined;
  };
  program.hook("postAction", () => finish());
  return finish;
}

if (require.main === module) {
  const program = buildProgram();
  const finish = logRuns(program);
  program
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      finish(err);
      console.error(`lakehouse: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
