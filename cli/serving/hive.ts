/**
 * A HiveServer2 client over the HTTP transport — the protocol Power BI's Spark connector uses against the Spark Thrift
 * Server. Used by `lakehouse local verify` and the report so they read Gold exactly as a BI user does.
 */
import * as hive from "hive-driver";

export interface HiveHttpEndpoint {
  readonly host: string;
  readonly port: number;
  /** HTTP path, `cliservice` (contracts/services.json). */
  readonly path: string;
  readonly user?: string;
}

export type Row = Record<string, unknown>;

/** Parses `http://host:port/path` (the form stack outputs and .pbids use) into an endpoint. */
export function parseHttpEndpoint(url: string): HiveHttpEndpoint {
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`not an HTTP HiveServer2 URL: ${url}`);
  return { host: u.hostname, port: Number(u.port || (u.protocol === "https:" ? 443 : 80)), path: u.pathname.replace(/^\//, "") };
}

/**
 * Opens one session, runs each statement in order and returns the rows of each. Rejects after `timeoutMs`: a server
 * that answers HTTP but not HiveServer2 (a proxy, a wrong path) would otherwise leave the client waiting forever.
 */
export function queryHive(endpoint: HiveHttpEndpoint, statements: readonly string[], timeoutMs = 300_000): Promise<Row[][]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`HiveServer2 at http://${endpoint.host}:${endpoint.port}/${endpoint.path}: no answer within ${timeoutMs / 1000}s`)),
      timeoutMs,
    );
  });
  return Promise.race([runStatements(endpoint, statements), timeout]).finally(() => clearTimeout(timer));
}

async function runStatements(endpoint: HiveHttpEndpoint, statements: readonly string[]): Promise<Row[][]> {
  const { TCLIService, TCLIService_types } = hive.thrift;
  const client = new hive.HiveClient(TCLIService, TCLIService_types);
  const utils = new hive.HiveUtils(TCLIService_types);
  // Transport errors are emitted as events; without a listener they would crash the process instead of rejecting.
  let transportError: Error | undefined;
  client.on("error", (err: Error) => {
    transportError = err;
  });
  try {
    await client.connect(
      { host: endpoint.host, port: endpoint.port, options: { path: `/${endpoint.path}` } },
      new hive.connections.HttpConnection(),
      // With authentication NONE the server ignores the password but rejects a Basic header without one.
      new hive.auth.PlainHttpAuthentication({ username: endpoint.user ?? "lakehouse", password: "none" }),
    );
    const session = await client.openSession({
      client_protocol: TCLIService_types.TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10,
    });
    try {
      const results: Row[][] = [];
      for (const sql of statements) {
        const operation = await session.executeStatement(sql, { runAsync: true });
        await utils.waitUntilReady(operation, false, () => undefined);
        await utils.fetchAll(operation);
        await operation.close();
        results.push(utils.getResult(operation).getValue() as Row[]);
      }
      return results;
    } finally {
      await quietly(() => session.close());
    }
  } catch (err) {
    throw new Error(`HiveServer2 at http://${endpoint.host}:${endpoint.port}/${endpoint.path}: ${describe(transportError ?? err)}`);
  } finally {
    await quietly(() => client.close());
  }
}

/** Closing is best effort: a close failure must not hide the error that matters. */
async function quietly(close: () => unknown): Promise<void> {
  try {
    await close();
  } catch {
    // already reporting the original error, or the connection is gone
  }
}

function describe(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { message?: string; statusCode?: number; code?: string };
    return [e.code, e.statusCode ? `HTTP ${e.statusCode}` : undefined, e.message].filter(Boolean).join(" ");
  }
  return String(err);
}
