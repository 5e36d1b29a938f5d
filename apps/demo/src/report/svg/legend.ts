import { escapeHtml } from "../escape.js";
import { px } from "./frame.js";

export interface LegendEntry {
  readonly label: string;
  readonly color: string;
}

/** A one-line legend drawn into the chart itself, so a screenshot or a print keeps it. */
export function renderLegend(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  shape: "line" | "box",
): string {
  let offset = x;
  const items = entries.map((entry) => {
    const swatch =
      shape === "line"
        ? `<line x1="${px(offset)}" y1="${px(y)}" x2="${px(offset + 18)}" y2="${px(y)}" stroke="${escapeHtml(entry.color)}" stroke-width="3"/>`
        : `<rect x="${px(offset)}" y="${px(y - 6)}" width="12" height="12" fill="${escapeHtml(entry.color)}"/>`;
    const textX = offset + (shape === "line" ? 24 : 17);
    const item = `${swatch}<text x="${px(textX)}" y="${px(y + 4)}" class="legend">${escapeHtml(entry.label)}</text>`;
    // Text is not measured in SVG; about 7.5 units per character at the legend's 12 px.
    offset = textX + entry.label.length * 7.5 + 20;
    return item;
  });
  return `<g class="legend">${items.join("")}</g>`;
}
