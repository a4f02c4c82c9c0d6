/** Shared setup of the whole-program tests: deploy the Lakehouse under mocks for one raw stack config. */
import type { MockHarness, RecordedResource } from "./harness";
import type { LakehouseOutputs } from "../../components/lakehouse";

export const CONTAINER = "docker:index/container:Container";

/** Builds the program with config read through `pulumi.Config` (as `index.ts` does) and waits for all resources. */
export async function deployProgram(h: MockHarness): Promise<LakehouseOutputs> {
  await h.install();
  const { loadConfig } = await import("../../stacks");
  const { Lakehouse } = await import("../../components/lakehouse");
  const lakehouse = new Lakehouse("lakehouse", { config: loadConfig() });
  await h.settle();
  return lakehouse.outputs;
}

export function labelsOf(r: RecordedResource): Record<string, string> {
  return Object.fromEntries(((r.inputs.labels as { label: string; value: string }[]) ?? []).map((l) => [l.label, l.value]));
}

export function containerNames(h: MockHarness): string[] {
  return h.containers().map((c) => c.name).sort();
}
