import { escapeHtml } from "../escape.js";
import { formatCount } from "../format.js";
import type { DemoReport } from "../model.js";

/** Title, when it ran, and the two facts a reader must see first: cut short? any wrong value? */
export function renderHeader(report: DemoReport): string {
  const interrupted = report.interrupted
    ? `<p class="banner warn" role="alert">This run was interrupted: the report shows what was measured before it stopped.</p>`
    : "";
  const wrong =
    report.wrongValues === 0
      ? `<p class="banner ok">Every value read was checked against its id: 0 wrong values.</p>`
      : `<p class="banner bad" role="alert">${formatCount(report.wrongValues)} reads returned another item's value.</p>`;
  return `<header><h1>tier demo: the production story, replayed</h1><p class="when">Started <time>${escapeHtml(report.startedAt)}</time>, finished <time>${escapeHtml(report.finishedAt)}</time>.</p>${interrupted}${wrong}</header>`;
}
