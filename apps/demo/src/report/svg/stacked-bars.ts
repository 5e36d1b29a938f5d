import { escapeHtml } from "../escape.js";
import { formatCount } from "../format.js";
import { linearScale } from "../scale.js";
import { frame, px } from "./frame.js";
import { type LegendEntry, renderLegend } from "./legend.js";

export interface BarSegment {
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly value: number;
}

export interface Bar {
  /** Under the bar, e.g. "with TT". */
  readonly label: string;
  readonly name: string;
  readonly segments: readonly BarSegment[];
}

export interface BarGroup {
  /** Under the group, e.g. the phase. */
  readonly label: string;
  readonly bars: readonly Bar[];
}

export interface StackedBarsOptions {
  readonly id: string;
  readonly title: string;
  readonly groups: readonly BarGroup[];
  readonly legend: readonly LegendEntry[];
}

const width = 960;
const height = 340;

/**
 * Bars stacked to 100%: each bar shows which share of its total each segment took. Groups sit side
 * by side, their bars next to each other, so two runs of one phase compare directly.
 */
export function renderStackedBars(options: StackedBarsOptions): string {
  const area = frame(width, height, { top: 40, right: 20, bottom: 56, left: 70 });
  const y = linearScale([0, 1], [area.bottom, area.top]);
  const groupWidth = (area.right - area.left) / Math.max(1, options.groups.length);

  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (share) =>
        `<line class="grid" x1="${px(area.left)}" y1="${px(y(share))}" x2="${px(area.right)}" y2="${px(y(share))}"/><text class="tick" x="${px(area.left - 8)}" y="${px(y(share) + 4)}" text-anchor="end">${share * 100}%</text>`,
    )
    .join("");

  const groups = options.groups
    .map((group, g) => {
      const groupLeft = area.left + g * groupWidth;
      const slots = Math.max(1, group.bars.length);
      const barWidth = Math.min(56, (groupWidth * 0.8) / slots);
      const barsLeft = groupLeft + (groupWidth - barWidth * slots - 6 * (slots - 1)) / 2;
      const bars = group.bars
        .map((bar, b) => renderBar(bar, barsLeft + b * (barWidth + 6), barWidth, y, area.bottom))
        .join("");
      return `<g class="bar-group">${bars}<text class="group-label" x="${px(groupLeft + groupWidth / 2)}" y="${px(area.bottom + 36)}" text-anchor="middle">${escapeHtml(group.label)}</text></g>`;
    })
    .join("");
  const empty =
    options.groups.length === 0
      ? `<text class="empty" x="${px((area.left + area.right) / 2)}" y="${px((area.top + area.bottom) / 2)}" text-anchor="middle">no phase was completed</text>`
      : "";

  return `<figure class="chart"><figcaption>${escapeHtml(options.title)}</figcaption><svg data-chart="${escapeHtml(options.id)}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(options.title)}">${renderLegend(options.legend, area.left, 16, "box")}${grid}<line class="axis" x1="${px(area.left)}" y1="${px(area.bottom)}" x2="${px(area.right)}" y2="${px(area.bottom)}"/>${groups}${empty}</svg></figure>`;
}

function renderBar(
  bar: Bar,
  left: number,
  barWidth: number,
  y: (share: number) => number,
  bottom: number,
): string {
  const segments = bar.segments.filter((s) => Number.isFinite(s.value) && s.value > 0);
  const total = segments.reduce((sum, s) => sum + s.value, 0);
  const label = `<text class="bar-label" x="${px(left + barWidth / 2)}" y="${px(bottom + 16)}" text-anchor="middle">${escapeHtml(bar.label)}</text>`;
  if (total === 0) {
    return `<g class="bar" data-bar="${escapeHtml(bar.name)}"><rect class="bar-empty" x="${px(left)}" y="${px(y(1))}" width="${px(barWidth)}" height="${px(bottom - y(1))}"><title>${escapeHtml(bar.label)}: no keys answered</title></rect>${label}</g>`;
  }
  let below = 0;
  const rects = segments.map((segment) => {
    const share = segment.value / total;
    const top = y(below + share);
    const rectHeight = y(below) - top;
    below += share;
    const percent = `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
    const inside =
      rectHeight >= 14 && barWidth >= 30
        ? `<text class="segment-label" x="${px(left + barWidth / 2)}" y="${px(top + rectHeight / 2 + 4)}" text-anchor="middle">${percent}</text>`
        : "";
    return `<rect class="segment" data-origin="${escapeHtml(segment.key)}" x="${px(left)}" y="${px(top)}" width="${px(barWidth)}" height="${px(rectHeight)}" fill="${escapeHtml(segment.color)}"><title>${escapeHtml(bar.label)}, ${escapeHtml(segment.label)}: ${formatCount(segment.value)} keys (${percent})</title></rect>${inside}`;
  });
  return `<g class="bar" data-bar="${escapeHtml(bar.name)}">${rects.join("")}${label}</g>`;
}
