/**
 * A stand-in for the few NiFi 2 REST endpoints deploy.sh calls, answering with the documented entity shapes, so the
 * script's decisions (upload, skip unchanged, refuse to replace a group holding data, replace an empty one) and its
 * error handling run for real. It records every call; it is not a NiFi: flows are not executed.
 */
import * as http from "http";
import { AddressInfo } from "net";

export interface StubGroup {
  id: string;
  name: string;
  comments: string;
  queued: number;
  version: number;
}

export interface Stub {
  readonly url: string;
  readonly calls: string[];
  readonly uploads: string[];
  /** Parameters (name -> value) of each parameter-context update request. */
  readonly parameterUpdates: Record<string, string>[];
  readonly groups: StubGroup[];
  close(): Promise<void>;
}

const ROOT = "root-0000";

export async function startStub(opts: { password: string; groups?: StubGroup[]; invalidCount?: number }): Promise<Stub> {
  const calls: string[] = [];
  const uploads: string[] = [];
  const parameterUpdates: Record<string, string>[] = [];
  const groups: StubGroup[] = [...(opts.groups ?? [])];
  let serviceState = "DISABLED";
  const entity = (g: StubGroup) => ({
    id: g.id,
    revision: { version: g.version },
    invalidCount: opts.invalidCount ?? 0,
    component: { id: g.id, name: g.name, comments: g.comments, parameterContext: { id: "ctx-1" } },
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "").replace(/^\/nifi-api/, "").replace(/\?.*$/, "");
      calls.push(`${req.method} ${path}`);
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { "Content-Type": typeof payload === "string" ? "text/plain" : "application/json" });
        res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
      };
      const authed = req.headers.authorization === "Bearer stub-token";
      const group = groups.find((g) => path.includes(g.id));
      if (req.method === "POST" && path === "/access/token") {
        return new URLSearchParams(body).get("password") === opts.password ? send(201, "stub-token") : send(401, "bad credentials");
      }
      if (!authed) return send(401, "no token");
      if (path === "/flow/process-groups/root") return send(200, { processGroupFlow: { id: ROOT } });
      if (path === `/process-groups/${ROOT}/process-groups`) return send(200, { processGroups: groups.map(entity) });
      if (path === `/process-groups/${ROOT}/process-groups/upload`) {
        uploads.push(body);
        const name = /name="groupName"\r\n\r\n([^\r]*)/.exec(body)?.[1] ?? "?";
        const g = { id: `group-${groups.length + 1}`, name, comments: "from flow", queued: 0, version: 0 };
        groups.push(g);
        return send(201, entity(g));
      }
      if (path.endsWith("/status") && group) {
        return send(200, { processGroupStatus: { aggregateSnapshot: { flowFilesQueued: group.queued } } });
      }
      if (path.endsWith("/controller-services") && req.method === "PUT") {
        serviceState = JSON.parse(body).state;
        return send(200, {});
      }
      if (path.endsWith("/controller-services")) {
        return send(200, { controllerServices: [{ component: { name: "Kafka", state: serviceState, validationErrors: [] } }] });
      }
      if (path.startsWith("/flow/process-groups/") && req.method === "PUT") return send(200, {});
      if (path.startsWith("/process-groups/") && group) {
        if (req.method === "DELETE") groups.splice(groups.indexOf(group), 1);
        if (req.method === "PUT") Object.assign(group, { comments: JSON.parse(body).component.comments, version: group.version + 1 });
        return send(200, entity(group));
      }
      if (path === "/parameter-contexts/ctx-1") return send(200, { id: "ctx-1", revision: { version: 3 } });
      if (path === "/parameter-contexts/ctx-1/update-requests") {
        const params = JSON.parse(body).component.parameters as { parameter: { name: string; value: string } }[];
        parameterUpdates.push(Object.fromEntries(params.map((p) => [p.parameter.name, p.parameter.value])));
        return send(200, { request: { requestId: "req-1", complete: false } });
      }
      if (path === "/parameter-contexts/ctx-1/update-requests/req-1") return send(200, { request: { requestId: "req-1", complete: true } });
      return send(404, `stub: no route for ${req.method} ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    uploads,
    parameterUpdates,
    groups,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
