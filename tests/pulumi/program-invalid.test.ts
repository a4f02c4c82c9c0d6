/** Invalid stack config stops the program before any resource exists, naming key, value and what is allowed. */
import { MockHarness } from "./harness";
import { deployProgram } from "./program";

const h = new MockHarness({ stack: "dev", config: { "lakehouse:datanodes": "0", "lakehouse:target": "kubernetes" } });

it("throws the promised messages and creates nothing", async () => {
  await expect(deployProgram(h)).rejects.toThrow(
    'Invalid stack configuration:\n  - lakehouse:datanodes = 0: expected an integer from 1 to 20\n' +
      '  - lakehouse:target = "kubernetes": not yet supported (the Kubernetes target comes in a later release); use "docker"',
  );
  expect(h.resources.filter((r) => r.type.startsWith("docker:"))).toEqual([]);
});
