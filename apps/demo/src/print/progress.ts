import type { TimelinePoint } from "../report/model.js";
import { ms, rate } from "./format.js";
import { shortName } from "./phase-table.js";

/** The live line: one second of one run. */
export function formatProgress(run: string, point: TimelinePoint): string {
  const answered = Object.values(point.hitsByOrigin).reduce((a, b) => a + b, 0);
  const origins = Object.entries(point.hitsByOrigin)
    .map(
      ([origin, n]) =>
        `${shortName(origin)} ${answered === 0 ? 0 : Math.round((n / answered) * 100)}%`,
    )
    .join(" ");
  return `[${run}] ${point.phase.padEnd(18)} t=${point.t.toFixed(0).padStart(3)}s  ${rate(point.readsPerSecond).padStart(6)} reads/s  p99 ${ms(point.p99Ms).padStart(8)}  MySQL ${rate(point.mysqlQueriesPerSecond).padStart(5)} q/s  errors ${point.errors}  ${origins}`;
}
