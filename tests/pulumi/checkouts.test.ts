/**
 * The same commit in two checkouts (a PR's CI and a laptop) must evaluate to the same resources, or every preview
 * shows changes. This checkout is evaluated in process; a copy of it in another folder (its node_modules linked) is
 * evaluated by a child process started there, as Pulumi starts programs in their project directory.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MockHarness } from "./harness";
import { renderedResources } from "./render-program";

jest.setTimeout(180_000);

const REPO = path.resolve(__dirname, "..", "..");
/** Not part of a checkout: installed or generated. */
const SKIP = new Set(["node_modules", ".git", ".venv", ".venv-airflow", ".cache", ".local", ".pulumi-state", "spark-warehouse", "metastore_db"]);
const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), "lakehouse-checkout-"));

afterAll(() => fs.rmSync(copyDir, { recursive: true, force: true }));

it("evaluates to the same resources from another checkout folder (image build inputs included)", async () => {
  const here = await renderedResources(new MockHarness({ stack: "dev" }));
  for (const entry of fs.readdirSync(REPO)) {
    if (!SKIP.has(entry)) fs.cpSync(path.join(REPO, entry), path.join(copyDir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(copyDir, "node_modules"), "dir");
  const out = execFileSync(path.join(REPO, "node_modules", ".bin", "tsx"), [path.join("tests", "pulumi", "render-program.ts")], {
    cwd: copyDir,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const there = JSON.parse(out) as typeof here;

  const images = (rs: typeof here) => rs.filter((r) => r.type === "docker:index/image:Image");
  expect(images(here)).toHaveLength(5);
  expect(images(there)).toEqual(images(here));
  expect(JSON.stringify(here)).not.toContain(REPO);
  expect(there).toEqual(here);
});
