/** `lakehouse k8s manifests`: the Kubernetes objects a stack declares, as JSON manifests for kubectl. */
import { Command } from "commander";
import * as path from "path";
import { evaluateStack } from "../deploy/evaluate";
import { manifestsOf, writeManifests } from "../k8s/manifests";
import { configPair } from "./deploy";

export function register(program: Command): void {
  const group = program.command("k8s").description("Kubernetes target tooling (the stack is evaluated under the test mocks; no cluster is contacted)");
  group
    .command("manifests")
    .description(
      "Write every Kubernetes object the stack declares, with its final inputs, as one JSON manifest per object " +
        "(apiVersion, kind, metadata, spec as kubectl expects) into DIR; apply them with `kubectl apply -f DIR`. " +
        "Secrets hold the mocks' generated values, so the files are written 0600.",
    )
    .option("--stack <name>", "stack whose Pulumi.<stack>.yaml is read", "prod")
    .option("--config <key=value>", "stack config override, as `pulumi config set` (JSON for objects; repeatable)", configPair, {})
    .requiredOption("--out <dir>", "folder for the manifests (its *.json files are replaced)")
    .action(async (opts: { stack: string; config: Record<string, string>; out: string }) => {
      const evaluated = await evaluateStack(process.cwd(), opts.stack, opts.config);
      const manifests = manifestsOf(evaluated.resources);
      if (manifests.length === 0) throw new Error(`stack ${opts.stack}: declares no Kubernetes objects (is lakehouse:target kubernetes?)`);
      const files = writeManifests(path.resolve(opts.out), manifests);
      const kinds: Record<string, number> = {};
      for (const m of manifests) kinds[m.kind] = (kinds[m.kind] ?? 0) + 1;
      process.stdout.write(`${JSON.stringify({ stack: opts.stack, out: path.resolve(opts.out), objects: files.length, kinds })}\n`);
    });
}
