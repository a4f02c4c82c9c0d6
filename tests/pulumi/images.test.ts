/** The images the program builds: every Dockerfile ARG gets a build arg and the jobs' runtime dependencies are baked in. */
import * as fs from "fs";
import * as path from "path";
import { airflowImageBuild, hiveImageBuild, jupyterImageBuild, sparkImageBuild } from "../../components/images";
import { cassandraSinkJars, images, jupyterPythonPackages, mavenJars } from "../../stacks/images";

const repo = path.join(__dirname, "..", "..");
const builds = [sparkImageBuild(images), jupyterImageBuild(images), airflowImageBuild(images), hiveImageBuild(images)];
const dockerfile = (b: (typeof builds)[number]) => fs.readFileSync(path.join(b.context, b.dockerfile), "utf8");
/**
 * ARGs of the stages a build runs: Docker's legacy builder builds every stage up to its target in file order (the
 * whole file without one), so those are the stages whose ARGs the build must pass, and no others.
 */
const declaredArgs = (text: string, target?: string) => {
  const stages = text.split(/^(?=FROM\s)/m);
  const end = target === undefined ? stages.length : stages.findIndex((stage) => new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${target}\\s*$`, "im").test(stage.split("\n")[0]));
  if (end < 0) throw new Error(`no stage named ${target}`);
  return stages
    .slice(0, end + 1)
    .flatMap((stage) => [...stage.matchAll(/^ARG\s+(\w+)/gm)].map((m) => m[1]))
    .sort();
};

/** `name==version` runtime dependencies of the jobs package (jobs/pyproject.toml [project].dependencies). */
function jobsDependencies(): Record<string, string> {
  const text = fs.readFileSync(path.join(repo, "jobs", "pyproject.toml"), "utf8");
  const block = /^dependencies = \[([\s\S]*?)^\]/m.exec(text)?.[1] ?? "";
  return Object.fromEntries([...block.matchAll(/^\s*"([\w.-]+)==([\w.]+)"/gm)].map((m) => [m[1], m[2]]));
}

describe("image builds", () => {
  it.each(builds.map((b) => [b.name, b] as const))("%s: every ARG of the Dockerfile is passed, and nothing else", (_name, build) => {
    expect(Object.keys(build.args ?? {}).sort()).toEqual(declaredArgs(dockerfile(build), build.target));
  });

  // Docker 20.10's builders (legacy, and BuildKit's builtin frontend) know neither `ADD --checksum` nor a frontend
  // fetched from a registry; scripts/tests.d/50-images.sh builds these Dockerfiles on such an engine.
  it.each(builds.map((b) => [b.name, b] as const))("%s: builds offline on any builder (no syntax directive, no ADD/COPY flags of newer frontends)", (_name, build) => {
    const text = dockerfile(build);
    expect(text).not.toMatch(/^#\s*syntax\s*=/im);
    expect(text).not.toMatch(/^(ADD|COPY)\b.*--(checksum|chmod|link|parents|exclude)\b/m);
    expect(text).toMatch(/sha256sum --strict -c -/);
  });

  it("the jupyter target installs the notebook pins of jobs/pyproject.toml (what the tests and `lakehouse notebook` run)", () => {
    const text = fs.readFileSync(path.join(repo, "jobs", "pyproject.toml"), "utf8");
    const block = /^notebook = \[([\s\S]*?)^\]/m.exec(text)?.[1] ?? "";
    const pins = Object.fromEntries([...block.matchAll(/^\s*"([\w.-]+)==([\w.]+)"/gm)].map((m) => [m[1], m[2]]));
    for (const [name, version] of Object.entries(jupyterPythonPackages)) expect([name, pins[name]]).toEqual([name, version]);
    const jupyter = jupyterImageBuild(images);
    expect(dockerfile(jupyter)).toMatch(/^FROM lakehouse AS jupyter$/m);
    expect(dockerfile(jupyter)).toContain('"jupyterlab==${JUPYTERLAB_VERSION}" "matplotlib==${MATPLOTLIB_VERSION}"');
  });

  it("bakes every runtime dependency of the jobs package into the Spark image at its pinned version", () => {
    const deps = jobsDependencies();
    expect(deps.pyspark).toBeDefined(); // the parser found the list
    const spark = sparkImageBuild(images);
    const text = dockerfile(spark);
    for (const [name, version] of Object.entries(deps)) {
      if (name === "pyspark") continue; // the Spark distribution itself
      const arg = `${name.toUpperCase().replace(/[-.]/g, "_")}_VERSION`;
      expect([name, spark.args?.[arg]]).toEqual([name, version]);
      expect(text).toContain(`"${name}==\${${arg}}"`);
    }
  });

  it("bakes exactly the runtime jars Maven resolves for the Cassandra sink, and compiles the sink's sources", () => {
    // Built by scripts/setup.d/32-cassandra-sink.sh (part of the setup every test run starts with).
    const built = path.join(repo, ".cache", "cassandra-sink", "jars");
    if (!fs.existsSync(built)) throw new Error(`${built} is missing: run scripts/setup.d/32-cassandra-sink.sh`);
    const resolved = fs.readdirSync(built).filter((f) => f.endsWith(".jar") && f !== "lakehouse-cassandra-sink.jar");
    const baked = cassandraSinkJars.map((key) => mavenJars[key].url.split("/").pop());
    expect(resolved.length).toBeGreaterThan(0);
    expect([...baked].sort()).toEqual([...resolved].sort());
    const spark = sparkImageBuild(images);
    expect(dockerfile(spark)).toContain("COPY cassandra-sink/src/main/java/ /src/");
    expect(fs.existsSync(path.join(spark.context, "cassandra-sink", "src", "main", "java"))).toBe(true);
  });
});
