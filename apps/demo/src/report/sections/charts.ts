import { phaseLabel, runLabel } from "../labels.js";
import type { DemoReport, RunResult, TimelinePoint } from "../model.js";
import { originsInChainOrder } from "../origins.js";
import { originColor, runColor } from "../palette.js";
import { phaseSpans } from "../phase-spans.js";
import { renderLineChart } from "../svg/line-chart.js";
import { type BarGroup, renderStackedBars } from "../svg/stacked-bars.js";

/** The three charts: MySQL load and p99 over time, and who answered in each phase. */
export function renderCharts(report: DemoReport): string {
  // Both runs replay the same schedule; the bands follow the production chain's run when it has one.
  const reference =
    report.runs.find((run) => run.name === "with-tt" && run.timeline.length > 0) ??
    report.runs.find((run) => run.timeline.length > 0);
  const phases = phaseSpans(reference?.timeline ?? []);
  const overTime = (
    id: string,
    title: string,
    yLabel: string,
    y: (p: TimelinePoint) => number,
    references: readonly { y: number; label: string }[] = [],
  ) =>
    renderLineChart({
      references,
      id,
      title,
      yLabel,
      xLabel: "seconds since the run started",
      phases,
      phaseLabel,
      series: report.runs.map((run) => ({
        name: run.name,
        label: runLabel(run.name),
        color: runColor(run.name),
        points: run.timeline.map((point) => ({ x: point.t, y: y(point) })),
      })),
    });

  return `<section class="charts"><h2>Over time</h2>${overTime(
    "mysql-qps",
    "MySQL queries per second",
    "queries/s",
    (p) => p.mysqlQueriesPerSecond,
  )}${overTime("p99", "p99 latency per call", "ms", (p) => p.p99Ms, [
    {
      y: report.settings.memcachedTimeoutMs,
      label: `memcached deadline (${report.settings.memcachedTimeoutMs} ms)`,
    },
  ])}<h2>Who answered</h2>${renderHitShares(report.runs)}</section>`;
}

function renderHitShares(runs: readonly RunResult[]): string {
  const origins = originsInChainOrder(runs);
  const colors = new Map(origins.map((origin, i) => [origin, originColor(origin, i)]));
  const phaseOrder: string[] = [];
  for (const run of runs) {
    for (const phase of run.phases)
      if (!phaseOrder.includes(phase.phase)) phaseOrder.push(phase.phase);
  }
  const groups: BarGroup[] = phaseOrder.map((phase) => ({
    label: phaseLabel(phase),
    bars: runs.flatMap((run) => {
      const result = run.phases.find((p) => p.phase === phase);
      if (result === undefined) return [];
      return [
        {
          name: `${phase}/${run.name}`,
          label:
            run.name === "with-tt" ? "with TT" : run.name === "without-tt" ? "no TT" : run.name,
          segments: origins.map((origin) => ({
            key: origin,
            label: origin,
            color: colors.get(origin)!,
            value: result.hitsByOrigin[origin] ?? 0,
          })),
        },
      ];
    }),
  }));
  return renderStackedBars({
    id: "hit-shares",
    title: "Share of keys answered by each tier and by MySQL, per phase and run",
    groups,
    legend: origins.map((origin) => ({ label: origin, color: colors.get(origin)! })),
  });
}
