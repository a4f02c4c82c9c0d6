/** Renders the committed flow-definition files of nifi-templates/ from the generator, and checks them. */
import * as fs from "fs";
import * as path from "path";
import { ecomLakehouseFlow, FLOW_FILE } from "./flows";

export const TEMPLATES_DIR = path.resolve(__dirname, "..", "..", "nifi-templates");

/** File name -> exact file text (two-space JSON, trailing newline). */
export function renderFlows(): Map<string, string> {
  return new Map([[FLOW_FILE, JSON.stringify(ecomLakehouseFlow(), null, 2) + "\n"]]);
}

/** Names of committed files that differ from (or are missing in) a fresh render, plus stale extra flow files. */
export function staleFlowFiles(dir: string = TEMPLATES_DIR): string[] {
  const rendered = renderFlows();
  const stale = [...rendered].filter(([file, text]) => {
    const p = path.join(dir, file);
    return !fs.existsSync(p) || fs.readFileSync(p, "utf8") !== text;
  });
  const extra = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json") && !rendered.has(f)) : [];
  return [...stale.map(([file]) => file), ...extra];
}

export function writeFlows(dir: string = TEMPLATES_DIR): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [file, text] of renderFlows()) {
    fs.writeFileSync(path.join(dir, file), text);
    written.push(path.join(dir, file));
  }
  return written;
}
