/**
 * The rendered alert rules, read by promtool: `check rules`, then `test rules` with one situation per alert that must
 * fire and one or more look-alikes that must stay silent. Series names come from contracts/metrics.json, so a rule
 * and the exporter cannot drift apart without this failing.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { dump } from "js-yaml";
import * as os from "os";
import * as path from "path";
import { metrics } from "../../contracts";
import { ALERT_RULES, ALERT_THRESHOLDS, renderAlertRules } from "../../components/observability/alerts";

const S = metrics.streaming;
const B = metrics.batch;
const STREAM_JOB = metrics.scrapeJobs.streaming;

type Labels = Record<string, string>;
interface Series {
  readonly labels: Labels;
  readonly name: string;
  readonly values: string;
}
interface Expect {
  readonly at: string;
  readonly alert: string;
  /** Labels of every alert expected at that time (with the rule's severity added); [] = silent. */
  readonly firing: readonly (Labels & { value?: string })[];
}

const series = (name: string, labels: Labels, values: string): Series => ({ name, labels, values });
const sel = (s: Series) => `${s.name}{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(", ")}}`;
const rule = (alert: string) => ALERT_RULES.find((r) => r.alert === alert)!;

/** The summary as Prometheus renders it for one alert (only the template forms the rules use). */
function summary(alert: string, labels: Labels, value: string): string {
  return rule(alert)
    .summary.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, k: string) => labels[k] ?? "")
    .replace(/\{\{ \$value \}\}/g, value);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tempDir = (prefix: string) => {
  dirs.push(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return dirs[dirs.length - 1];
};

function promtoolTest(name: string, input: readonly Series[], expects: readonly Expect[]) {
  const dir = tempDir("alerts-");
  fs.writeFileSync(path.join(dir, "rules.yml"), renderAlertRules());
  const test = {
    rule_files: ["rules.yml"],
    evaluation_interval: "1m",
    tests: [
      {
        name,
        interval: "1m",
        input_series: input.map((s) => ({ series: sel(s), values: s.values })),
        alert_rule_test: expects.map((e) => ({
          eval_time: e.at,
          alertname: e.alert,
          exp_alerts: e.firing.map(({ value, ...labels }) => ({
            exp_labels: { ...labels, severity: rule(e.alert).severity },
            exp_annotations: { summary: summary(e.alert, labels, value ?? "") },
          })),
        })),
      },
    ],
  };
  fs.writeFileSync(path.join(dir, "test.yml"), dump(test, { lineWidth: -1 }));
  const r = spawnSync("promtool", ["test", "rules", "test.yml"], { cwd: dir, encoding: "utf8" });
  if (r.error) throw new Error(`promtool not runnable (${r.error.message}): run bash scripts/setup.d/35-conformance-readers.sh`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const expectPass = (r: { ok: boolean; output: string }) => expect(r.output).toContain("SUCCESS");

describe("alert rules under promtool", () => {
  const dir = tempDir("rules-");

  it("check rules accepts the rendered file, one rule per alert name", () => {
    const file = path.join(dir, "lakehouse.rules.yml");
    fs.writeFileSync(file, renderAlertRules());
    const r = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
    expect(`${r.stdout}${r.stderr}`).toContain(`SUCCESS: ${ALERT_RULES.length} rules found`);
    expect(new Set(ALERT_RULES.map((a) => a.alert)).size).toBe(ALERT_RULES.length);
  });

  it("a test that expects the wrong alert fails (the harness can fail)", () => {
    const run = series(B.runSuccess.name, { pipeline: "pipeline" }, "1 1 1");
    const r = promtoolTest("control", [run], [{ at: "2m", alert: "LakehouseBatchRunFailed", firing: [{ pipeline: "pipeline" }] }]);
    expect(r.ok).toBe(false);
  });

  it("LakehouseBatchRunFailed fires once a run reports failure, not before", () => {
    const labels = { pipeline: "pipeline", job: metrics.scrapeJobs.batch, instance: "batch" };
    expectPass(
      promtoolTest("batch run", [series(B.runSuccess.name, labels, "1 1 0 0")], [
        { at: "1m", alert: "LakehouseBatchRunFailed", firing: [] },
        { at: "3m", alert: "LakehouseBatchRunFailed", firing: [labels] },
      ]),
    );
  });

  it("LakehouseQualityGateFailed fires with the number of failed checks", () => {
    const labels = { pipeline: "pipeline", instance: "batch" };
    expectPass(
      promtoolTest("quality", [series(B.qualityFailures.name, labels, "0 0 2")], [
        { at: "1m", alert: "LakehouseQualityGateFailed", firing: [] },
        { at: "2m", alert: "LakehouseQualityGateFailed", firing: [{ ...labels, value: "2" }] },
      ]),
    );
  });

  it("LakehouseStreamingJobDown fires for a streaming target that stopped answering for a minute, no other job", () => {
    const down = { job: STREAM_JOB, instance: "clickstream:9108" };
    const other = { job: "cadvisor", instance: "cadvisor:8080" };
    expectPass(
      promtoolTest("job down", [series("up", down, "1 1 0 0 0"), series("up", other, "0 0 0 0 0")], [
        { at: "1m", alert: "LakehouseStreamingJobDown", firing: [] },
        { at: "2m", alert: "LakehouseStreamingJobDown", firing: [] },
        { at: "3m", alert: "LakehouseStreamingJobDown", firing: [{ ...down, instance: down.instance }] },
      ]),
    );
  });

  it("LakehouseStreamingQueryStalled fires for a running query without progress, not for a progressing or a stopped one", () => {
    const base = { job: STREAM_JOB, instance: "j:9108", pipeline: "clickstream" };
    const stalled = { ...base, query: "stalled" };
    const moving = { ...base, query: "moving" };
    const stopped = { ...base, query: "stopped" };
    const minutes = Math.ceil(ALERT_THRESHOLDS.stalledSeconds / 60) + 2;
    expectPass(
      promtoolTest(
        "stalled",
        [
          series(S.lastProgress.name, stalled, `0x${minutes}`),
          series(S.active.name, stalled, `1x${minutes}`),
          series(S.lastProgress.name, moving, `0+60x${minutes}`),
          series(S.active.name, moving, `1x${minutes}`),
          series(S.lastProgress.name, stopped, `0x${minutes}`),
          series(S.active.name, stopped, `0x${minutes}`),
        ],
        [
          { at: "2m", alert: "LakehouseStreamingQueryStalled", firing: [] },
          { at: `${minutes}m`, alert: "LakehouseStreamingQueryStalled", firing: [stalled] },
        ],
      ),
    );
  });

  it("LakehouseStreamingQueryFailed fires for a stopped query of a live job, not once the job is gone", () => {
    const live = { job: STREAM_JOB, instance: "live:9108", pipeline: "accesslog", query: "accesslog-events" };
    const gone = { ...live, instance: "gone:9108" };
    expectPass(
      promtoolTest(
        "failed query",
        [
          series(S.active.name, live, "1 1 0 0 0"),
          series("up", { job: STREAM_JOB, instance: live.instance }, "1 1 1 1 1"),
          series(S.active.name, gone, "1 1 0 0 0"),
          series("up", { job: STREAM_JOB, instance: gone.instance }, "1 1 0 0 0"),
        ],
        [
          { at: "2m", alert: "LakehouseStreamingQueryFailed", firing: [] },
          { at: "4m", alert: "LakehouseStreamingQueryFailed", firing: [live] },
        ],
      ),
    );
  });

  it("LakehouseConsumerLagGrowing fires for a large and growing lag, not for a large steady or a small growing one", () => {
    const big = ALERT_THRESHOLDS.lagOffsets * 2;
    const growing = { pipeline: "clickstream", source: "raw-a" };
    const steady = { pipeline: "accesslog", source: "raw-b" };
    const small = { pipeline: "small", source: "raw-c" };
    const at = (m: number) => `${m}m`;
    expectPass(
      promtoolTest(
        "lag",
        [
          series(S.offsetsBehind.name, { ...growing, query: "q", instance: "j" }, `${big}+1000x30`),
          series(S.offsetsBehind.name, { ...steady, query: "q", instance: "j" }, `${big}x30`),
          series(S.offsetsBehind.name, { ...small, query: "q", instance: "j" }, `0+10x30`),
        ],
        [
          { at: at(5), alert: "LakehouseConsumerLagGrowing", firing: [] },
          { at: at(25), alert: "LakehouseConsumerLagGrowing", firing: [{ ...growing, value: String(big + 25 * 1000) }] },
        ],
      ),
    );
  });

  it("LakehouseDeadLetterRateHigh fires above the dead-letter share, not below it", () => {
    const per = (p: string, q: string) => ({ pipeline: p, query: q, instance: "j", job: STREAM_JOB });
    const ratio = ALERT_THRESHOLDS.deadLetterRatio;
    expectPass(
      promtoolTest(
        "dead letters",
        [
          series(S.inputRows.name, per("bad", "bad-events"), "0+100x30"),
          series(S.inputRows.name, per("bad", "bad-aggregates"), "0+100x30"),
          series(S.deadLetters.name, { pipeline: "bad", instance: "j", job: STREAM_JOB }, `0+${100 * ratio * 2}x30`),
          series(S.inputRows.name, per("good", "good-events"), "0+100x30"),
          series(S.deadLetters.name, { pipeline: "good", instance: "j", job: STREAM_JOB }, `0+${100 * ratio * 0.5}x30`),
        ],
        [
          { at: "3m", alert: "LakehouseDeadLetterRateHigh", firing: [] },
          { at: "20m", alert: "LakehouseDeadLetterRateHigh", firing: [{ pipeline: "bad", value: String(ratio * 2) }] },
        ],
      ),
    );
  });

  it("LakehouseContainerRestarting fires for a container whose start time changed, not for a steady one", () => {
    const restarted = { name: "lakehouse-dev-kafka", instance: "cadvisor:8080", job: "cadvisor" };
    const steady = { ...restarted, name: "lakehouse-dev-cassandra" };
    expectPass(
      promtoolTest(
        "restart",
        [series("container_start_time_seconds", restarted, "100 100 100 400 400"), series("container_start_time_seconds", steady, "100x5")],
        [
          { at: "2m", alert: "LakehouseContainerRestarting", firing: [] },
          { at: "4m", alert: "LakehouseContainerRestarting", firing: [restarted] },
        ],
      ),
    );
  });

  it("every rule has a promtool situation above", () => {
    const tested = fs.readFileSync(__filename, "utf8");
    for (const r of ALERT_RULES) expect(tested).toContain(`alert: "${r.alert}"`);
  });
});
