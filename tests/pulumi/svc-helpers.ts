/** Helpers for the streaming/observability spec tests: resolve Inputs, check secrecy, fake deployed services. */
import * as pulumi from "@pulumi/pulumi";
import { DeployedService, ServiceSpec } from "../../components/platform/service";
import { PROJECT } from "./harness";

export async function installMocks(): Promise<void> {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    PROJECT,
    "dev",
    false,
  );
}

export function resolve<T>(input: pulumi.Input<T>): Promise<T> {
  return new Promise((ok) => pulumi.output(input).apply((v) => ok(v as T)));
}

export function isSecret(input: pulumi.Input<unknown>): Promise<boolean> {
  return pulumi.isSecret(pulumi.output(input));
}

/** Env of a spec with every value resolved. */
export async function envOf(spec: ServiceSpec): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(spec.env ?? {}).map(async ([k, v]) => [k, await resolve(v)] as const));
  return Object.fromEntries(entries);
}

export async function commandOf(spec: ServiceSpec): Promise<string[]> {
  return Promise.all((spec.command ?? []).map((c) => resolve(c)));
}

export async function filesOf(spec: ServiceSpec): Promise<Record<string, string>> {
  const entries = await Promise.all((spec.files ?? []).map(async (f) => [f.path, await resolve(f.content)] as const));
  return Object.fromEntries(entries);
}

export function deployed(name: string): DeployedService {
  return { name, host: pulumi.output(name), resources: [] };
}

export const PUBLISH = { address: "127.0.0.1" };
