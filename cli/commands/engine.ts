/** `lakehouse engine start|stop|status|restart`: the local Kafka (KRaft) and Cassandra engines, one per dir. */
import { Command, InvalidArgumentError } from "commander";
import { ENGINE_KINDS, EngineKind, engineStatus, restartEngine, startEngine, stopEngine, stopOnInterrupt } from "../engines";

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`'${value}' is not a TCP port (1-65535)`);
  return n;
}

function parseKind(value: string): EngineKind {
  if (!(ENGINE_KINDS as readonly string[]).includes(value)) throw new InvalidArgumentError(`unknown engine '${value}'; use one of: ${ENGINE_KINDS.join(", ")}`);
  return value as EngineKind;
}

/** Keeps the CLI alive while the engine runs (a pending promise alone does not); fails if the engine dies. */
function watchForeground(dir: string): Promise<never> {
  return new Promise((_, reject) => {
    const timer = setInterval(() => {
      if (engineStatus(dir).running) return;
      clearInterval(timer);
      reject(new Error(`the engine in ${dir} stopped unexpectedly; see its log`));
    }, 2000);
  });
}

const printLine = (value: object) => console.log(JSON.stringify(value));

export function register(program: Command): void {
  const engine = program.command("engine").description("Start and stop the local Apache Kafka (KRaft) and Apache Cassandra engines (Java 17, jars from scripts/setup.d/20-maven-engines.sh).");

  engine
    .command("start")
    .description("Start an engine in DIR (data kept across starts); prints one JSON line {engine,host,port,pid,logFile} once it is ready.")
    .argument("<engine>", `one of ${ENGINE_KINDS.join(", ")}`, parseKind)
    .requiredOption("--dir <dir>", "engine directory (config, data, logs, engine.json)")
    .option("--port <port>", "client port (Kafka broker / Cassandra CQL); a free one when omitted", parsePort)
    .option("--heap <size>", "JVM heap, e.g. 512m")
    .option("--foreground", "stay attached and stop the engine on Ctrl-C")
    .action(async (kind: EngineKind, opts: { dir: string; port?: number; heap?: string; foreground?: boolean }) => {
      // Until it is ready an interrupt kills the starting JVM; afterwards it runs on its own unless --foreground.
      const removeStarting = stopOnInterrupt(() => []);
      const info = await startEngine(kind, opts);
      removeStarting();
      printLine({ engine: info.engine, host: info.host, port: info.port, pid: info.pid, logFile: info.logFile });
      if (!opts.foreground) return;
      stopOnInterrupt(() => [info]);
      console.error(`${kind} runs in the foreground; Ctrl-C stops it`);
      await watchForeground(opts.dir);
    });

  engine
    .command("stop")
    .description("Stop the engine of DIR cleanly (SIGTERM, then SIGKILL after the grace period); data is kept.")
    .requiredOption("--dir <dir>", "engine directory")
    .option("--grace <seconds>", "seconds to wait for a clean stop", (v) => Number(v), 30)
    .action(async (opts: { dir: string; grace: number }) => printLine(await stopEngine(opts.dir, opts.grace * 1000)));

  engine
    .command("status")
    .description("Print the engine of DIR as JSON, with running true/false; exit 1 when it is not running.")
    .requiredOption("--dir <dir>", "engine directory")
    .action((opts: { dir: string }) => {
      const status = engineStatus(opts.dir);
      printLine(status);
      if (!status.running) process.exitCode = 1;
    });

  engine
    .command("restart")
    .description("Stop and start the engine of DIR on the same ports, keeping its data.")
    .requiredOption("--dir <dir>", "engine directory")
    .option("--heap <size>", "JVM heap, e.g. 512m")
    .action(async (opts: { dir: string; heap?: string }) => {
      const info = await restartEngine(opts.dir, opts);
      printLine({ engine: info.engine, host: info.host, port: info.port, pid: info.pid, logFile: info.logFile });
    });
}
