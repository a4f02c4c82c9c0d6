/**
 * Inline SVG charts for the static report: no scripts, no external assets, so the single HTML file opens anywhere.
 * Every chart carries `data-chart` and `data-points` attributes so tests (and people) can see it has data.
 */

export type ChartKind = "bar" | "hbar" | "line";
export type ValueFormat = "int" | "money" | "pct" | "float";

export interface ChartPoint {
  readonly label: string;
  readonly value: number;
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly kind: ChartKind;
  readonly points: readonly ChartPoint[];
  readonly format?: ValueFormat;
  /** The query or source the points came from, shown under the chart. */
  readonly source?: string;
}

const WIDTH = 640;
const PALETTE = ["#2f6fad", "#e0823c", "#3a9a5b", "#c0504d", "#8064a2", "#4bacc6"];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

export function formatValue(value: number, format: ValueFormat = "float"): string {
  switch (format) {
    case "int":
      return Math.round(value).toLocaleString("en-US");
    case "money":
      return `R$ ${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case "pct":
      return `${(value * 100).toFixed(1)}%`;
    default:
      return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
}

/** Axis maximum: a round number; for counts, a multiple of the 4 grid steps so every tick is a whole number. */
export function niceMax(max: number, format?: ValueFormat): number {
  if (format === "int" && max <= 40) return Math.max(4, Math.ceil(max / 4) * 4);
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const steps = [1, 2, 2.5, 5, 10];
  const step = steps.find((s) => s * magnitude >= max) ?? 10;
  return step * magnitude;
}

function verticalChart(spec: ChartSpec): string {
  const height = 260;
  const pad = { left: 70, right: 10, top: 10, bottom: 70 };
  const innerW = WIDTH - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const max = niceMax(Math.max(...spec.points.map((p) => p.value)), spec.format);
  const n = spec.points.length;
  const slot = innerW / Math.max(n, 1);
  const y = (v: number) => pad.top + innerH - (v / max) * innerH;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    parts.push(
      `<line x1="${pad.left}" x2="${WIDTH - pad.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>` +
        `<text x="${pad.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="10">${escapeXml(formatValue(v, spec.format))}</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(n / 24));
  if (spec.kind === "line") {
    const coords = spec.points.map((p, i) => `${(pad.left + slot * (i + 0.5)).toFixed(1)},${y(p.value).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${PALETTE[0]}" stroke-width="2" points="${coords.join(" ")}"/>`);
  }
  spec.points.forEach((p, i) => {
    const cx = pad.left + slot * (i + 0.5);
    const tip = `<title>${escapeXml(`${p.label}: ${formatValue(p.value, spec.format)}`)}</title>`;
    if (spec.kind === "line") {
      parts.push(`<circle class="point" cx="${cx}" cy="${y(p.value)}" r="2.5" fill="${PALETTE[0]}">${tip}</circle>`);
    } else {
      const w = Math.max(1, slot * 0.8);
      parts.push(
        `<rect class="point" x="${cx - w / 2}" y="${y(p.value)}" width="${w}" height="${pad.top + innerH - y(p.value)}" fill="${PALETTE[0]}">${tip}</rect>`,
      );
    }
    if (i % labelEvery === 0) {
      const ly = pad.top + innerH + 12;
      parts.push(
        `<text x="${cx}" y="${ly}" font-size="10" text-anchor="end" transform="rotate(-45 ${cx} ${ly})">${escapeXml(p.label)}</text>`,
      );
    }
  });
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img">${parts.join("")}</svg>`;
}

function horizontalChart(spec: ChartSpec): string {
  const row = 22;
  const pad = { left: 190, right: 90, top: 6, bottom: 6 };
  const height = pad.top + pad.bottom + row * spec.points.length;
  const innerW = WIDTH - pad.left - pad.right;
  const max = Math.max(...spec.points.map((p) => p.value), 0) || 1;
  const parts = spec.points.map((p, i) => {
    const yTop = pad.top + i * row;
    const w = Math.max(1, (p.value / max) * innerW);
    const color = PALETTE[i % PALETTE.length];
    const value = escapeXml(formatValue(p.value, spec.format));
    const tip = escapeXml(`${p.label}: ${formatValue(p.value, spec.format)}`);
    return (
      `<text x="${pad.left - 6}" y="${yTop + 15}" text-anchor="end" font-size="11">${escapeXml(shortLabel(p.label))}</text>` +
      `<rect class="point" x="${pad.left}" y="${yTop + 3}" width="${w}" height="${row - 6}" fill="${color}"><title>${tip}</title></rect>` +
      `<text x="${pad.left + w + 4}" y="${yTop + 15}" font-size="11">${value}</text>`
    );
  });
  return `<svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img">${parts.join("")}</svg>`;
}

/** Renders one chart as a `<figure>`; a chart without points says so instead of drawing an empty frame. */
/** Long labels (hashed file names, deep paths) are cut in the middle so both ends stay readable. */
export function shortLabel(label: string, max = 30): string {
  return label.length <= max ? label : `${label.slice(0, max / 2 - 1)}…${label.slice(-(max / 2 - 1))}`;
}

export function renderChart(spec: ChartSpec): string {
  const points = spec.points.filter((p) => Number.isFinite(p.value));
  const clean = { ...spec, points };
  const body =
    points.length === 0
      ? `<p class="empty">No data.</p>`
      : spec.kind === "hbar"
        ? horizontalChart(clean)
        : verticalChart(clean);
  const source = spec.source ? `<details><summary>query</summary><pre>${escapeXml(spec.source)}</pre></details>` : "";
  return (
    `<figure class="chart" id="${escapeXml(spec.id)}" data-chart="${escapeXml(spec.id)}" data-points="${points.length}">` +
    `<figcaption>${escapeXml(spec.title)}</figcaption>${body}${source}</figure>`
  );
}
