import { metrics } from "../../contracts";
import { healthCharts, HEALTH_CHARTS } from "../../cli/local/health";

describe("pipeline-health charts of the local report", () => {
  it("reduces each series over the run (peak or last value) and labels it by the chart's labels", async () => {
    const asked: string[] = [];
    const charts = await healthCharts(async (expr) => {
      asked.push(expr);
      return [{ metric: { [metrics.labels.job]: "clickstream", [metrics.labels.query]: "clickstream-events", [metrics.labels.source]: "raw", [metrics.labels.step]: "silver" }, values: [[1, "3"], [2, "7"], [3, "5"], [4, "NaN"]] }];
    });
    expect(asked).toEqual(HEALTH_CHARTS.map((c) => c[2]));
    const byId = Object.fromEntries(charts.map((c) => [c.id, c.points]));
    expect(byId["stream-input-rate"]).toEqual([{ label: "clickstream-events", value: 7 }]);
    expect(byId["stream-lag"]).toEqual([{ label: "clickstream raw", value: 7 }]);
    expect(byId["stream-dead-letters"]).toEqual([{ label: "clickstream", value: 5 }]);
    expect(byId["batch-steps"]).toEqual([{ label: "silver", value: 5 }]);
  });

  it("reads only metric names of the contract", () => {
    const names = new Set([...Object.values(metrics.streaming), ...Object.values(metrics.batch)].map((m) => m.name));
    for (const [, , expr] of HEALTH_CHARTS) expect([...expr.matchAll(/lakehouse_\w+/g)].every((m) => names.has(m[0]))).toBe(true);
  });
});
