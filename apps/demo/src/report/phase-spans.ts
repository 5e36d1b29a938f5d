import type { TimelinePoint } from "./model.js";

/** A stretch of a run's timeline spent in one phase, in seconds since the run started. */
export interface PhaseSpan {
  readonly phase: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Cuts a timeline into its phases. Each point is the one-second slice ending at `t`, so a phase
 * starts one second before its first point. A phase that comes back later is a new span.
 */
export function phaseSpans(timeline: readonly TimelinePoint[]): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  let previousEnd = 0;
  for (const point of timeline) {
    if (!Number.isFinite(point.t)) continue;
    const last = spans[spans.length - 1];
    if (last !== undefined && last.phase === point.phase) {
      spans[spans.length - 1] = { ...last, end: point.t };
    } else {
      spans.push({ phase: point.phase, start: Math.max(previousEnd, point.t - 1), end: point.t });
    }
    previousEnd = point.t;
  }
  return spans;
}
