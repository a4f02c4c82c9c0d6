/** The DAGs artifact carries what the dag-processor needs to import the DAG files, and nothing test-only. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { dagsArtifact } from "../../components/platform/artifacts";

const REPO = path.resolve(__dirname, "..", "..");

describe("dagsArtifact", () => {
  const art = dagsArtifact(REPO, "/opt/airflow/dags");
  const paths = art.files.map((f) => f.path);

  it("ships the DAG files, their support package and .airflowignore", () => {
    expect(paths).toContain("/opt/airflow/dags/ingest_to_bronze.py");
    expect(paths).toContain("/opt/airflow/dags/lakehouse_dags/operator.py");
    expect(paths).toContain("/opt/airflow/dags/.airflowignore");
  });

  it("bundles every contract where dags/lakehouse_dags/contracts.py looks first", () => {
    for (const name of fs.readdirSync(path.join(REPO, "contracts")).filter((n) => n.endsWith(".json"))) {
      expect(paths).toContain(`/opt/airflow/dags/lakehouse_dags/_contracts/${name}`);
    }
  });

  it("leaves out the DAG tests and the Airflow pins", () => {
    expect(paths.filter((p) => p.includes("/tests/") || p.endsWith(".txt"))).toEqual([]);
  });

  it("changes hash when a contract changes, and fails clearly without DAG files", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lh-dags-"));
    fs.cpSync(path.join(REPO, "dags"), path.join(dir, "dags"), { recursive: true });
    fs.cpSync(path.join(REPO, "contracts"), path.join(dir, "contracts"), { recursive: true });
    const before = dagsArtifact(dir, "/d").hash;
    fs.appendFileSync(path.join(dir, "contracts", "storage.json"), "\n");
    expect(dagsArtifact(dir, "/d").hash).not.toBe(before);
    expect(() => dagsArtifact(path.join(dir, "nope"), "/d")).toThrow("dags artifact: no DAG files under");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
