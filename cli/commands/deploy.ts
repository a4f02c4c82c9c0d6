/** `lakehouse deploy`: the Pulumi program's Docker resources, evaluated under mocks, created on a real Docker engine. */
import { Command, InvalidArgumentError } from "commander";
import * as fs from "fs";
import * as path from "path";
import { stateDir } from "../deploy/paths";
import { down, up } from "../deploy/run";

/** `key=value` of `--config` (a `lakehouse:` prefix is added to bare keys), collected into a map. */
export function configPair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected KEY=VALUE (e.g. lakehouse:profile=batch), got ${value}`);
  const key = value.slice(0, eq);
  return { ...previous, [key.includes(":") ? key : `lakehouse:${key}`]: value.slice(eq + 1) };
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export function register(program: Command): void {
  const group = program
    .command("deploy")
    .description(
      "Deploy the Pulumi program's Docker resources onto the Docker engine of DOCKER_HOST without the Pulumi engine: " +
        "the stack is evaluated under the test mocks (generated passwords are the mocks' values) and every declared " +
        "network, volume, image and container is created as the docker provider would. State, stack outputs and " +
        "(mode 0600) secret outputs are kept in .local/deploy/<stack>/.",
    );

  group
    .command("docker")
    .description("Create or update the stack's resources (a second run with no change changes nothing)")
    .option("--stack <name>", "stack whose Pulumi.<stack>.yaml is read", "dev")
    .option("--as <name>", "deploy the stack's config under another name (resources lakehouse-NAME-*), beside other deployments")
    .option("--profile <name>", "shorthand for --config lakehouse:profile=NAME")
    .option("--config <key=value>", "stack config override, as `pulumi config set` (JSON for objects; repeatable)", configPair, {})
    .option("--replace <name>", "replace this resource even when unchanged (container name or Type/name; repeatable)", collect, [])
    .option("--target <name>", "deploy only this resource and what it depends on (container name or Type/name; repeatable)", collect, [])
    .action(async (opts: { stack: string; as?: string; profile?: string; config: Record<string, string>; replace: string[]; target: string[] }) => {
      const config = { ...opts.config, ...(opts.profile ? { "lakehouse:profile": opts.profile } : {}) };
      const t0 = Date.now();
      const outcomes = await up({ stack: opts.stack, as: opts.as, config, replace: opts.replace, targets: opts.target, log });
      const counts: Record<string, number> = {};
      for (const o of Object.values(outcomes)) counts[o] = (counts[o] ?? 0) + 1;
      process.stdout.write(
        JSON.stringify({ stack: opts.as ?? opts.stack, resources: counts, seconds: Math.round((Date.now() - t0) / 100) / 10, outputs: path.join(stateDir(opts.as ?? opts.stack), "outputs.json") }) + "\n",
      );
    });

  group
    .command("destroy")
    .description("Remove the stack's containers and network (volumes stay unless --volumes; images stay cached)")
    .option("--stack <name>", "deployment to remove (the stack, or the --as name it was deployed under)", "dev")
    .option("--volumes", "also remove the named volumes (all data)", false)
    .action(async (opts: { stack: string; volumes: boolean }) => {
      await down(opts.stack, opts.volumes, log);
    });

  group
    .command("outputs")
    .description("Print the deployed stack's outputs as JSON (secrets shown as [secret], like `pulumi stack output --json`)")
    .option("--stack <name>", "deployment (the stack, or its --as name)", "dev")
    .action((opts: { stack: string }) => {
      const file = path.join(stateDir(opts.stack), "outputs.json");
      if (!fs.existsSync(file)) throw new Error(`stack ${opts.stack}: not deployed (no ${file})`);
      process.stdout.write(fs.readFileSync(file, "utf8"));
    });
}
