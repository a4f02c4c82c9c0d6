/**
 * The Airflow login file as deployed, opened the way Airflow 3's SimpleAuthManager opens it at api-server start
 * (`open(path, "a+")`: it may add generated passwords) by the image's user (uid 50000, group root), on the real
 * kernel's permission check. Uploads are owned by root (the docker provider's default).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MockHarness } from "./harness";
import { deployProgram } from "./program";

const h = new MockHarness({ stack: "dev", config: { "lakehouse:profile": "batch" } });
beforeAll(() => deployProgram(h), 60_000);

it("is writable by the Airflow user, readable by no one else", () => {
  expect(process.getuid?.()).toBe(0); // CI runs as root; setpriv below needs it
  const upload = (h.container("airflow-api-server").inputs.uploads as { file: string; permissions: string }[]).find((u) => u.file === "/opt/airflow/auth/passwords.json")!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "af-pw-"));
  try {
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, "passwords.json");
    fs.writeFileSync(file, "{}\n");
    fs.chmodSync(file, parseInt(upload.permissions, 8));
    const open = (uid: number, gid: number) => {
      try {
        execFileSync("setpriv", [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "/usr/bin/python3", "-c", "import sys; open(sys.argv[1], 'a+').close()", file], { stdio: "pipe" });
        return "ok";
      } catch (err) {
        return String((err as { stderr?: Buffer }).stderr ?? err).includes("PermissionError") ? "denied" : String(err);
      }
    };
    expect(open(50000, 0)).toBe("ok");
    expect(open(50001, 50001)).toBe("denied");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
