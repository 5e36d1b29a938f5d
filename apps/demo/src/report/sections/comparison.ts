import { formatCount, formatMs, formatRate } from "../format.js";
import { phaseLabel } from "../labels.js";
import type { PhaseResult, RunResult } from "../model.js";
import { type Cell, renderTable } from "./table.js";

/** The two runs phase by phase, the way the terminal prints them: with TT next to without. */
export function renderComparison(runs: readonly RunResult[]): string {
  const withTt = runs.find((run) => run.name === "with-tt");
  const withoutTt = runs.find((run) => run.name === "without-tt");
  if (withTt === undefined || withoutTt === undefined) return "";
  const phases = [...withTt.phases, ...withoutTt.phases]
    .map((p) => p.phase)
    .filter((phase, i, all) => all.indexOf(phase) === i);
  const find = (run: RunResult, phase: string): PhaseResult | undefined =>
    run.phases.find((p) => p.phase === phase);
  const rows: Cell[][] = phases.map((phase) => {
    const a = find(withTt, phase);
    const b = find(withoutTt, phase);
    return [
      phaseLabel(phase),
      formatCount(a?.mysql.queries),
      formatCount(b?.mysql.queries),
      formatMs(a?.latencyMs.p99),
      formatMs(b?.latencyMs.p99),
      formatRate(a?.readsPerSecond),
      formatRate(b?.readsPerSecond),
      formatCount(a?.errors),
      formatCount(b?.errors),
    ];
  });
  return `<section><h2>Side by side</h2>${renderTable(
    [
      { title: "phase" },
      { title: "MySQL queries with TT", numeric: true },
      { title: "without TT", numeric: true },
      { title: "p99 with TT", numeric: true },
      { title: "without TT", numeric: true },
      { title: "reads/s with TT", numeric: true },
      { title: "without TT", numeric: true },
      { title: "errors with TT", numeric: true },
      { title: "without TT", numeric: true },
    ],
    rows,
  )}</section>`;
}
