/** DockerPlatform under mocks: what one service and one one-shot job become on the Docker target. */
import * as pulumi from "@pulumi/pulumi";
import { MockHarness, envOf, uploadsOf } from "./harness";
import { labelsOf } from "./program";
import type { DeployedService, ServiceSpec } from "../../components/platform/service";

const h = new MockHarness({ stack: "dev" });

const healthcheck = { test: ["CMD-SHELL", "true"], intervalSeconds: 10, timeoutSeconds: 5, retries: 12, startPeriodSeconds: 30 };

describe("DockerPlatform", () => {
  let job: DeployedService;
  let db: DeployedService;
  let platform: import("../../components/platform/docker").DockerPlatform;

  beforeAll(async () => {
    await h.install();
    const { DockerPlatform } = await import("../../components/platform/docker");
    platform = new DockerPlatform("platform", { prefix: "lh-dev", platform: "linux/arm64", project: "p" });
    const parent = new pulumi.ComponentResource("test:index:Parent", "parent");
    const secret = pulumi.secret("s3cr3t-value");
    const dbSpec: ServiceSpec = {
      name: "db",
      layer: "storage",
      image: "postgres:18.1",
      env: { POSTGRES_PASSWORD: secret, POSTGRES_USER: "app" },
      ports: [
        { name: "pg", containerPort: 5432, publish: { hostPort: 15432, hostIp: "127.0.0.1" } },
        { name: "private", containerPort: 9999 },
      ],
      volumes: [{ name: "data", mountPath: "/var/lib/postgresql" }],
      files: [{ path: "/etc/filebeat.yml", content: "a: 1\n", mode: 0o600 }],
      healthcheck,
      memoryMb: 512,
      restart: "unless-stopped",
    };
    db = platform.deploy(dbSpec, { parent });
    job = platform.deploy(
      { name: "init", layer: "storage", image: "postgres:18.1", memoryMb: 128, restart: "no", oneShot: true, dependsOn: [db] },
      { parent },
    );
    platform.deploy({ ...dbSpec, name: "after-init", files: undefined, env: undefined, ports: undefined, volumes: undefined, dependsOn: [job] }, { parent });
    const logs = { name: "logs", mountPath: "/var/log/x", shared: true };
    platform.deploy({ ...dbSpec, name: "writer-a", files: undefined, env: undefined, ports: undefined, volumes: [logs] }, { parent });
    platform.deploy(
      {
        ...dbSpec,
        name: "agent",
        layer: "observability",
        files: undefined,
        env: undefined,
        ports: undefined,
        volumes: [{ ...logs, readOnly: true }],
        hostMounts: [{ hostPath: "/sys", mountPath: "/sys", readOnly: true }],
        privileged: true,
      },
      { parent },
    );
    await h.settle();
  });

  it("creates a shared volume once and mounts it in every service that asks, read-only where requested", () => {
    expect(h.ofType("docker:index/volume:Volume").filter((r) => r.inputs.name === "lh-dev-logs")).toHaveLength(1);
    expect(h.container("writer-a").inputs.volumes).toEqual([{ volumeName: "lh-dev-logs", containerPath: "/var/log/x" }]);
    expect(h.container("agent").inputs).toMatchObject({
      privileged: true,
      volumes: [
        { volumeName: "lh-dev-logs", containerPath: "/var/log/x", readOnly: true },
        { hostPath: "/sys", containerPath: "/sys", readOnly: true },
      ],
    });
  });

  it("creates one private network, one volume per state role and one pull per distinct image", () => {
    expect(h.ofType("docker:index/network:Network").map((r) => r.inputs.name)).toEqual(["lh-dev-net"]);
    expect(h.ofType("docker:index/volume:Volume").map((r) => r.inputs.name).sort()).toEqual(["lh-dev-db-data", "lh-dev-logs"]);
    const pulls = h.ofType("docker:index/remoteImage:RemoteImage");
    expect(pulls.map((r) => [r.inputs.name, r.inputs.platform])).toEqual([["postgres:18.1", "linux/arm64"]]);
  });

  it("renders a long-running service with health wait, limits, alias and bound ports", () => {
    const c = h.container("db").inputs;
    expect(c).toMatchObject({
      name: "lh-dev-db",
      image: "postgres:18.1",
      platform: "linux/arm64",
      memory: 512,
      memorySwap: 512,
      restart: "unless-stopped",
      mustRun: true,
      wait: true,
      waitTimeout: 315, // (30 + 12 × (10 + 5)) × 1.5
      networksAdvanced: [{ name: "lh-dev-net", aliases: ["db"] }],
      ports: [{ internal: 5432, external: 15432, ip: "127.0.0.1", protocol: "tcp" }],
      volumes: [{ volumeName: "lh-dev-db-data", containerPath: "/var/lib/postgresql" }],
      healthcheck: { tests: ["CMD-SHELL", "true"], interval: "10s", timeout: "5s", retries: 12, startPeriod: "30s" },
    });
    expect(envOf(h.container("db"))).toEqual({ POSTGRES_PASSWORD: "s3cr3t-value", POSTGRES_USER: "app" });
    expect(uploadsOf(h.container("db"))).toEqual({ "/etc/filebeat.yml": "a: 1\n" });
    expect((c.uploads as { permissions: string }[])[0].permissions).toBe("0600");
    const labels = Object.fromEntries((c.labels as { label: string; value: string }[]).map((l) => [l.label, l.value]));
    expect(labels).toMatchObject({ "lakehouse.layer": "storage", "lakehouse.service": "db", "lakehouse.kind": "service" });
    expect(labels["lakehouse.files-hash"]).toMatch(/^[0-9a-f]{12}$/);
  });

  it("keeps secret env values secret on the wire", () => {
    const raw = h.container("db").raw.envs as Record<string, unknown>;
    expect(JSON.stringify(raw)).toContain("4dabf18193072939515e22adb298388d");
  });

  it("runs one-shot jobs to completion without restarts or health waits", () => {
    expect(h.container("init").inputs).toMatchObject({ restart: "no", mustRun: false, attach: true, wait: false });
  });

  it("makes dependants of a one-shot job carry its checked exit code", () => {
    expect(labelsOf(h.container("after-init"))["lakehouse.after.init"]).toBe("0");
    expect(labelsOf(h.container("db"))["lakehouse.after.init"]).toBeUndefined();
  });

  it("builds images from contexts relative to the repository root, and refuses an absolute one", () => {
    const parent = new pulumi.ComponentResource("test:index:Parent", "image-parent");
    const spec = { name: "x", context: "components/batch/files/spark", dockerfile: "Dockerfile" };
    expect(() => platform.buildImage(spec, { parent })).not.toThrow();
    expect(() => platform.buildImage({ ...spec, context: `${process.cwd()}/components/batch/files/spark` }, { parent })).toThrow(
      `image x: build context ${process.cwd()}/components/batch/files/spark must be relative to the repository root`,
    );
  });

  it("returns the network alias as host", async () => {
    await expect(new Promise((r) => db.host.apply(r))).resolves.toBe("db");
    expect(job.resources).toHaveLength(1);
  });
});
