import { spawn } from "child_process";
import { isAlive } from "../../cli/local/state";

describe("isAlive", () => {
  it("is true while a process runs and false once it exits, even while it waits to be reaped", async () => {
    // `sleep 0.3` becomes the child of `sleep 5`, which never reaps it: after 0.3 s it is a zombie.
    const parent = spawn("sh", ["-c", "sleep 0.3 & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))));
    try {
      expect(isAlive(pid)).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
      expect(isAlive(pid)).toBe(false);
    } finally {
      parent.kill("SIGKILL");
    }
    expect(isAlive(undefined)).toBe(false);
  });
});
