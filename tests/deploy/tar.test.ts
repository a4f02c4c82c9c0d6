/** The upload archive, read back by GNU tar (the reader the engine's format follows). */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tarArchive } from "../../cli/deploy/tar";

describe("tarArchive", () => {
  it("is read by GNU tar with each file's path, mode, owner and content, long paths included", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tar-test-"));
    try {
      const long = `/opt/${"d".repeat(80)}/${"e".repeat(60)}/file.txt`;
      const archive = path.join(dir, "a.tar");
      fs.writeFileSync(
        archive,
        tarArchive(
          [
            { path: "/opt/hadoop/etc/core-site.xml", content: Buffer.from("<x/>\n"), mode: 0o644, uid: 0, gid: 0 },
            { path: "/opt/lakehouse/start.sh", content: Buffer.alloc(1000, 65), mode: 0o755, uid: 185, gid: 185 },
            { path: long, content: Buffer.from(""), mode: 0o640, uid: 0, gid: 0 },
          ],
          1_700_000_000,
        ),
      );
      const listing = execFileSync("tar", ["--numeric-owner", "-tvf", archive], { encoding: "utf8" }).trim().split("\n");
      expect(listing.map((l) => l.split(/\s+/).filter((_, i) => [0, 1, 2, 5].includes(i)).join(" "))).toEqual([
        "-rw-r--r-- 0/0 5 opt/hadoop/etc/core-site.xml",
        "-rwxr-xr-x 185/185 1000 opt/lakehouse/start.sh",
        `-rw-r----- 0/0 0 ${long.slice(1)}`,
      ]);
      execFileSync("tar", ["-xf", archive, "-C", dir]);
      expect(fs.readFileSync(path.join(dir, "opt/lakehouse/start.sh"), "utf8")).toBe("A".repeat(1000));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
