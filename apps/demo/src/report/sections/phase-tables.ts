import { escapeHtml } from "../escape.js";
import { formatCount, formatMs, formatRate, formatSeconds, formatShare } from "../format.js";
import { phaseLabel, runLabel } from "../labels.js";
import type { PhaseResult, RunResult } from "../model.js";
import { originsInChainOrder } from "../origins.js";
import { type Cell, type Column, renderTable } from "./table.js";

/** One table per run: every number the demo measured in each phase. */
export function renderPhaseTables(runs: readonly RunResult[]): string {
  if (runs.length === 0) return `<section><h2>Phases</h2><p>No run was completed.</p></section>`;
  return `<section><h2>Phases</h2>${runs.map(renderRun).join("")}</section>`;
}

function renderRun(run: RunResult): string {
  const origins = originsInChainOrder([run]);
  const columns: Column[] = [
    { title: "phase" },
    { title: "duration", numeric: true },
    { title: "reads/s", numeric: true },
    { title: "latency p50 / p95 / p99 / max (ms)", numeric: true },
    { title: "answered by", numeric: true },
    { title: "MySQL queries", numeric: true },
    { title: "queries/s", numeric: true },
    { title: "rows/s", numeric: true },
    { title: "errors", numeric: true },
    { title: "wrong", numeric: true },
    { title: "breakers" },
  ];
  const rows = run.phases.map((phase) => phaseRow(phase, origins));
  const tiers = run.tiers.length === 0 ? "no tier" : run.tiers.join(" → ");
  const body =
    rows.length === 0 ? "<p>No phase of this run was completed.</p>" : renderTable(columns, rows);
  return `<h3>${escapeHtml(runLabel(run.name))} <span class="chain">(${escapeHtml(tiers)} → MySQL)</span></h3>${body}`;
}

function phaseRow(phase: PhaseResult, origins: readonly string[]): Cell[] {
  const answered = Object.values(phase.hitsByOrigin).reduce((sum, n) => sum + n, 0);
  const breakers = Object.entries(phase.breakers)
    .map(([tier, state]) => `<span class="nowrap">${escapeHtml(tier)}: ${escapeHtml(state)}</span>`)
    .join("<br>");
  return [
    {
      html: `<span class="phase-name">${escapeHtml(phaseLabel(phase.phase))}</span><span class="action">${escapeHtml(phase.action)}</span>`,
    },
    formatSeconds(phase.durationMs),
    formatRate(phase.readsPerSecond),
    [phase.latencyMs.p50, phase.latencyMs.p95, phase.latencyMs.p99, phase.latencyMs.max]
      .map((ms) => formatMs(ms).replace(" ms", ""))
      .join(" / "),
    {
      html: origins
        .map(
          (origin) =>
            `${escapeHtml(origin)} ${formatShare(phase.hitsByOrigin[origin] ?? 0, answered)}`,
        )
        .join("<br>"),
    },
    formatCount(phase.mysql.queries),
    formatRate(phase.mysql.queriesPerSecond),
    formatRate(phase.mysql.rowsPerSecond),
    formatCount(phase.errors),
    phase.wrongValues === 0
      ? "0"
      : { html: `<strong class="bad">${formatCount(phase.wrongValues)}</strong>` },
    breakers === "" ? "–" : { html: breakers },
  ];
}
