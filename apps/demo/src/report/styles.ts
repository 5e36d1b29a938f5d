/**
 * The report's whole stylesheet, inlined: the file must open offline, so no font or sheet is
 * fetched; the system's own sans-serif is used.
 */
export const reportStyles = `
:root { color-scheme: light; --ink: #1d2433; --muted: #5b6475; --line: #d9dee7; --band: #eef2f7; }
* { box-sizing: border-box; }
body { margin: 0; background: #f7f8fa; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
.when, .chain, .action { color: var(--muted); }
.action { font-size: 12px; display: block; min-width: 170px; }
.phase-name { font-weight: 600; }
.banner { padding: 8px 12px; border-radius: 6px; margin: 8px 0; }
.banner.ok { background: #e6f4ea; color: #1e5b2f; }
.banner.warn { background: #fff4d6; color: #6b4e00; }
.banner.bad, strong.bad { background: #fde7e7; color: #8a1c1c; }
.headline { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 20px 16px; margin-top: 24px; }
.headline h2 { border: 0; margin-top: 12px; }
.big { font-size: 20px; margin: 4px 0; }
.big strong { font-size: 34px; color: #0072b2; margin-right: 6px; }
.chart { margin: 12px 0 20px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px 4px; }
.chart figcaption { font-weight: 600; margin-bottom: 4px; }
.chart svg { display: block; font-size: 12px; }
.chart text { fill: var(--ink); }
.chart .tick, .chart .axis-label { fill: var(--muted); }
.chart .grid { stroke: #e7eaf0; }
.chart .axis { stroke: #8a93a3; }
.chart .phase-band { fill: var(--band); }
.chart .phase-boundary { stroke: #8a93a3; stroke-dasharray: 4 3; }
.chart .phase-label { font-size: 11px; font-weight: 600; fill: #3d4657; }
.chart .segment-label { fill: #fff; font-size: 11px; font-weight: 600; }
.chart .bar-label { font-size: 11px; fill: var(--muted); }
.chart .group-label { font-size: 12px; font-weight: 600; }
.chart .bar-empty { fill: none; stroke: var(--line); stroke-dasharray: 3 3; }
.chart .reference line { stroke: #b3261e; stroke-dasharray: 6 4; stroke-width: 1.5; }
.chart .reference text { fill: #b3261e; font-size: 11px; }
.chart .empty { fill: var(--muted); font-size: 14px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 13px; }
th, td { padding: 6px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f0f2f6; font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, .nowrap { white-space: nowrap; }
code { font-size: 12px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; }
.badge.sub { background: #fff4d6; color: #6b4e00; }
.badge.real { background: #e6f4ea; color: #1e5b2f; }
.settings { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.settings dt { color: var(--muted); }
.settings dd { margin: 0; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
`;
