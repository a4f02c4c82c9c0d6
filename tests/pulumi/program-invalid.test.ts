/** Invalid stack config stops the program before any resource exists, naming key, value and what is allowed. */
import { MockHarness } from "./harness";
import { deployProgram } from "./program";

const h = new MockHarness({
  stack: "prod",
  config: { "lakehouse:datanodes": "0", "lakehouse:target": "kubernetes", "lakehouse:streaming": JSON.stringify({ kafka: { replicationFactor: 3 } }) },
});

it("throws the promised messages and creates nothing", async () => {
  await expect(deployProgram(h)).rejects.toThrow(
    'Invalid stack configuration:\n  - lakehouse:datanodes = 0: expected an integer from 1 to 64',
  );
  expect(h.resources.filter((r) => r.type.startsWith("docker:") || r.type.startsWith("kubernetes:"))).toEqual([]);
});
