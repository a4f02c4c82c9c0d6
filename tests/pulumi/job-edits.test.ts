/**
 * "Changing one job redeploys only what runs it": the dev stack rendered under mocks from a copy of the repository,
 * then again after editing one file of that copy; the containers whose inputs differ are exactly the ones that run
 * the edited code (each consumer gets only the part of the jobs package its entry modules import).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { MockHarness, type RecordedResource } from "./harness";
import { CONTAINER } from "./program";

const REPO = path.resolve(__dirname, "..", "..");
// The lean profile has every container that runs jobs or DAGs (observability adds none) and renders faster.
const h = new MockHarness({ stack: "dev", config: { "lakehouse:profile": "lean" } });
let copy: string;
let render: () => Promise<Map<string, string>>;
let previous: Map<string, string>;

beforeAll(async () => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), "job-edits-"));
  for (const dir of ["jobs", "dags", "contracts", "sql"]) {
    fs.cpSync(path.join(REPO, dir), path.join(copy, dir), { recursive: true, filter: (src) => !/__pycache__|\.egg-info|\.pytest_cache/.test(src) });
  }
  await h.install();
  const { loadConfig } = await import("../../stacks");
  const { Lakehouse } = await import("../../components/lakehouse");
  const config = loadConfig();
  let n = 0;
  render = async () => {
    const from = h.resources.length;
    new Lakehouse(`lakehouse${n++}`, { config, repoRoot: copy });
    await h.settle();
    const containers = h.resources.slice(from).filter((r: RecordedResource) => r.type === CONTAINER);
    return new Map(containers.map((c) => [c.name, JSON.stringify(c.inputs)]));
  };
  previous = await render();
}, 120_000);
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

const edit = (rel: string) => fs.appendFileSync(path.join(copy, rel), "\n# edited\n");

it.each([
  ["a Gold job", "jobs/lakehouse_jobs/gold/facts.py", ["airflow-scheduler"]],
  ["the clickstream streaming job", "jobs/lakehouse_jobs/streaming/clickstream.py", ["streaming-clickstream"]],
  ["a module every job imports", "jobs/lakehouse_jobs/common/settings.py", ["airflow-scheduler", "jupyter", "streaming-accesslog", "streaming-clickstream"]],
  ["a DAG", "dags/ecom_silver_to_gold.py", ["airflow-dag-processor", "airflow-scheduler"]],
])("editing %s (%s) changes only %j", async (_what, file, changed) => {
  const before = previous;
  edit(file);
  const after = (previous = await render());
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  expect([...after.keys()].filter((name) => after.get(name) !== before.get(name)).sort()).toEqual(changed);
}, 120_000);
