/**
 * Entry point of the `lakehouse` CLI. Each command group lives in `cli/commands/<group>.ts` and exports
 * `register(program)`; groups are discovered here so that adding one never edits this file.
 */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";

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

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((err: unknown) => {
      console.error(`lakehouse: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
