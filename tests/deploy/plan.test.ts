/** The deployment plan: resource types, build paths, dependency order, and the whole `dev` program (profile batch). */
import * as path from "path";
import { keyOfUrn, planDeployment, type DeclaredResource, type PlanNode } from "../../cli/deploy/plan";
import { evaluateStack } from "../../cli/deploy/evaluate";

const ROOT = path.resolve(__dirname, "..", "..");
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::lakehouse:index:Lakehouse$${type}::${name}`;
const res = (type: string, name: string, inputs: Record<string, unknown>, deps: string[] = []): DeclaredResource => ({ type, name, inputs, dependencies: deps });
const NET = "docker:index/network:Network";
const CONTAINER = "docker:index/container:Container";
const IMAGE = "docker:index/image:Image";

describe("planDeployment", () => {
  it("keys a URN by its own type and name, whatever its parents", () => {
    expect(keyOfUrn(urn(CONTAINER, "namenode"))).toBe("Container/namenode");
    expect(keyOfUrn("urn:pulumi:dev::p::random:index/randomPassword:RandomPassword::pw")).toBe("random:index/randomPassword:RandomPassword/pw");
  });

  it("orders resources after their dependencies and drops non-docker ones (components, random)", () => {
    const nodes = planDeployment(
      [
        res(CONTAINER, "app", { name: "p-app", image: "i:1" }, [urn(NET, "net"), urn("random:index/randomPassword:RandomPassword", "pw"), urn(CONTAINER, "db")]),
        res(CONTAINER, "db", { name: "p-db", image: "i:1" }, [urn(NET, "net")]),
        res(NET, "net", { name: "p-net", driver: "bridge" }),
        res("random:index/randomPassword:RandomPassword", "pw", { length: 32 }),
        res("lakehouse:index:Lakehouse", "lakehouse", {}),
      ],
      ROOT,
    );
    expect(nodes.map((n) => [n.key, n.after])).toEqual([
      ["Network/net", []],
      ["Container/db", ["Network/net"]],
      ["Container/app", ["Container/db", "Network/net"]],
    ]);
  });

  it("resolves build paths as the provider does: context from the program's directory, dockerfile default inside it", () => {
    const [a] = planDeployment([res(IMAGE, "a", { imageName: "lakehouse/a:1", skipPush: true, build: { context: "components/x", args: { A: "1" }, platform: "linux/amd64" } })], ROOT);
    expect(a.step).toEqual({ kind: "build", tag: "lakehouse/a:1", context: path.join(ROOT, "components/x"), dockerfile: path.join(ROOT, "components/x/Dockerfile"), platform: "linux/amd64", args: { A: "1" } });
    const [b] = planDeployment([res(IMAGE, "b", { imageName: "lakehouse/b:1", skipPush: true, build: { context: "/abs/ctx", dockerfile: "docker/B.Dockerfile" } })], ROOT);
    expect(b.step).toMatchObject({ context: "/abs/ctx", dockerfile: path.join(ROOT, "docker/B.Dockerfile") });
  });

  it.each([
    [res("docker:index/service:Service", "svc", {}), 'resource type docker:index/service:Service ("svc") is not supported by the deploy translator'],
    [res(NET, "n", { name: "n", ipamConfigs: [] }), 'docker.Network "n": input "ipamConfigs" not supported by the deploy translator (supported: name, driver, labels, internal, attachable)'],
    [res(IMAGE, "i", { imageName: "x:1", skipPush: false }), 'docker.Image "i": only skipPush: true is supported (there is no registry to push to)'],
    [res(IMAGE, "i", { imageName: "x:1", skipPush: true, build: { context: ".", cacheFrom: {} } }), 'docker.Image "i": build: input "cacheFrom" not supported'],
  ])("refuses %j", (resource, message) => {
    expect(() => planDeployment([resource], ROOT)).toThrow(message);
  });

  it("names a dependency cycle", () => {
    expect(() =>
      planDeployment([res(CONTAINER, "a", { name: "a", image: "i:1" }, [urn(CONTAINER, "b")]), res(CONTAINER, "b", { name: "b", image: "i:1" }, [urn(CONTAINER, "a")])], ROOT),
    ).toThrow("dependency cycle: Container/a -> Container/b -> Container/a");
  });
});

describe("the dev stack, profile batch, as deployed", () => {
  let nodes: PlanNode[];
  beforeAll(async () => {
    const e = await evaluateStack(ROOT, "dev", { "lakehouse:profile": "batch", "lakehouse:platform": "linux/amd64" });
    nodes = planDeployment(e.resources, ROOT);
  }, 120_000);
  const node = (key: string) => nodes.find((n) => n.key === key)!;

  it("translates every declared docker resource", () => {
    const kinds = nodes.map((n) => n.step.kind);
    expect(kinds.filter((k) => k === "container").length).toBe(16);
    expect(kinds.filter((k) => k === "build").length).toBe(3);
    expect(kinds.filter((k) => k === "network").length).toBe(1);
  });

  it("starts each container after its image, network, volumes and the services it declares", () => {
    expect(node("Container/hive-metastore").after).toEqual(
      expect.arrayContaining(["Container/metastore-db", "Container/namenode", "Container/hdfs-init", "Image/hive-metastore-image", "Network/docker-network"]),
    );
    expect(node("Container/airflow-scheduler").after).toEqual(expect.arrayContaining(["Container/airflow-init", "Container/spark-master", "Container/postgres-sources"]));
    const index = (k: string) => nodes.findIndex((n) => n.key === k);
    for (const n of nodes) for (const d of n.after) expect(index(d)).toBeLessThan(index(n.key));
  });
});
