import { escapeHtml } from "../escape.js";

/** Markup built by the report itself (already escaped), as opposed to text that needs escaping. */
export interface TrustedHtml {
  readonly html: string;
}

export type Cell = string | TrustedHtml;

export interface Column {
  readonly title: string;
  /** Right-aligned, for numbers. */
  readonly numeric?: boolean;
}

function cellHtml(cell: Cell): string {
  return typeof cell === "string" ? escapeHtml(cell) : cell.html;
}

export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  caption?: string,
): string {
  const head = columns
    .map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ""}>${escapeHtml(c.title)}</th>`)
    .join("");
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${columns[i]?.numeric ? ' class="num"' : ""}>${cellHtml(cell)}</td>`).join("")}</tr>`,
    )
    .join("");
  const captionHtml = caption === undefined ? "" : `<caption>${escapeHtml(caption)}</caption>`;
  return `<div class="table-wrap"><table>${captionHtml}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
