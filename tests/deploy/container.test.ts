/**
 * The docker.Container translator, input by input, against the docker provider v5's documented meaning (defaults
 * included), and its refusals.
 */
import { planContainer, KNOWN_INPUTS } from "../../cli/deploy/container";

const base = { name: "lakehouse-dev-x", image: "img:1" };
const plan = (inputs: Record<string, unknown>) => planContainer("x", { ...base, ...inputs }, () => Buffer.from("from-source"));

describe("docker.Container inputs → Engine API", () => {
  it("applies the provider's defaults when only name and image are given", () => {
    const p = plan({});
    expect(p).toEqual({
      name: "lakehouse-dev-x",
      create: {
        Image: "img:1",
        Labels: {},
        HostConfig: {
          Privileged: false,
          Init: false,
          AutoRemove: false,
          ReadonlyRootfs: false,
          RestartPolicy: { Name: "no", MaximumRetryCount: 0 },
          LogConfig: { Type: "" },
        },
      },
      extraNetworks: [],
      uploads: [],
      start: true,
      attach: false,
      mustRun: true,
    });
  });

  it.each([
    ["command", { command: ["bash", "-c", "x"] }, { Cmd: ["bash", "-c", "x"] }],
    ["entrypoints", { entrypoints: ["/bin/sh", "-c"] }, { Entrypoint: ["/bin/sh", "-c"] }],
    ["envs", { envs: ["A=1", "B=x=y"] }, { Env: ["A=1", "B=x=y"] }],
    ["user", { user: "0:0" }, { User: "0:0" }],
    ["hostname", { hostname: "h" }, { Hostname: "h" }],
    ["workingDir", { workingDir: "/w" }, { WorkingDir: "/w" }],
    ["labels", { labels: [{ label: "a", value: "1" }, { label: "b", value: "2" }] }, { Labels: { a: "1", b: "2" } }],
    ["stopSignal/stopTimeout", { stopSignal: "SIGINT", stopTimeout: 30 }, { StopSignal: "SIGINT", StopTimeout: 30 }],
  ])("%s", (_name, inputs, expected) => {
    expect(plan(inputs).create).toMatchObject(expected);
  });

  it.each([
    ["memory and memorySwap in MiB", { memory: 512, memorySwap: 512 }, { Memory: 512 * 1048576, MemorySwap: 512 * 1048576 }],
    ["memorySwap -1 (unlimited swap) passes through", { memory: 256, memorySwap: -1 }, { Memory: 256 * 1048576, MemorySwap: -1 }],
    ["cpus as NanoCpus", { cpus: "1.5" }, { NanoCpus: 1_500_000_000 }],
    ["shmSize in MiB", { shmSize: 64 }, { ShmSize: 64 * 1048576 }],
    ["privileged", { privileged: true }, { Privileged: true }],
    ["init", { init: true }, { Init: true }],
    ["rm", { rm: true }, { AutoRemove: true }],
    ["readOnly", { readOnly: true }, { ReadonlyRootfs: true }],
    ["restart with maxRetryCount", { restart: "on-failure", maxRetryCount: 3 }, { RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 } }],
    ["restart unless-stopped", { restart: "unless-stopped" }, { RestartPolicy: { Name: "unless-stopped", MaximumRetryCount: 0 } }],
    ["logDriver and logOpts", { logDriver: "json-file", logOpts: { "max-size": "10m" } }, { LogConfig: { Type: "json-file", Config: { "max-size": "10m" } } }],
  ])("%s", (_name, inputs, expected) => {
    expect(plan(inputs).create.HostConfig).toMatchObject(expected);
  });

  it("publishes ports on the declared address, tcp by default; no external port lets Docker choose; no ip means 0.0.0.0", () => {
    const p = plan({
      ports: [
        { internal: 10004, external: 15004, ip: "127.0.0.1", protocol: "tcp" },
        { internal: 53, external: 5353, ip: "127.0.0.1", protocol: "udp" },
        { internal: 80 },
      ],
    });
    expect(p.create.ExposedPorts).toEqual({ "10004/tcp": {}, "53/udp": {}, "80/tcp": {} });
    expect(p.create.HostConfig.PortBindings).toEqual({
      "10004/tcp": [{ HostIp: "127.0.0.1", HostPort: "15004" }],
      "53/udp": [{ HostIp: "127.0.0.1", HostPort: "5353" }],
      "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "" }],
    });
  });

  it("binds named volumes, host paths (which win over a volume name), read-only, volumes of another container and anonymous volumes", () => {
    const p = plan({
      volumes: [
        { volumeName: "lakehouse-dev-pg", containerPath: "/var/lib/postgresql" },
        { volumeName: "ignored", hostPath: "/etc/x", containerPath: "/x", readOnly: true },
        { fromContainer: "other" },
        { containerPath: "/scratch" },
      ],
    });
    expect(p.create.HostConfig.Binds).toEqual(["lakehouse-dev-pg:/var/lib/postgresql", "/etc/x:/x:ro"]);
    expect(p.create.HostConfig.VolumesFrom).toEqual(["other"]);
    expect(p.create.Volumes).toEqual({ "/scratch": {} });
  });

  it("translates mounts", () => {
    const p = plan({ mounts: [{ type: "volume", source: "v", target: "/data" }, { type: "tmpfs", target: "/tmp", readOnly: false }] });
    expect(p.create.HostConfig.Mounts).toEqual([
      { Type: "volume", Source: "v", Target: "/data", ReadOnly: false },
      { Type: "tmpfs", Target: "/tmp", ReadOnly: false },
    ]);
  });

  it("joins the first network (with its aliases) at create time and the others afterwards", () => {
    const p = plan({ networksAdvanced: [{ name: "net-a", aliases: ["namenode"] }, { name: "net-b" }] });
    expect(p.create.HostConfig.NetworkMode).toBe("net-a");
    expect(p.create.NetworkingConfig).toEqual({ EndpointsConfig: { "net-a": { Aliases: ["namenode"] } } });
    expect(p.extraNetworks).toEqual([{ name: "net-b", aliases: [] }]);
  });

  it("converts the healthcheck's Go durations to nanoseconds", () => {
    const p = plan({ healthcheck: { tests: ["CMD-SHELL", "pg_isready"], interval: "15s", timeout: "1m30s", startPeriod: "500ms", retries: 20 } });
    expect(p.create.Healthcheck).toEqual({ Test: ["CMD-SHELL", "pg_isready"], Interval: 15e9, Timeout: 90e9, StartPeriod: 5e8, Retries: 20 });
  });

  it("waits for health only with wait, for waitTimeout seconds (default 60)", () => {
    const hc = { tests: ["CMD", "true"] };
    expect(plan({ healthcheck: hc, wait: true }).waitHealthySeconds).toBe(60);
    expect(plan({ healthcheck: hc, wait: true, waitTimeout: 840 }).waitHealthySeconds).toBe(840);
    expect(plan({ healthcheck: hc, wait: false, waitTimeout: 840 }).waitHealthySeconds).toBeUndefined();
  });

  it("runs one-shot jobs attached, without mustRun", () => {
    expect(plan({ attach: true, mustRun: false, start: true })).toMatchObject({ attach: true, mustRun: false, start: true });
    expect(plan({ start: false }).start).toBe(false);
  });

  it("uploads content, base64 content and source files with the declared mode (permissions > executable > 0644), as root", () => {
    const p = plan({
      uploads: [
        { file: "/opt/a.conf", content: "a=1\n", permissions: "0640" },
        { file: "/opt/b.bin", contentBase64: Buffer.from([0, 255]).toString("base64"), executable: true },
        { file: "/opt/c.txt", source: "/somewhere", owner: "185", group: "185" },
        { file: "/opt/d.sh", content: "x", executable: true, permissions: "0755" },
      ],
    });
    expect(p.uploads).toEqual([
      { path: "/opt/a.conf", content: Buffer.from("a=1\n"), mode: 0o640, uid: 0, gid: 0 },
      { path: "/opt/b.bin", content: Buffer.from([0, 255]), mode: 0o744, uid: 0, gid: 0 },
      { path: "/opt/c.txt", content: Buffer.from("from-source"), mode: 0o644, uid: 185, gid: 185 },
      { path: "/opt/d.sh", content: Buffer.from("x"), mode: 0o755, uid: 0, gid: 0 },
    ]);
  });

  it("uses the declared platform for the create call", () => {
    expect(plan({ platform: "linux/amd64" }).platform).toBe("linux/amd64");
  });
});

