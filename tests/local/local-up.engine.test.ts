/**
 * The project's end-to-end test: `lakehouse local up` on real engines at a tiny scale, then `verify`, the report in
 * headless Chromium, and `down`. Also: Ctrl-C during a run stops what it started.
 */
import { execFile, spawn } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import { checkReportInBrowser } from "../../cli/report/browser";
import { LAKEHOUSE_BIN } from "../../cli/local/proc";
import { isAlive, LocalState } from "../../cli/local/state";

const exec = promisify(execFile);
jest.setTimeout(45 * 60_000);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function readState(runDir: string): LocalState {
  return JSON.parse(fs.readFileSync(path.join(runDir, "state.json"), "utf8")) as LocalState;
}

describe("lakehouse local up (end to end)", () => {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "lakehouse-e2e-"));
  let port = 0;

  afterAll(async () => {
    await exec(LAKEHOUSE_BIN, ["local", "down", "--run-dir", runDir]).catch(() => undefined);
  });

  it("runs every layer, keeps the services, and verify passes", async () => {
    port = await freePort();
    const { stdout } = await exec(
      LAKEHOUSE_BIN,
      ["local", "up", "--scale", "0.002", "--keep", "--run-dir", runDir, "--thrift-port", String(port), "--run-date", "2026-01-15"],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stdout).toContain("Local lakehouse summary");
    expect(stdout).toMatch(/quality: passed/);
    const { stdout: verified } = await exec(LAKEHOUSE_BIN, ["local", "verify", "--run-dir", runDir]);
    expect(verified).toMatch(/all \d+ checks passed/);
    expect(verified).toContain("[gold]");
    expect(verified).toContain("[sources]");
  });

  it("writes a .pbids pointing at the local Thrift Server over HTTP", () => {
    const state = readState(runDir);
    const doc = JSON.parse(fs.readFileSync(state.pbids as string, "utf8"));
    expect(doc.version).toBe("0.1");
    expect(doc.connections[0].details.address.server).toBe(`http://localhost:${port}/cliservice`);
    expect(doc.connections[0].mode).toBe("DirectQuery");
  });

  it("writes a report that opens with no console errors and data in every chart", async () => {
    const state = readState(runDir);
    const result = await checkReportInBrowser(state.report as string, path.join(runDir, "report.png"));
    expect(result.errors).toEqual([]);
    expect(result.charts.length).toBeGreaterThanOrEqual(10);
    for (const chart of result.charts) {
      expect({ id: chart.id, hasData: chart.points > 0 && chart.visible }).toEqual({ id: chart.id, hasData: true });
    }
  });

  it("verify fails, naming the layer, once the services are down", async () => {
    await exec(LAKEHOUSE_BIN, ["local", "down", "--run-dir", runDir]);
    const failed = await exec(LAKEHOUSE_BIN, ["local", "verify", "--run-dir", runDir]).then(
      () => undefined,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/checks failed; first: \[\w+\]/);
  });
});

describe("lakehouse local up interrupted", () => {
  it("stops the services it started when it gets SIGINT", async () => {
    const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "lakehouse-int-"));
    const child = spawn(LAKEHOUSE_BIN, ["local", "up", "--scale", "0.002", "--run-dir", runDir, "--thrift-port", String(await freePort())], {
      stdio: "ignore",
    });
    const deadline = Date.now() + 180_000;
    let state: LocalState | undefined;
    while (Date.now() < deadline) {
      state = fs.existsSync(path.join(runDir, "state.json")) ? readState(runDir) : undefined;
      if (state?.db) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(state?.db).toBeDefined();
    const pgPid = Number(fs.readFileSync(path.join(state!.db!.dataDir, "pgdata", "postmaster.pid"), "utf8").split("\n")[0]);
    expect(isAlive(pgPid)).toBe(true);
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(isAlive(pgPid)).toBe(false);
    expect(readState(runDir).db).toBeUndefined();
  });
});
