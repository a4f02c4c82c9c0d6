/**
 * A small Docker Engine API client (API 1.41, dockerd 20.10+) over the unix socket named by DOCKER_HOST. Only the
 * calls the deployment makes; every failure names the call and carries the engine's own message.
 */
import * as http from "http";

export const API = "/v1.41";

export class EngineError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Socket path of a `unix://` DOCKER_HOST (default: the lakehouse engine's socket). */
export function socketOf(dockerHost = process.env.DOCKER_HOST ?? "unix:///run/lakehouse-docker/docker.sock"): string {
  if (!dockerHost.startsWith("unix://")) throw new Error(`DOCKER_HOST=${dockerHost}: only unix:// sockets are supported`);
  return dockerHost.slice("unix://".length);
}

export interface ContainerState {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; ExitCode: number; Health?: { Status: string }; RestartCount?: number };
  RestartCount: number;
  Config: { Labels: Record<string, string> | null };
}

export class Engine {
  constructor(readonly socketPath = socketOf()) {}

  /** One API call; JSON in and out unless `raw` is given. Rejects with EngineError on a status >= 400. */
  request(method: string, path: string, body?: unknown, opts: { raw?: Buffer; contentType?: string; timeoutMs?: number } = {}): Promise<{ status: number; text: string }> {
    const payload = opts.raw ?? (body === undefined ? undefined : Buffer.from(JSON.stringify(body)));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          socketPath: this.socketPath,
          method,
          path: API + path,
          headers: payload ? { "Content-Type": opts.contentType ?? "application/json", "Content-Length": payload.length } : {},
          timeout: opts.timeoutMs ?? 120_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status >= 400) reject(new EngineError(status, `${method} ${path}: HTTP ${status}: ${engineMessage(text)}`));
            else resolve({ status, text });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer from the Docker engine within ${(opts.timeoutMs ?? 120_000) / 1000}s`)));
      req.on("error", (err) => reject(new Error(`${method} ${path}: ${err.message} (is the engine running? bash scripts/engines/docker/engine.sh start)`)));
      if (payload) req.write(payload);
      req.end();
    });
  }

  async json<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> {
    const { text } = await this.request(method, path, body, { timeoutMs });
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** The object at `path`, or undefined on 404. */
  async inspect<T>(path: string): Promise<T | undefined> {
    try {
      return await this.json<T>("GET", path);
    } catch (err) {
      if (err instanceof EngineError && err.status === 404) return undefined;
      throw err;
    }
  }

  container(name: string): Promise<ContainerState | undefined> {
    return this.inspect<ContainerState>(`/containers/${encodeURIComponent(name)}/json`);
  }

  /** Removes a container (force: a running one is killed), ignoring one that is already gone. */
  async removeContainer(name: string, graceSeconds?: number): Promise<void> {
    if (graceSeconds) await this.request("POST", `/containers/${encodeURIComponent(name)}/stop?t=${graceSeconds}`).catch(() => undefined);
    try {
      await this.request("DELETE", `/containers/${encodeURIComponent(name)}?force=true&v=true`);
    } catch (err) {
      if (!(err instanceof EngineError && err.status === 404)) throw err;
    }
  }

  /** Last lines of a container's stdout and stderr (the multiplexed log stream decoded). */
  async logs(name: string, tail = 40): Promise<string> {
    const res = await this.requestRaw("GET", `/containers/${encodeURIComponent(name)}/logs?stdout=true&stderr=true&tail=${tail}`);
    return demultiplex(res);
  }

  /** Pulls `ref` (the stream's error line, if any, becomes the rejection). */
  async pull(ref: string, platform?: string): Promise<void> {
    const q = new URLSearchParams({ fromImage: ref, ...(platform ? { platform } : {}) });
    const { text } = await this.request("POST", `/images/create?${q}`, undefined, { timeoutMs: 1_800_000 });
    const error = text
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { error?: string })
      .find((l) => l.error);
    if (error) throw new Error(`pull ${ref}: ${error.error}`);
  }

  private requestRaw(method: string, path: string): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const req = http.request({ socketPath: this.socketPath, method, path: API + path }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => ((res.statusCode ?? 0) >= 400 ? reject(new EngineError(res.statusCode ?? 0, `${method} ${path}: HTTP ${res.statusCode}`)) : resolve(Buffer.concat(chunks))));
      });
      req.on("error", reject);
      req.end();
    });
  }
}

/** The `message` of an engine error body, or the body itself. */
function engineMessage(text: string): string {
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text.trim();
  }
}

/** Decodes Docker's multiplexed stdout/stderr frames (8-byte header: stream, 0, 0, 0, size32). */
export function demultiplex(buf: Buffer): string {
  const out: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buf.length && buf[i] <= 2 && buf[i + 1] === 0) {
    const size = buf.readUInt32BE(i + 4);
    out.push(buf.subarray(i + 8, i + 8 + size));
    i += 8 + size;
  }
  return i === 0 ? buf.toString("utf8") : Buffer.concat(out).toString("utf8");
}
