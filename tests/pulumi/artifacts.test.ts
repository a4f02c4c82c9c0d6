/** Artifacts: deterministic bytes, hashes that follow content (and only content). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { contextHash, folderArtifact, jobsArtifact, listFiles } from "../../components/platform/artifacts";
import { buildZip, crc32 } from "../../components/platform/zip";

const REPO = path.resolve(__dirname, "..", "..");

function tempCopyOfJobs(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lh-artifacts-"));
  fs.cpSync(path.join(REPO, "jobs", "lakehouse_jobs"), path.join(dir, "jobs", "lakehouse_jobs"), { recursive: true });
  fs.cpSync(path.join(REPO, "contracts"), path.join(dir, "contracts"), { recursive: true });
  return dir;
}

describe("jobsArtifact", () => {
  let dir: string;
  beforeEach(() => (dir = tempCopyOfJobs()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is byte-identical for the same files and ignores __pycache__", () => {
    const first = jobsArtifact(dir, "/opt/jobs");
    fs.mkdirSync(path.join(dir, "jobs", "lakehouse_jobs", "__pycache__"), { recursive: true });
    fs.writeFileSync(path.join(dir, "jobs", "lakehouse_jobs", "__pycache__", "x.cpython-311.pyc"), "junk");
    const second = jobsArtifact(dir, "/opt/jobs");
    expect(second.hash).toBe(first.hash);
    expect(second.files[0].content).toBe(first.files[0].content);
  });

  it("changes hash when a job file changes", () => {
    const before = jobsArtifact(dir, "/opt/jobs").hash;
    fs.appendFileSync(path.join(dir, "jobs", "lakehouse_jobs", "common", "settings.py"), "\n# changed\n");
    expect(jobsArtifact(dir, "/opt/jobs").hash).not.toBe(before);
  });

  it("bundles the contracts where the Python loader looks first", () => {
    const zipPath = path.join(dir, "a.zip");
    fs.writeFileSync(zipPath, Buffer.from(jobsArtifact(dir, "/opt/jobs").files[0].content as string, "base64"));
    const names = execFileSync("python3", ["-c", "import zipfile,sys;print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", zipPath])
      .toString()
      .trim()
      .split("\n");
    expect(names).toContain("lakehouse_jobs/_contracts/storage.json");
    expect(names).toContain("lakehouse_jobs/common/settings.py");
    expect(names.some((n) => n.includes("__pycache__"))).toBe(false);
  });

  it("fails clearly when the package is missing", () => {
    expect(() => jobsArtifact(path.join(dir, "nope"), "/x")).toThrow("jobs artifact: no files under");
  });
});

describe("zip", () => {
  it("matches the standard CRC-32 check value", () => expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926));
  it("is readable by Python's zipfile with the original content", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lh-zip-"));
    const file = path.join(dir, "t.zip");
    fs.writeFileSync(file, buildZip([{ path: "b/x.txt", data: Buffer.from("hello") }, { path: "a.txt", data: Buffer.from("") }]));
    const out = execFileSync("python3", ["-c", "import zipfile,sys;z=zipfile.ZipFile(sys.argv[1]);print(z.namelist(), z.read('b/x.txt'))", file]);
    expect(out.toString().trim()).toBe("['a.txt', 'b/x.txt'] b'hello'");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("folderArtifact and contextHash", () => {
  it("lists files sorted and hashes paths with content", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lh-folder-"));
    fs.mkdirSync(path.join(dir, "sub"));
    fs.writeFileSync(path.join(dir, "sub", "b.py"), "b");
    fs.writeFileSync(path.join(dir, "a.py"), "a");
    expect(listFiles(dir)).toEqual(["a.py", "sub/b.py"]);
    const art = folderArtifact(dir, "/opt/dags");
    expect(art.files.map((f) => f.path)).toEqual(["/opt/dags/a.py", "/opt/dags/sub/b.py"]);
    const h1 = contextHash(dir);
    fs.renameSync(path.join(dir, "a.py"), path.join(dir, "c.py"));
    expect(contextHash(dir)).not.toBe(h1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it("has no files for an absent folder", () => expect(folderArtifact("/nonexistent-lh", "/x").files).toEqual([]));
});
