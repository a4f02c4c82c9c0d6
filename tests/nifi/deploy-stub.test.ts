import { spawn } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { PARAMETERS } from "../../cli/nifi/parameters";
import { TEMPLATES_DIR } from "../../cli/nifi/render";
import { startStub, Stub, StubGroup } from "./nifi-stub";

const PASSWORD = "stub-password-123";
const FLOW = path.join(TEMPLATES_DIR, "ecom-lakehouse.json");
const SHA = createHash("sha256").update(fs.readFileSync(FLOW)).digest("hex");

function deploy(stub: Stub, password = PASSWORD): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? "",
    NIFI_URL: stub.url,
    NIFI_USERNAME: "lakehouse",
    NIFI_PASSWORD: password,
    NIFI_WAIT_SECONDS: "5",
    ...Object.fromEntries(PARAMETERS.map((p) => [p.env, `value-of-${p.env}`])),
  };
  return new Promise((resolve) => {
    const child = spawn("bash", [path.join(TEMPLATES_DIR, "deploy.sh")], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const existing = (comments: string, queued: number): StubGroup => ({ id: "group-old", name: "ECOM_Lakehouse", comments, queued, version: 4 });

describe("deploy.sh against a stand-in of the NiFi REST API", () => {
  let stub: Stub;
  afterEach(async () => stub.close());

  it("uploads a new flow, records its hash, sets parameters, enables services and starts it", async () => {
    stub = await startStub({ password: PASSWORD });
    const r = await deploy(stub);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(stub.uploads).toHaveLength(1);
    expect(stub.uploads[0]).toContain('name="groupName"\r\n\r\nECOM_Lakehouse');
    expect(stub.uploads[0]).toContain(fs.readFileSync(FLOW, "utf8"));
    expect(stub.groups[0].comments).toBe(`from flow\nflow-sha256=${SHA}`);
    expect(stub.parameterUpdates).toEqual([Object.fromEntries(PARAMETERS.map((p) => [p.name, `value-of-${p.env}`]))]);
    expect(stub.calls).toEqual(
      expect.arrayContaining([
        "POST /parameter-contexts/ctx-1/update-requests",
        "PUT /flow/process-groups/group-1/controller-services",
        "PUT /flow/process-groups/group-1",
      ]),
    );
    expect(stub.calls[stub.calls.length - 1]).toBe("GET /process-groups/group-1");
  });

  it("leaves an unchanged group in place and only converges it", async () => {
    stub = await startStub({ password: PASSWORD, groups: [existing(`x\nflow-sha256=${SHA}`, 12)] });
    const r = await deploy(stub);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ECOM_Lakehouse unchanged");
    expect(stub.uploads).toHaveLength(0);
    expect(stub.calls).not.toContain("DELETE /process-groups/group-old");
  });

  it("refuses to replace a changed group whose queues hold FlowFiles", async () => {
    stub = await startStub({ password: PASSWORD, groups: [existing("flow-sha256=older", 7)] });
    const r = await deploy(stub);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      "deploy.sh: group ECOM_Lakehouse changed but holds 7 queued FlowFiles; stop its List processors, let the queues drain, then deploy again",
    );
    expect(stub.uploads).toHaveLength(0);
    expect(stub.calls).not.toContain("DELETE /process-groups/group-old");
  });

  it("replaces a changed, empty group: stop, disable services, delete, upload", async () => {
    stub = await startStub({ password: PASSWORD, groups: [existing("flow-sha256=older", 0)] });
    const r = await deploy(stub);
    expect(r.code).toBe(0);
    const order = ["PUT /flow/process-groups/group-old", "PUT /flow/process-groups/group-old/controller-services", "DELETE /process-groups/group-old"];
    expect(order.map((c) => stub.calls.indexOf(c))).toEqual([...order.map((c) => stub.calls.indexOf(c))].sort((a, b) => a - b));
    expect(stub.calls.indexOf("DELETE /process-groups/group-old")).toBeLessThan(stub.calls.indexOf("POST /process-groups/root-0000/process-groups/upload"));
    expect(stub.groups.map((g) => g.id)).toEqual(["group-1"]);
  });

  it("fails with the HTTP status when the login is refused, without printing the password", async () => {
    stub = await startStub({ password: PASSWORD });
    const r = await deploy(stub, "wrong-password-000");
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("deploy.sh: POST /access/token -> HTTP 401: bad credentials");
    expect(r.stdout + r.stderr).not.toContain("wrong-password-000");
  });

  it("fails when components are invalid after start", async () => {
    stub = await startStub({ password: PASSWORD, invalidCount: 3 });
    const r = await deploy(stub);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe("deploy.sh: ECOM_Lakehouse started but 3 components are invalid; see the NiFi UI bulletins");
  });
});
