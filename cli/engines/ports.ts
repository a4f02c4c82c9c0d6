/** Port helpers: every engine listens on 127.0.0.1 on ports chosen at start, never fixed ones. */
import * as fs from "fs";
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

/** Lowest and highest port of the kernel's ephemeral range (outgoing connections take their local ports there). */
function ephemeralRange(): [number, number] {
  try {
    const [lo, hi] = fs.readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (lo > 0 && hi >= lo) return [lo, hi];
  } catch {
    /* not Linux: use the common default */
  }
  return [32768, 60999];
}

/**
 * A port that was free on 127.0.0.1 a moment ago, chosen below the ephemeral range: a port from that range may be
 * taken by some outgoing connection while an engine restarts, and restarts must get their ports back.
 */
export async function freePort(): Promise<number> {
  const [lo] = ephemeralRange();
  const base = 10000;
  if (lo - base > 1000) {
    for (let i = 0; i < 50; i++) {
      const candidate = base + Math.floor(Math.random() * (lo - base));
      if ((await tryListen(candidate)) !== undefined) return candidate;
    }
  }
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

export async function isPortFree(port: number): Promise<boolean> {
  return (await tryListen(port)) !== undefined;
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
