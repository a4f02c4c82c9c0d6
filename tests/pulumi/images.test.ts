/** The images the program builds: every Dockerfile ARG gets a build arg and the jobs' runtime dependencies are baked in. */
import * as fs from "fs";
import * as path from "path";
import { airflowImageBuild, hiveImageBuild, sparkImageBuild } from "../../components/images";
import { images } from "../../stacks/images";

const repo = path.join(__dirname, "..", "..");
const builds = [sparkImageBuild(images), airflowImageBuild(images), hiveImageBuild(images)];
const dockerfile = (b: (typeof builds)[number]) => fs.readFileSync(path.join(b.context, b.dockerfile), "utf8");
const declaredArgs = (text: string) => [...text.matchAll(/^ARG\s+(\w+)/gm)].map((m) => m[1]).sort();

/** `name==version` runtime dependencies of the jobs package (jobs/pyproject.toml [project].dependencies). */
function jobsDependencies(): Record<string, string> {
  const text = fs.readFileSync(path.join(repo, "jobs", "pyproject.toml"), "utf8");
  const block = /^dependencies = \[([\s\S]*?)^\]/m.exec(text)?.[1] ?? "";
  return Object.fromEntries([...block.matchAll(/^\s*"([\w.-]+)==([\w.]+)"/gm)].map((m) => [m[1], m[2]]));
}

describe("image builds", () => {
  it.each(builds.map((b) => [b.name, b] as const))("%s: every ARG of the Dockerfile is passed, and nothing else", (_name, build) => {
    expect(Object.keys(build.args ?? {}).sort()).toEqual(declaredArgs(dockerfile(build)));
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
});
