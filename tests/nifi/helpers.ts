/** Shared fixtures for the NiFi flow tests: the committed flows, the catalog, and a mutable copy. */
import * as fs from "fs";
import * as path from "path";
import { Catalog, loadCatalog } from "../../cli/nifi/catalog";
import { indexFlow } from "../../cli/nifi/graph";
import { FlowSnapshot, Processor } from "../../cli/nifi/model";
import { TEMPLATES_DIR } from "../../cli/nifi/render";

export const committedFlowFiles = (): string[] =>
  fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith(".json")).map((f) => path.join(TEMPLATES_DIR, f));

export const readFlow = (file: string): FlowSnapshot => JSON.parse(fs.readFileSync(file, "utf8")) as FlowSnapshot;

let cached: Catalog | undefined;
export const catalog = (): Catalog => (cached ??= loadCatalog());

/** A deep copy of the committed flow, so a test can break it. */
export const mutableFlow = (): FlowSnapshot => readFlow(path.join(TEMPLATES_DIR, "ecom-lakehouse.json"));

/** The (mutable) processor of a copy, found by group path suffix and name. */
export function processorIn(flow: FlowSnapshot, groupSuffix: string, name: string): Processor {
  const found = indexFlow(flow).processors.find((p) => p.path.endsWith(groupSuffix) && p.item.name === name);
  if (!found) throw new Error(`no processor "${name}" in a group ending ${groupSuffix}`);
  return found.item;
}
