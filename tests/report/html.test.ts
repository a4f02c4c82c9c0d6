import { escapeXml, formatValue, niceMax, renderChart, shortLabel } from "../../cli/report/charts";
import { renderReport } from "../../cli/report/html";

describe("report charts", () => {
  it.each([
    [1234.4, "int", "1,234"],
    [1234.5, "money", "R$ 1,234.50"],
    [0.1234, "pct", "12.3%"],
    [2.345, "float", "2.35"],
  ] as const)("formats %p as %s -> %s", (value, format, expected) => {
    expect(formatValue(value, format)).toBe(expected);
  });

  it.each(["bar", "hbar", "line"] as const)("draws one mark per point for a %s chart", (kind) => {
    const html = renderChart({
      id: "c1",
      title: "T",
      kind,
      points: [
        { label: "a", value: 1 },
        { label: "b", value: 3 },
        { label: "c", value: 2 },
      ],
    });
    expect(html).toContain('data-points="3"');
    expect(html.match(/class="point"/g)).toHaveLength(3);
  });

  it("says 'No data.' and counts zero points when every value is missing or not finite", () => {
    const html = renderChart({ id: "e", title: "Empty", kind: "bar", points: [{ label: "x", value: NaN }] });
    expect(html).toContain('data-points="0"');
    expect(html).toContain("No data.");
    expect(html).not.toContain("<svg");
  });

  it("escapes labels and titles so data cannot inject markup", () => {
    const html = renderChart({ id: "x", title: "<b>t</b>", kind: "hbar", points: [{ label: `a"><script>`, value: 1 }] });
    expect(html).not.toContain("<script>");
    expect(html).toContain(escapeXml(`a"><script>`));
  });

  it("renders a self-contained page: no scripts, no external resources", () => {
    const page = renderReport({
      title: "Lakehouse report",
      generatedAt: "2026-01-01T00:00:00Z",
      kpis: [{ label: "Orders", value: "10" }],
      sections: [{ title: "Sales", charts: [{ id: "s", title: "S", kind: "bar", points: [{ label: "m", value: 1 }] }] }],
      tables: [{ title: "Steps", columns: ["step", "seconds"], rows: [["batch", 3]] }],
    });
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).not.toMatch(/<script|src=|href=/i);
    expect(page).toContain('data-chart="s"');
    expect(page).toContain("<td>batch</td>");
  });
});

describe("chart axes and labels", () => {
  it.each([
    [3, "int", 4],
    [5, "int", 8],
    [37, "int", 40],
    [3, "float", 5],
    [1234, "money", 2000],
  ] as const)("axis maximum for %p (%s) is %p", (max, format, expected) => {
    expect(niceMax(max, format)).toBe(expected);
  });

  it("cuts long labels in the middle and keeps short ones", () => {
    expect(shortLabel("/products/{id}")).toBe("/products/{id}");
    const long = "/static/img/0f3a8c1e9b7d6a5c4b3a2f1e0d9c8b7a6.jpg";
    const cut = shortLabel(long);
    expect(cut).toHaveLength(29);
    expect(cut.startsWith("/static/img/0f")).toBe(true);
    expect(cut.endsWith("b7a6.jpg")).toBe(true);
  });
});
