import { escapeHtml } from "./escape.js";
import type { DemoReport } from "./model.js";
import { renderCharts } from "./sections/charts.js";
import { renderComparison } from "./sections/comparison.js";
import { renderHeader } from "./sections/header.js";
import { renderHeadline } from "./sections/headline.js";
import { renderPhaseTables } from "./sections/phase-tables.js";
import { renderServices } from "./sections/services.js";
import { renderSettings } from "./sections/settings.js";
import { reportStyles } from "./styles.js";

/**
 * Renders the demo's results as one self-contained HTML page: styles inline, charts as inline SVG,
 * nothing fetched, so it opens offline from a file. Every string taken from the report is escaped.
 * A report cut short (fewer phases, no baseline run, an empty timeline) renders what it has.
 */
export function renderHtmlReport(report: DemoReport): string {
  const sections = [
    renderHeader(report),
    renderHeadline(report),
    renderCharts(report),
    renderComparison(report.runs),
    renderPhaseTables(report.runs),
    renderServices(report.services),
    renderSettings(report.settings),
  ].join("\n");
  // A strict policy makes "offline" a property of the page, not a promise: nothing can load.
  const policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>tier demo report, ${escapeHtml(report.startedAt)}</title>
<style>${reportStyles}</style>
</head>
<body>
<main>
${sections}
<footer>Written by <code>pnpm demo</code> (report format ${escapeHtml(report.version)}). Numbers are what this machine measured during this run.</footer>
</main>
</body>
</html>
`;
}
