import type { HeadlineRow, RunResult } from "../report/model.js";
import { count, ms, table } from "./format.js";

/** Both runs phase by phase: MySQL's load and the latency, with TT and without. */
export function formatComparison(withTt: RunResult, withoutTt: RunResult): string {
  const header = [
    "phase",
    "MySQL queries with TT",
    "without TT",
    "rows with TT",
    "without TT",
    "p99 with TT",
    "without TT",
  ];
  const rows = withTt.phases.map((phase) => {
    const other = withoutTt.phases.find((candidate) => candidate.phase === phase.phase);
    return [
      phase.title,
      count(phase.mysql.queries),
      other === undefined ? "-" : count(other.mysql.queries),
      count(phase.mysql.rows),
      other === undefined ? "-" : count(other.mysql.rows),
      ms(phase.latencyMs.p99),
      other === undefined ? "-" : ms(other.latencyMs.p99),
    ];
  });
  return ["Side by side", table([header, ...rows])].join("\n");
}

/** The phases where TT is what stands between the callers and MySQL. */
export const HEADLINE_PHASES = ["memcached-restart", "memcached-overload"] as const;

export function headlineRows(withTt: RunResult, withoutTt: RunResult): HeadlineRow[] {
  const rows: HeadlineRow[] = [];
  for (const phase of HEADLINE_PHASES) {
    const a = withTt.phases.find((p) => p.phase === phase);
    const b = withoutTt.phases.find((p) => p.phase === phase);
    if (a === undefined || b === undefined) continue;
    rows.push({
      phase,
      withTt: a.mysql.queries,
      withoutTt: b.mysql.queries,
      saved: b.mysql.queries - a.mysql.queries,
    });
  }
  return rows;
}

export function formatHeadline(rows: readonly HeadlineRow[]): string {
  if (rows.length === 0) return "";
  const withTt = rows.reduce((sum, row) => sum + row.withTt, 0);
  const withoutTt = rows.reduce((sum, row) => sum + row.withoutTt, 0);
  const parts = rows.map((row) => `${row.phase}: ${count(row.withTt)} vs ${count(row.withoutTt)}`);
  return `Headline: Tokyo Tyrant saved ${count(withoutTt - withTt)} MySQL queries during the memcached restart and overload phases (${count(withTt)} with TT, ${count(withoutTt)} without; ${parts.join(", ")}).`;
}
