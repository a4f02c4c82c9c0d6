/** Port helpers: every engine listens on 127.0.0.1 on ports chosen at start, never fixed ones. */
import * as net from "net";

export const LOCALHOST = "127.0.0.1";

function tryListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(undefined));
    srv.listen({ port, host: LOCALHOST, exclusive: true }, () => {
      const addr = srv.address();
      const bound = typeof addr === "object" && addr ? addr.port : undefined;
      srv.close(() => resolve(bound));
    });
  });
}

/** A port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const port = await tryListen(0);
  if (port === undefined) throw new Error("no free TCP port on 127.0.0.1");
  return port;
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Throws a clear error when something already listens on the port. */
export async function assertPortFree(port: number, what: string): Promise<void> {
  if ((await tryListen(port)) === undefined) {
    throw new Error(`${what}: port ${port} on ${LOCALHOST} is in use; choose another --port or stop what listens there`);
  }
}

/** Resolves true when a TCP connection to the port succeeds. */
export function canConnect(port: number, host: string = LOCALHOST): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host });
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}
