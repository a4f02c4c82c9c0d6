/**
 * The only place that reads `pulumi.Config`. Reads every `lakehouse:*` setting, validates it with the schema and
 * returns the frozen typed config; components receive typed args only.
 */
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE, parseConfig, type LakehouseConfig } from "./schema";

export { ConfigError, parseConfig, type LakehouseConfig } from "./schema";
export { images, mavenJars, airflowPythonPackages, sparkPythonPackages } from "./images";

/** Settings read from the stack (also the keys the schema knows; anything else under `lakehouse:` is reported). */
export const SETTING_KEYS = [
  "environment",
  "target",
  "platform",
  "profile",
  "bindAddress",
  "powerBiHost",
  "ports",
  "datanodes",
  "sparkWorkers",
  "sparkWorkerCores",
  "memoryMb",
  "images",
  "retainVolumes",
  "streaming",
  "observability",
  "kubernetes",
] as const;

/** Config values are strings; numbers, booleans and objects arrive as JSON, plain words stay strings. */
export function decodeValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Raw `lakehouse:*` values of the running stack, including keys the schema does not know (to report them). */
export function readRawConfig(all: Record<string, string>): Record<string, unknown> {
  const prefix = `${NAMESPACE}:`;
  return Object.fromEntries(
    Object.entries(all)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), decodeValue(v)]),
  );
}

/** Validated config of the current stack; throws before any resource exists when a value is invalid. */
export function loadConfig(): LakehouseConfig {
  // Touch the namespace through pulumi.Config so a misspelt project namespace is reported by Pulumi itself.
  new pulumi.Config(NAMESPACE);
  const all = pulumi.runtime.allConfig();
  const otherKeys = Object.keys(all).filter((k) => !k.startsWith(`${NAMESPACE}:`));
  return parseConfig(readRawConfig(all), pulumi.getStack(), otherKeys);
}