describe("docker.Container inputs the translator refuses", () => {
  it.each([
    [{ gpus: "all" }, 'docker.Container "x": input "gpus" not supported by the deploy translator (supported: ' + KNOWN_INPUTS.join(", ") + ")"],
    [{ ports: [{ internal: 1, hostIp: "x" }] }, 'docker.Container "x": ports[0].hostIp not supported by the deploy translator (supported: internal, external, ip, protocol)'],
    [{ uploads: [{ file: "/a", content: "x", contentBase64: "eA==" }] }, 'docker.Container "x": uploads[0] (/a): exactly one of content, contentBase64, source must be set'],
    [{ uploads: [{ file: "/a" }] }, 'docker.Container "x": uploads[0] (/a): exactly one of content, contentBase64, source must be set'],
    [{ uploads: [{ file: "a", content: "x" }] }, 'docker.Container "x": uploads[0].file must be an absolute path'],
    [{ uploads: [{ file: "/a", content: "x", permissions: "rw" }] }, 'docker.Container "x": uploads[0].permissions "rw" must be an octal mode such as "0644"'],
    [{ uploads: [{ file: "/a", content: "x", owner: "spark" }] }, 'docker.Container "x": uploads[0].owner "spark": only numeric ids are supported'],
    [{ restart: "sometimes" }, 'docker.Container "x": restart "sometimes" is not one of no, on-failure, always, unless-stopped'],
    [{ command: ["a", ""] }, 'docker.Container "x": values for command may not be empty'],
    [{ wait: true }, 'docker.Container "x": "wait" needs a healthcheck (the provider refuses it too)'],
    [{ healthcheck: { tests: ["CMD", "true"], interval: "15" } }, 'docker.Container "x": healthcheck.interval: "15" is not a duration (expected a number with a unit ns, us, ms, s, m or h, e.g. "15s")'],
    [{ memory: "512" }, 'docker.Container "x": "memory" must be a number, got "512"'],
    [{ cpus: "-1" }, 'docker.Container "x": cpus "-1" must be a positive decimal number such as "1.5"'],
    [{ name: undefined }, 'docker.Container "x": "name" is required (containers are matched by name on redeploy)'],
  ])("%j", (inputs, message) => {
    expect(() => plan(inputs)).toThrow(message);
  });
});
