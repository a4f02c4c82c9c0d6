/** Stack outputs for users on other machines: the Power BI host they reach, and the UI logins as secrets. */
import * as pulumi from "@pulumi/pulumi";
import { MockHarness, valueOf } from "./harness";
import { deployProgram } from "./program";
import type { LakehouseOutputs } from "../../components/lakehouse";

const h = new MockHarness({
  stack: "dev",
  config: { "lakehouse:bindAddress": "0.0.0.0", "lakehouse:powerBiHost": "lakehouse.corp.example" },
});
let outputs: LakehouseOutputs;

beforeAll(async () => {
  outputs = await deployProgram(h);
});

it("points Power BI and the .pbids file at the configured host, not localhost", () => {
  expect(outputs.powerBi?.server).toBe("http://lakehouse.corp.example:10004/cliservice");
  expect(JSON.parse(outputs.pbids!).connections[0].details.address.server).toBe("http://lakehouse.corp.example:10004/cliservice");
});

it("exports the NiFi, Grafana and Kibana logins as one secret output", async () => {
  await expect(pulumi.isSecret(outputs.logins)).resolves.toBe(true);
  const logins = await valueOf(outputs.logins);
  expect(Object.keys(logins).sort()).toEqual(["grafana", "kibana", "nifi"]);
  expect(logins.grafana.username).toBe("admin");
  expect(logins.kibana.username).toBe("elastic");
  expect(logins.nifi.username).toBe("lakehouse");
  for (const login of Object.values(logins)) expect(h.secretValues).toContain(login.password);
});
