/**
 * The deployer against the real Docker engine (DOCKER_HOST; scripts/tests.d/50-images.sh starts it): a small
 * declared graph of the same shapes the program declares (network with aliases, named volume, one-shot job with
 * uploads, a healthchecked service waited for, a published loopback port), then a no-op redeploy, a replace that keeps
 * the volume's data, a failing job, and destroy.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { deploy, destroy, type DeployState } from "../../cli/deploy/apply";
import { Engine } from "../../cli/deploy/engine";
import { planDeployment, type DeclaredResource } from "../../cli/deploy/plan";

const BASE = process.env.LAKEHOUSE_TEST_BASE_IMAGE ?? "local/debian:bookworm";
const P = `deploytest-${process.pid}`;
const urn = (type: string, name: string) => `urn:pulumi:t::p::${type}::${name}`;
const T = { net: "docker:index/network:Network", vol: "docker:index/volume:Volume", img: "docker:index/remoteImage:RemoteImage", c: "docker:index/container:Container" };
const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function program(port: number, jobText: string, serviceEnv = "MODE=a"): DeclaredResource[] {
  const deps = [urn(T.net, "net"), urn(T.img, "base"), urn(T.vol, "data")];
  return [
    { type: T.net, name: "net", inputs: { name: `${P}-net`, driver: "bridge", labels: [{ label: "lakehouse.test", value: P }] }, dependencies: [] },
    { type: T.vol, name: "data", inputs: { name: `${P}-data` }, dependencies: [] },
    { type: T.img, name: "base", inputs: { name: BASE, keepLocally: true }, dependencies: [] },
    {
      type: T.c,
      name: "job",
      inputs: {
        name: `${P}-job`,
        image: BASE,
        attach: true,
        mustRun: false,
        restart: "no",
        command: ["sh", "-c", "cat /opt/job/in.txt >> /data/out.txt && stat -c '%a %u' /opt/job/in.txt /opt/job/run.sh > /data/modes.txt"],
        uploads: [
          { file: "/opt/job/in.txt", content: jobText, permissions: "0640" },
          { file: "/opt/job/run.sh", content: "#!/bin/sh\n", executable: true },
        ],
        volumes: [{ volumeName: `${P}-data`, containerPath: "/data" }],
        networksAdvanced: [{ name: `${P}-net`, aliases: ["job"] }],
      },
      dependencies: deps,
    },
    {
      type: T.c,
      name: "svc",
      inputs: {
        name: `${P}-svc`,
        image: BASE,
        envs: [serviceEnv],
        command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep infinity"],
        healthcheck: { tests: ["CMD-SHELL", "test -f /tmp/ready"], interval: "1s", timeout: "1s", retries: 30, startPeriod: "0s" },
        wait: true,
        waitTimeout: 60,
        mustRun: true,
        restart: "unless-stopped",
        memory: 64,
        memorySwap: 64,
        ports: [{ internal: 8000, external: port, ip: "127.0.0.1", protocol: "tcp" }],
        volumes: [{ volumeName: `${P}-data`, containerPath: "/data", readOnly: true }],
        networksAdvanced: [{ name: `${P}-net`, aliases: ["svc"] }],
      },
      dependencies: [...deps, urn(T.c, "job")],
    },
  ];
}

describe("deploy onto the Docker engine", () => {
  const engine = new Engine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-apply-"));
  let state: DeployState = { stack: P, resources: {} };
  const opts = {
    build: () => Promise.reject(new Error("no builds here")),
    log: () => undefined,
    save: (s: DeployState) => {
      state = s;
    },
  };
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    await destroy(engine, state, { volumes: true, log: () => undefined, save: () => undefined }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("creates the declared resources: job ran with its uploads, service healthy with its limit, port and alias", async () => {
    const outcomes = await deploy(planDeployment(program(port, "one\n"), dir), engine, state, opts);
    expect(outcomes).toEqual({ "Network/net": "created", "Volume/data": "created", "RemoteImage/base": "unchanged", "Container/job": "created", "Container/svc": "created" });
    expect(docker("exec", `${P}-svc`, "cat", "/data/out.txt", "/data/modes.txt")).toBe("one\n640 0\n744 0");
    const inspect = JSON.parse(docker("inspect", `${P}-svc`))[0];
    expect(inspect.State.Health.Status).toBe("healthy");
    expect(inspect.HostConfig.Memory).toBe(64 * 1024 * 1024);
    expect(inspect.HostConfig.RestartPolicy.Name).toBe("unless-stopped");
    expect(inspect.HostConfig.PortBindings).toEqual({ "8000/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] });
    expect(inspect.NetworkSettings.Networks[`${P}-net`].Aliases).toContain("svc");
    expect(Object.keys(inspect.NetworkSettings.Networks)).toEqual([`${P}-net`]);
    expect(docker("exec", `${P}-svc`, "getent", "hosts", "svc")).toMatch(/^\d+\.\d+\.\d+\.\d+\s+svc/);
  }, 120_000);

  it("changes nothing when deployed again with the same inputs", async () => {
    const id = docker("inspect", "-f", "{{.Id}}", `${P}-svc`);
    const outcomes = await deploy(planDeployment(program(port, "one\n"), dir), engine, state, opts);
    expect(new Set(Object.values(outcomes))).toEqual(new Set(["unchanged"]));
    expect(docker("inspect", "-f", "{{.Id}}", `${P}-svc`)).toBe(id);
  }, 120_000);

  it("replaces only the changed container; the volume keeps its data", async () => {
    const outcomes = await deploy(planDeployment(program(port, "one\n", "MODE=b"), dir), engine, state, opts);
    expect(outcomes["Container/svc"]).toBe("replaced");
    expect(outcomes["Container/job"]).toBe("unchanged");
    expect(docker("exec", `${P}-svc`, "sh", "-c", "echo $MODE; cat /data/out.txt")).toBe("b\none");
  }, 120_000);

  it("fails naming the job and its exit code when a one-shot job fails, and leaves dependants alone", async () => {
    const broken = program(port, "two\n", "MODE=c");
    (broken[3].inputs.command as string[])[2] = "echo boom >&2; exit 3";
    await expect(deploy(planDeployment(broken, dir), engine, state, opts)).rejects.toThrow(
      new RegExp(`Container/job: one-shot container ${P}-job exited with code 3; its last lines:\\nboom`),
    );
    expect(docker("inspect", "-f", "{{.Config.Env}}", `${P}-svc`)).toContain("MODE=b");
  }, 120_000);

  it("refuses to take over a container of a declared name that it did not create, and leaves it alone", async () => {
    const other = `${P}-other`;
    docker("run", "-d", "--name", other, BASE, "sleep", "300");
    try {
      const foreign: DeclaredResource[] = [{ type: T.c, name: "other", inputs: { name: other, image: BASE }, dependencies: [] }];
      await expect(deploy(planDeployment(foreign, dir), engine, state, opts)).rejects.toThrow(
        `Container/other: container ${other} already exists but this deployment did not create it; remove it, or deploy under another name (--as NAME)`,
      );
      expect(docker("inspect", "-f", "{{.State.Running}}", other)).toBe("true");
    } finally {
      docker("rm", "-f", other);
    }
  }, 120_000);

  it("destroys containers and the network, keeps the volume unless asked", async () => {
    await destroy(engine, state, { volumes: false, log: () => undefined, save: opts.save });
    expect(docker("ps", "-a", "--filter", `name=${P}-`, "--format", "{{.Names}}")).toBe("");
    expect(docker("network", "ls", "--filter", `name=${P}-net`, "--format", "{{.Name}}")).toBe("");
    expect(docker("volume", "ls", "--filter", `name=${P}-data`, "--format", "{{.Name}}")).toBe(`${P}-data`);
    await destroy(engine, state, { volumes: true, log: () => undefined, save: opts.save });
    expect(docker("volume", "ls", "--filter", `name=${P}-data`, "--format", "{{.Name}}")).toBe("");
  }, 120_000);
});
