/** The stand-in override map (deploy/images/overrides.json) against the program's config boundary and pins. */
import * as fs from "fs";
import * as path from "path";
import { versionOf } from "../../components/images";
import { images } from "../../stacks/images";
import { parseConfig } from "../../stacks/schema";

const dir = path.join(__dirname, "..", "..", "deploy", "images");
const overrides = JSON.parse(fs.readFileSync(path.join(dir, "overrides.json"), "utf8")) as Record<string, string>;
const dockerfile = (key: string) => fs.readFileSync(path.join(dir, key, "Dockerfile"), "utf8");

describe("stand-in images", () => {
  it("are accepted by the stack config as `lakehouse:images` overrides", () => {
    expect(parseConfig({ images: overrides }, "dev").images).toMatchObject(overrides);
  });

  // The program derives build args from an image's tag (PySpark = the spark tag's version, Airflow = the airflow tag's).
  it.each(Object.keys(overrides))("%s: the tag carries the pinned upstream version", (key) => {
    expect(versionOf(overrides[key])).toBe(versionOf(images[key as keyof typeof images]));
  });

  it.each(Object.keys(overrides))("%s: has a Dockerfile whose base is a build arg (default: the Debian base or another stand-in)", (key) => {
    expect(dockerfile(key)).toMatch(/^ARG BASE_IMAGE=local\/\S+\nFROM \$\{BASE_IMAGE\}/m);
  });

  it.each([
    ["spark", /^ARG SPARK_VERSION=(\S+)$/m],
    ["airflow", /^ARG AIRFLOW_VERSION=(\S+)$/m],
    ["hive", /hive-standalone-metastore-server-(\d[\w.]*)-bin\.tar\.gz$/m],
  ] as const)("%s: installs the pinned version", (key, pattern) => {
    expect(pattern.exec(dockerfile(key))?.[1]).toBe(versionOf(images[key]));
  });

  it("hadoop: resolves the pinned Hadoop jars", () => {
    const pom = fs.readFileSync(path.join(dir, "hadoop", "pom.xml"), "utf8");
    expect(/<hadoop\.version>([^<]+)</.exec(pom)?.[1]).toBe(versionOf(images.hadoop));
  });
});
