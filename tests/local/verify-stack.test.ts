import * as http from "http";
import * as net from "net";
import { formatChecks, verifyStack } from "../../cli/local/verify";

describe("local verify --stack (from stack outputs)", () => {
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === "/broken" ? 503 : 200;
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("checks every URL output and names the ones that fail", async () => {
    const checks = await verifyStack({ urls: { grafana: `${base}/`, kibana: `${base}/broken` } });
    expect(checks.map((c) => [c.layer, c.check, c.ok, c.detail])).toEqual([
      ["ui", `grafana answers at ${base}/`, true, "HTTP 200"],
      ["ui", `kibana answers at ${base}/broken`, false, "HTTP 503"],
      ["serving", "powerBi output", false, "the stack has no powerBi.server output"],
    ]);
    expect(formatChecks(checks)).toContain(`✘ [ui] kibana answers at ${base}/broken: HTTP 503`);
  });

  it("fails the Gold checks with the endpoint named when nothing serves HiveServer2 there", async () => {
    const checks = await verifyStack({ urls: {}, powerBi: { server: `${base}/cliservice` } }, 2000);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ layer: "serving", ok: false });
    expect(checks[0].detail).toContain(`HiveServer2 at ${base}/cliservice`);
  });
});
