/**
 * Power BI connection details for the Spark Thrift Server and the `.pbids` data-source file built from them.
 * Pure (no Pulumi): the deployment's stack outputs and the embedded local mode both use it. No credentials.
 */

export interface PowerBiConnection {
  /** `http://<host>:<port>/<path>`: what Power BI's Spark connector takes as "Server". */
  readonly server: string;
  /** Spark connector protocol: the Thrift Server runs HiveServer2 over HTTP. */
  readonly protocol: "HTTP";
  readonly mode: "DirectQuery";
  /** Hive database holding the star schema. */
  readonly database: string;
}

export function powerBiConnection(host: string, port: number, httpPath: string, database: string): PowerBiConnection {
  if (!host || /[\s/]/.test(host)) throw new Error(`Power BI host must be a host name or IP address, got "${host}"`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Power BI port must be 1-65535, got ${port}`);
  const path = httpPath.replace(/^\/+/, "");
  return { server: `http://${host}:${port}/${path}`, protocol: "HTTP", mode: "DirectQuery", database };
}

/** The `.pbids` JSON (pretty-printed, trailing newline): opening it in Power BI Desktop pre-fills the connection. */
export function pbidsContent(c: PowerBiConnection): string {
  const doc = {
    version: "0.1",
    connections: [
      {
        details: { protocol: "spark", address: { server: c.server } },
        options: { protocol: c.protocol },
        mode: c.mode,
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Host name Power BI uses to reach a UI bound to `bindAddress` (loopback and wildcard binds: localhost). */
export function hostForBindAddress(bindAddress: string): string {
  return bindAddress === "127.0.0.1" || bindAddress === "0.0.0.0" ? "localhost" : bindAddress;
}
