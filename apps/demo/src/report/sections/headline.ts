import { escapeHtml } from "../escape.js";
import { formatCount, formatShare } from "../format.js";
import { phaseLabel } from "../labels.js";
import type { DemoReport } from "../model.js";
import { renderTable } from "./table.js";

/** How many MySQL queries Tokyo Tyrant saved when memcached could not answer: the point of the demo. */
export function renderHeadline(report: DemoReport): string {
  if (report.headline.length === 0) {
    return `<section class="headline"><h2>Headline</h2><p>Nothing to compare: no run without Tokyo Tyrant reached the memcached restart or overload phase (it was switched off, or the demo stopped before). The numbers below are the run's own.</p></section>`;
  }
  const withTt = report.headline.reduce((sum, row) => sum + row.withTt, 0);
  const withoutTt = report.headline.reduce((sum, row) => sum + row.withoutTt, 0);
  const saved = report.headline.reduce((sum, row) => sum + row.saved, 0);
  const phases = report.headline.map((row) => phaseLabel(row.phase)).join(" and ");
  const rows = report.headline.map((row) => [
    phaseLabel(row.phase),
    formatCount(row.withTt),
    formatCount(row.withoutTt),
    formatCount(row.saved),
    formatShare(row.saved, row.withoutTt),
  ]);
  return `<section class="headline"><h2>Headline</h2><p class="big"><strong>${formatCount(saved)}</strong> MySQL queries saved by Tokyo Tyrant during ${escapeHtml(phases)}</p><p>${formatCount(withTt)} queries with Tokyo Tyrant against ${formatCount(withoutTt)} without it (${formatShare(saved, withoutTt)} fewer).</p>${renderTable(
    [
      { title: "phase" },
      { title: "MySQL queries with TT", numeric: true },
      { title: "without TT", numeric: true },
      { title: "saved", numeric: true },
      { title: "saved share", numeric: true },
    ],
    rows,
  )}</section>`;
}
