import { escapeHtml } from "../escape.js";
import type { PhaseSpan } from "../phase-spans.js";
import { linearScale, niceTicks } from "../scale.js";
import { frame, px, tickLabel } from "./frame.js";
import { renderLegend } from "./legend.js";

export interface LinePoint {
  readonly x: number;
  readonly y: number;
}

export interface LineSeries {
  /** Stable identifier, written to `data-series` (the browser test finds lines by it). */
  readonly name: string;
  readonly label: string;
  readonly color: string;
  readonly points: readonly LinePoint[];
}

export interface LineChartOptions {
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  readonly xLabel: string;
  readonly series: readonly LineSeries[];
  /** Shaded bands with their names on top, so a reader sees what happened when. */
  readonly phases: readonly PhaseSpan[];
  readonly phaseLabel: (phase: string) => string;
  /** Horizontal lines a reader compares the series with, e.g. a deadline. */
  readonly references?: readonly { readonly y: number; readonly label: string }[];
}

const width = 960;
const height = 340;

/** A line chart as inline SVG: one line per series over shared axes, phases shaded behind them. */
export function renderLineChart(options: LineChartOptions): string {
  const area = frame(width, height, { top: 58, right: 20, bottom: 44, left: 70 });
  const series = options.series.map((s) => ({
    ...s,
    points: s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
  }));
  const xs = [
    ...series.flatMap((s) => s.points.map((p) => p.x)),
    ...options.phases.flatMap((p) => [p.start, p.end]),
  ];
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const references = (options.references ?? []).filter((r) => Number.isFinite(r.y) && r.y > 0);
  const xMax = Math.max(1, ...xs);
  const yTicks = niceTicks(Math.max(0, ...ys, ...references.map((r) => r.y)), 5);
  const xTicks = niceTicks(xMax, 10).filter((t) => t <= xMax);
  const x = linearScale([0, xMax], [area.left, area.right]);
  const y = linearScale([0, yTicks[yTicks.length - 1]!], [area.bottom, area.top]);

  const bands = options.phases
    .map((span, i) => {
      const x0 = x(span.start);
      const x1 = x(span.end);
      const label = options.phaseLabel(span.phase);
      const shown = fitLabel(label, x1 - x0);
      const shade =
        i % 2 === 0
          ? `<rect class="phase-band" x="${px(x0)}" y="${px(area.top)}" width="${px(Math.max(0, x1 - x0))}" height="${px(area.bottom - area.top)}"/>`
          : "";
      const boundary =
        i > 0
          ? `<line class="phase-boundary" x1="${px(x0)}" y1="${px(area.top - 16)}" x2="${px(x0)}" y2="${px(area.bottom)}"/>`
          : "";
      return `<g class="phase" data-phase="${escapeHtml(span.phase)}"><title>${escapeHtml(label)}: ${tickLabel(span.start)}–${tickLabel(span.end)} s</title>${shade}${boundary}<text class="phase-label" x="${px((x0 + x1) / 2)}" y="${px(area.top - 6)}" text-anchor="middle">${escapeHtml(shown)}</text></g>`;
    })
    .join("");

  const grid = yTicks
    .map(
      (tick) =>
        `<line class="grid" x1="${px(area.left)}" y1="${px(y(tick))}" x2="${px(area.right)}" y2="${px(y(tick))}"/><text class="tick" x="${px(area.left - 8)}" y="${px(y(tick) + 4)}" text-anchor="end">${tickLabel(tick)}</text>`,
    )
    .join("");
  const xAxis = xTicks
    .map(
      (tick) =>
        `<line class="axis" x1="${px(x(tick))}" y1="${px(area.bottom)}" x2="${px(x(tick))}" y2="${px(area.bottom + 5)}"/><text class="tick" x="${px(x(tick))}" y="${px(area.bottom + 18)}" text-anchor="middle">${tickLabel(tick)}</text>`,
    )
    .join("");

  // Labelled under the line: a reference at the top tick would otherwise sit on the phase labels.
  const referenceLines = references
    .map(
      (r) =>
        `<g class="reference"><line x1="${px(area.left)}" y1="${px(y(r.y))}" x2="${px(area.right)}" y2="${px(y(r.y))}"/><text x="${px(area.right - 4)}" y="${px(y(r.y) + 14)}" text-anchor="end">${escapeHtml(r.label)}</text></g>`,
    )
    .join("");
  const lines = series
    .map((s) => {
      const attributes = `class="series" data-series="${escapeHtml(s.name)}" data-points="${s.points.length}" stroke="${escapeHtml(s.color)}"`;
      if (s.points.length === 0) return "";
      if (s.points.length === 1) {
        const only = s.points[0]!;
        return `<circle ${attributes} fill="${escapeHtml(s.color)}" cx="${px(x(only.x))}" cy="${px(y(only.y))}" r="3"/>`;
      }
      const coordinates = s.points.map((p) => `${px(x(p.x))},${px(y(p.y))}`).join(" ");
      return `<polyline ${attributes} fill="none" stroke-width="2" stroke-linejoin="round" points="${coordinates}"/>`;
    })
    .join("");
  const empty =
    ys.length === 0
      ? `<text class="empty" x="${px((area.left + area.right) / 2)}" y="${px((area.top + area.bottom) / 2)}" text-anchor="middle">no data was recorded</text>`
      : "";
  const legend = renderLegend(
    series.map((s) => ({ label: s.label, color: s.color })),
    area.left,
    16,
    "line",
  );

  return `<figure class="chart"><figcaption>${escapeHtml(options.title)}</figcaption><svg data-chart="${escapeHtml(options.id)}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(options.title)}">${legend}${bands}${grid}<line class="axis" x1="${px(area.left)}" y1="${px(area.bottom)}" x2="${px(area.right)}" y2="${px(area.bottom)}"/>${xAxis}${referenceLines}<text class="axis-label" x="${px((area.left + area.right) / 2)}" y="${px(height - 6)}" text-anchor="middle">${escapeHtml(options.xLabel)}</text><text class="axis-label" transform="translate(16 ${px((area.top + area.bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(options.yLabel)}</text>${lines}${empty}</svg></figure>`;
}

/** Shortens a phase label to its band (about 6.2 units per character at 11 px), so labels never overlap. */
function fitLabel(label: string, bandWidth: number): string {
  const fits = Math.floor((bandWidth - 4) / 6.2);
  if (label.length <= fits) return label;
  return fits < 3 ? "" : `${label.slice(0, fits - 1)}…`;
}
