/**
 * Evaluates the dev stack under the mock harness and prints every registered resource (type, name, inputs) as one
 * JSON array. Run with `npx tsx tests/pulumi/render-program.ts` from a checkout's root (Pulumi runs programs from
 * the project directory); tests/pulumi/checkouts.test.ts compares the output of two checkouts.
 */
import { MockHarness } from "./harness";
import { deployProgram } from "./program";

/** Every resource as registered, in registration order. */
export async function renderedResources(h: MockHarness): Promise<{ type: string; name: string; inputs: Record<string, unknown> }[]> {
  await deployProgram(h);
  return h.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs }));
}

if (require.main === module) {
  renderedResources(new MockHarness({ stack: "dev" })).then(
    (resources) => process.stdout.write(`${JSON.stringify(resources)}\n`),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
