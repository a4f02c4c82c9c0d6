/** `lakehouse nifi`: render the NiFi flow definitions of nifi-templates/ from contracts/, and validate them. */
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { loadCatalog } from "../nifi/catalog";
import { FlowSnapshot } from "../nifi/model";
import { staleFlowFiles, TEMPLATES_DIR, writeFlows } from "../nifi/render";
import { validateFlow } from "../nifi/validate";

export function register(program: Command): void {
  const nifi = program.command("nifi").description("NiFi 2 flow definitions (nifi-templates/): render from contracts/ and validate");

  nifi
    .command("render")
    .description("Write nifi-templates/*.json from the generator (cli/nifi/flows.ts); --check only reports stale files")
    .option("--check", "exit 1 if a committed file differs from a fresh render")
    .action((opts: { check?: boolean }) => {
      if (opts.check) {
        const stale = staleFlowFiles();
        if (stale.length) throw new Error(`stale flow definitions (run \`lakehouse nifi render\`): ${stale.join(", ")}`);
        process.stdout.write("nifi-templates: up to date\n");
        return;
      }
      for (const file of writeFlows()) process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    });

  nifi
    .command("validate")
    .description("Check every flow against the NiFi catalog (real jars in ~/.m2 where present) and the contracts")
    .argument("[files...]", "flow definitions (default: nifi-templates/*.json)")
    .action((files: string[]) => {
      const catalog = loadCatalog();
      const targets = files.length ? files : fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith(".json")).map((f) => path.join(TEMPLATES_DIR, f));
      for (const e of catalog.entries.values()) process.stdout.write(`catalog: ${e.type} from ${e.nar} (${e.evidence})\n`);
      let failed = 0;
      for (const file of targets) {
        const errors = validateFlow(JSON.parse(fs.readFileSync(file, "utf8")) as FlowSnapshot, catalog);
        errors.forEach((e) => process.stderr.write(`${file}: ${e}\n`));
        process.stdout.write(`${file}: ${errors.length ? `${errors.length} problems` : "ok"}\n`);
        failed += errors.length;
      }
      if (failed) throw new Error(`${failed} problems in NiFi flow definitions`);
    });
}
