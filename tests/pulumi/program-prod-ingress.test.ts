/** The prod stack with the Power BI endpoint behind an Ingress instead of a LoadBalancer, under mocks. */
import * as path from "path";
import { MockHarness } from "./harness";
import { deployProgram } from "./program";
import { plainOutputs } from "./prod-helpers";
import { stackConfig } from "../../cli/deploy/evaluate";

const config = stackConfig(path.resolve(__dirname, "..", ".."), "prod", {
  "lakehouse:kubernetes": JSON.stringify({ registry: "registry.example.com/lakehouse", powerBi: { expose: "ingress", ingressClass: "nginx" } }),
});
const h = new MockHarness({ stack: "prod", config });
let outputs: Record<string, unknown> = {};

beforeAll(async () => {
  outputs = await plainOutputs(await deployProgram(h));
}, 120_000);

it("routes the Power BI host to the Thrift Service through an Ingress of the configured class", () => {
  const ingresses = h.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress");
  expect(ingresses.map((r) => r.inputs.spec)).toEqual([
    {
      ingressClassName: "nginx",
      rules: [{ host: "bi.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "spark-thrift", port: { number: 10004 } } } }] } }],
    },
  ]);
  expect(h.resources.filter((r) => r.type === "kubernetes:core/v1:Service" && (r.inputs.spec as { type?: string }).type === "LoadBalancer")).toEqual([]);
});

it("gives Power BI port 80 of the Ingress, and the defaults for unset keys of the slice", () => {
  expect(outputs.powerBi).toMatchObject({ server: "http://bi.example.com:80/cliservice" });
  const datanode = h.resources.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && r.name === "datanode")!;
  const claim = (datanode.inputs.spec as { volumeClaimTemplates: { spec: Record<string, unknown> }[] }).volumeClaimTemplates[0].spec;
  expect(claim).toEqual({ accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } } });
});
