import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkReportInBrowser } from "../../cli/report/browser";
import { renderReport } from "../../cli/report/html";

jest.setTimeout(60_000);

describe("report in headless Chromium", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, points: number[]): string {
    const file = path.join(dir, name);
    const chart = (id: string, kind: "bar" | "hbar" | "line") => ({
      id,
      title: id,
      kind,
      points: points.map((value, i) => ({ label: `p${i}`, value })),
    });
    fs.writeFileSync(
      file,
      renderReport({
        title: "t",
        generatedAt: "now",
        kpis: [],
        sections: [{ title: "s", charts: [chart("bars", "bar"), chart("rows", "hbar"), chart("trend", "line")] }],
      }),
    );
    return file;
  }

  it("loads with no console errors and shows every chart with its points", async () => {
    const result = await checkReportInBrowser(write("ok.html", [3, 1, 4, 1, 5]), path.join(dir, "ok.png"));
    expect(result.errors).toEqual([]);
    expect(result.charts).toEqual([
      { id: "bars", points: 5, visible: true },
      { id: "rows", points: 5, visible: true },
      { id: "trend", points: 5, visible: true },
    ]);
    expect(fs.statSync(path.join(dir, "ok.png")).size).toBeGreaterThan(1000);
  });

  it("reports charts that have no data, so an empty report cannot pass", async () => {
    const result = await checkReportInBrowser(write("empty.html", []));
    expect(result.charts.map((c) => c.points)).toEqual([0, 0, 0]);
    expect(result.charts.every((c) => !c.visible)).toBe(true);
  });
});
