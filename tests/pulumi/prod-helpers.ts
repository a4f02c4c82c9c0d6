/** Resolves a program's outputs as `pulumi stack output --json` prints them: secret Outputs become "[secret]". */
import * as pulumi from "@pulumi/pulumi";
import type { LakehouseOutputs } from "../../components/lakehouse";

export async function plainOutputs(o: LakehouseOutputs): Promise<Record<string, unknown>> {
  return (await resolve(o)) as Record<string, unknown>;
}

async function resolve(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as pulumi.Output<unknown> & { isSecret: Promise<boolean> };
    const [inner, isSecret] = await Promise.all([new Promise((r) => output.apply(r)), output.isSecret]);
    return isSecret ? "[secret]" : resolve(inner);
  }
  if (Array.isArray(value)) return Promise.all(value.map(resolve));
  if (value && typeof value === "object") return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v)])));
  return value;
}
