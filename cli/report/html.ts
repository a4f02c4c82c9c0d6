/** The static lakehouse report: one self-contained HTML file (no scripts, no external assets). */
import { ChartSpec, escapeXml, renderChart } from "./charts";

export interface ReportSection {
  readonly title: string;
  readonly note?: string;
  readonly charts: readonly ChartSpec[];
}

export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface ReportData {
  readonly title: string;
  readonly generatedAt: string;
  readonly subtitle?: string;
  readonly kpis: readonly { readonly label: string; readonly value: string }[];
  readonly sections: readonly ReportSection[];
  readonly tables?: readonly ReportTable[];
}

const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f6f7f9;color:#222}
header{background:#1f3b57;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.8}
main{padding:18px 28px;max-width:1400px}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:18px}
.kpi{background:#fff;border-radius:6px;padding:10px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08);min-width:150px}
.kpi b{display:block;font-size:20px}.kpi span{font-size:12px;color:#666}
section{margin-bottom:26px}section h2{font-size:18px;border-bottom:2px solid #1f3b57;padding-bottom:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:14px}
figure.chart{background:#fff;margin:0;padding:10px 12px;border-radius:6px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
figcaption{font-weight:600;margin-bottom:6px}.empty{color:#a33}
details{font-size:11px;color:#555}pre{white-space:pre-wrap}
table{border-collapse:collapse;background:#fff;font-size:12px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}
`;

function renderTable(table: ReportTable): string {
  const head = table.columns.map((c) => `<th>${escapeXml(c)}</th>`).join("");
  const body = table.rows
    .map((r) => `<tr>${r.map((v) => `<td>${escapeXml(String(v))}</td>`).join("")}</tr>`)
    .join("");
  return `<h3>${escapeXml(table.title)}</h3><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function renderReport(data: ReportData): string {
  const kpis = data.kpis
    .map((k) => `<div class="kpi"><b>${escapeXml(k.value)}</b><span>${escapeXml(k.label)}</span></div>`)
    .join("");
  const sections = data.sections
    .map(
      (s) =>
        `<section><h2>${escapeXml(s.title)}</h2>${s.note ? `<p>${escapeXml(s.note)}</p>` : ""}` +
        `<div class="grid">${s.charts.map(renderChart).join("")}</div></section>`,
    )
    .join("");
  const tables = (data.tables ?? []).map(renderTable).join("");
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(data.title)}</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>` +
    `<header><h1>${escapeXml(data.title)}</h1><p>${escapeXml(data.subtitle ?? "")} Generated ${escapeXml(data.generatedAt)}</p></header>` +
    `<main><div class="kpis">${kpis}</div>${sections}${tables ? `<section><h2>Run summary</h2>${tables}</section>` : ""}</main></body></html>\n`
  );
}
