/**
 * The Airflow login file as deployed, opened the way Airflow 3's SimpleAuthManager opens it at api-server start
 * (`open(path, "a+")`: it may add generated passwords) by the image's user (uid 50000, group root), on the real
 * kernel's permission check. Uploads are owned by root (the docker provider's default). Switching users needs root:
 * as root directly, otherwise through passwordless sudo (GitHub's runners).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MockHarness } from "./harness";
import { deployProgram } from "./program";

const h = new MockHarness({ stack: "dev", config: { "lakehouse:profile": "batch" } });
beforeAll(() => deployProgram(h), 60_000);

/** Runs a command as root: directly when the test runs as root, else through `sudo -n` (fails clearly without it). */
function asRoot(cmd: string, args: string[]): void {
  if (process.getuid?.() === 0) execFileSync(cmd, args, { stdio: "pipe" });
  else execFileSync("sudo", ["-n", cmd, ...args], { stdio: "pipe" });
}

it("is writable by the Airflow user, readable by no one else", () => {
  const upload = (h.container("airflow-api-server").inputs.uploads as { file: string; permissions: string }[]).find((u) => u.file === "/opt/airflow/auth/passwords.json")!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "af-pw-"));
  try {
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, "passwords.json");
    fs.writeFileSync(file, "{}\n");
    asRoot("chown", ["0:0", file]);
    asRoot("chmod", [upload.permissions, file]);
    const open = (uid: number, gid: number) => {
      try {
        asRoot("setpriv", [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "/usr/bin/python3", "-c", "import sys; open(sys.argv[1], 'a+').close()", file]);
        return "ok";
      } catch (err) {
        return String((err as { stderr?: Buffer }).stderr ?? err).includes("PermissionError") ? "denied" : String(err);
      }
    };
    expect(open(50000, 0)).toBe("ok");
    expect(open(50001, 50001)).toBe("denied");
  } finally {
    asRoot("rm", ["-rf", dir]);
  }
});
