/** The CLI's JSON log lines: contract field names, one run's start and finish, the run id handed to child processes. */
import { spawnSync } from "child_process";
import { Command } from "commander";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { logs, runtime } from "../../contracts";
import { cliLogFile, commandLog } from "../../cli/log";
import { logRuns } from "../../cli/main";
import { LAKEHOUSE_BIN } from "../../cli/local/proc";

const F = logs.fields;
const lines = (file: string) => fs.readFileSync(file, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cli-log-"));

function expectRecord(record: Record<string, unknown>) {
  for (const key of logs.required) expect(record[F[key]]).toEqual(expect.anything());
  expect(logs.subject.some((key) => typeof record[F[key]] === "string")).toBe(true);
  expect(logs.levels).toContain(record[F.level]);
  expect(new Date(record[F.timestamp] as string).toISOString()).toBe(record[F.timestamp]);
}

test("a failing command of the real CLI logs its start and its failure under the run id it was given", () => {
  const dir = tmp();
  const res = spawnSync(LAKEHOUSE_BIN, ["local", "verify", "--run-dir", path.join(dir, "missing")], {
    encoding: "utf8",
    env: { ...process.env, [runtime.env.logDir]: dir, [runtime.env.runId]: "run-7" },
  });
  expect(res.status).toBe(1);
  const [start, end, ...rest] = lines(cliLogFile(dir));
  expect(rest).toEqual([]);
  [start, end].forEach(expectRecord);
  expect(start).toMatchObject({ [F.event]: logs.events.runStarted, [F.job]: "lakehouse local verify", [F.runId]: "run-7", [F.layer]: logs.producers.cli.layer });
  expect(end).toMatchObject({ [F.event]: logs.events.runFinished, [F.status]: logs.status.failed, [F.level]: "ERROR", [F.runId]: "run-7" });
  expect(end[F.exception]).toMatch(/no local lakehouse found/);
  expect(typeof end[F.durationSeconds]).toBe("number");
});

test("a successful command logs its duration and exports its run id to the processes it starts", async () => {
  const dir = tmp();
  const env: NodeJS.ProcessEnv = { [runtime.env.logDir]: dir };
  let seen: string | undefined;
  const program = new Command("lakehouse").exitOverride();
  program.command("probe").action(() => {
    seen = env[runtime.env.runId];
  });
  logRuns(program, env);
  await program.parseAsync(["node", "lakehouse", "probe"]);
  const [start, end] = lines(cliLogFile(dir));
  [start, end].forEach(expectRecord);
  expect(seen).toMatch(/^lakehouse-probe-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
  expect(start[F.runId]).toBe(seen);
  expect(end).toMatchObject({ [F.status]: logs.status.succeeded, [F.level]: "INFO", [F.runId]: seen });
});

test("without a log folder the CLI writes no log file", () => {
  expect(commandLog("lakehouse probe", {}).file).toBeUndefined();
  expect(commandLog("lakehouse probe", { [runtime.env.logDir]: "/x" }).file).toBe(path.join("/x", logs.producers.cli.folder, "lakehouse.log"));
});
