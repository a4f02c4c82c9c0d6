/** Settings that are valid one by one but not together, or outside the namespace, stop the program before any resource exists. */
import { MockHarness } from "./harness";
import { deployProgram } from "./program";

const h = new MockHarness({
  stack: "dev",
  config: {
    "lakehouse:memoryMb": '{"streamingJob": 1024}',
    "ecommerce-insights-lakehouse:sparkWorkers": "2",
  },
});

it("names every problem and creates nothing", async () => {
  await expect(deployProgram(h)).rejects.toThrow(
    "Invalid stack configuration:\n" +
      "  - ecommerce-insights-lakehouse:sparkWorkers: not read by this program; its settings are lakehouse:<key> (did you mean lakehouse:sparkWorkers?)\n" +
      "  - lakehouse:streaming.jobs.driverMemoryMb = 768: expected at most 512 MiB, the streaming job container limit lakehouse:memoryMb.streamingJob = 1024 minus 512 MiB driver overhead",
  );
  expect(h.resources).toEqual([]);
});
