/** `lakehouse k8s manifests`: recorded kubernetes:* resources become the objects kubectl applies. */
import { manifestFile, manifestsOf, typeToKind } from "../../cli/k8s/manifests";

describe("typeToKind", () => {
  it.each([
    ["kubernetes:core/v1:Service", { apiVersion: "v1", kind: "Service" }],
    ["kubernetes:apps/v1:StatefulSet", { apiVersion: "apps/v1", kind: "StatefulSet" }],
    ["kubernetes:networking.k8s.io/v1:NetworkPolicy", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy" }],
    ["kubernetes:rbac.authorization.k8s.io/v1:Role", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role" }],
    ["kubernetes:policy/v1:PodDisruptionBudget", { apiVersion: "policy/v1", kind: "PodDisruptionBudget" }],
    ["docker:index/container:Container", undefined],
  ])("%s", (type, expected) => expect(typeToKind(type)).toEqual(expected));
});

describe("manifestsOf", () => {
  it("keeps apiVersion, kind, metadata and the kind's fields, drops other resources and empty values", () => {
    const manifests = manifestsOf([
      { type: "random:index/randomPassword:RandomPassword", name: "p", inputs: { length: 8 }, dependencies: [] },
      {
        type: "kubernetes:core/v1:ConfigMap",
        name: "x-files",
        inputs: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x-files", namespace: "ns" }, data: { a: "1" }, binaryData: undefined },
        dependencies: [],
      },
    ]);
    expect(manifests).toEqual([{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x-files", namespace: "ns" }, data: { a: "1" } }]);
    expect(manifestFile(manifests[0], 7)).toBe("007-configmap-ns-x-files.json");
  });
  it("refuses an object without an explicit name (Pulumi would invent one)", () => {
    expect(() => manifestsOf([{ type: "kubernetes:core/v1:Namespace", name: "ns", inputs: { metadata: {} }, dependencies: [] }])).toThrow(
      "kubernetes:core/v1:Namespace ns: metadata.name is not set; every object needs an explicit name",
    );
  });
});
