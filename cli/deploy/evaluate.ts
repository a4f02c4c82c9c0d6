/**
 * Runs the Pulumi program for one stack under the recording mocks the program's tests use (no Pulumi engine is needed:
 * the Node.js language host and the docker provider plugin are not installable here) and returns every declared
 * resource with its final inputs plus the stack outputs. Generated passwords are the random mocks' values.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { load } from "js-yaml";
import { MockHarness } from "../../tests/pulumi/harness";
import { deployProgram } from "../../tests/pulumi/program";
import type { DeclaredResource } from "./plan";

export interface Evaluated {
  readonly resources: DeclaredResource[];
  /** Stack outputs with secret values replaced by "[secret]" (what `pulumi stack output --json` prints). */
  readonly outputs: Record<string, unknown>;
  /** Stack outputs with secrets in the clear (for the 0600 secrets file; never printed). */
  readonly secretOutputs: Record<string, unknown>;
}

/**
 * Config of `Pulumi.<stack>.yaml` as the Pulumi CLI hands it to a program: every value a string, objects as JSON;
 * `overrides` ("lakehouse:key" → value) win, as `pulumi config set` would.
 */
export function stackConfig(projectDir: string, stack: string, overrides: Record<string, string> = {}): Record<string, string> {
  const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`stack "${stack}": ${file} does not exist`);
  const doc = (load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (value && typeof value === "object" && "secure" in value) throw new Error(`${file}: ${key} is an encrypted secret; the mock deployment cannot decrypt it`);
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { ...config, ...overrides };
}

/**
 * Evaluates `stack`'s program. `as` runs it under another stack name with the same config (as
 * `pulumi stack init AS --copy-config-from STACK` would): resources are then named `lakehouse-AS-*`.
 */
export async function evaluateStack(projectDir: string, stack: string, overrides: Record<string, string> = {}, as = stack): Promise<Evaluated> {
  const harness = new MockHarness({ stack: as, config: stackConfig(projectDir, stack, overrides) });
  const outputs = await deployProgram(harness);
  const plain = await resolve(outputs, false);
  const secret = await resolve(outputs, true);
  return {
    resources: harness.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, dependencies: r.dependencies })),
    outputs: plain as Record<string, unknown>,
    secretOutputs: secret as Record<string, unknown>,
  };
}

/** Resolves every Output in a value; secret Outputs become "[secret]" unless `reveal`. */
async function resolve(value: unknown, reveal: boolean): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as pulumi.Output<unknown> & { isSecret: Promise<boolean> };
    const [inner, isSecret] = await Promise.all([new Promise((r) => output.apply(r)), output.isSecret]);
    return isSecret && !reveal ? "[secret]" : resolve(inner, reveal);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolve(v, reveal)));
  if (value && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v, reveal)] as const));
    return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  }
  return value;
}
