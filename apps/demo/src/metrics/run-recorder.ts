import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Chain, ChainStats } from "@tier/core";
import type { DemoItem } from "../item.js";
import type { CallOutcome } from "../load/load-generator.js";
import type { PhaseName, PhaseResult, TierPhaseCounters, TimelinePoint } from "../report/model.js";
import type { CountingSource } from "./counting-source.js";
import { summarizeLatency } from "./percentiles.js";

/** The origin name of keys the source (MySQL) answered. */
export const SOURCE_ORIGIN = "mysql";

/** Counts that both the per-second slices and the phases add up. */
class Tally {
  calls = 0;
  keys = 0;
  errors = 0;
  wrongValues = 0;
  latencies: number[] = [];
  readonly hitsByOrigin: Record<string, number> = {};
  readonly missesByTier: Record<string, number> = {};
  sourceKeysRequested = 0;

  add(origin: Record<string, number>, name: string, count: number): void {
    origin[name] = (origin[name] ?? 0) + count;
  }
}

interface Baseline {
  readonly at: number;
  readonly queries: number;
  readonly rows: number;
  readonly rowsPreviouslyRead: number;
  readonly backfillDropped: number;
  readonly tiers: ChainStats["tiers"];
}

/**
 * Turns the load's calls and the chain's events into one-second timeline points and per-phase
 * results. Everything is counted from the chain's own events and the MySQL source's own counters,
 * so the numbers are what the chain did, not what the demo expected it to do.
 */
export class RunRecorder {
  readonly timeline: TimelinePoint[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private phase: PhaseName = "cold";
  private phaseTally = new Tally();
  private secondTally = new Tally();
  private phaseStart: Baseline;
  private secondStart: Baseline;
  private readonly runStartedAt = performance.now();
  private loopDelay = monitorEventLoopDelay({ resolution: 10 });

  constructor(
    private readonly chain: Chain<DemoItem>,
    private readonly source: CountingSource,
    private readonly readIds: Uint8Array,
  ) {
    this.phaseStart = this.baseline();
    this.secondStart = this.phaseStart;
    const tallies = (): Tally[] => [this.phaseTally, this.secondTally];
    this.unsubscribe.push(
      chain.on("hit", ({ tier, keys }) => {
        for (const t of tallies()) t.add(t.hitsByOrigin, tier, keys.length);
      }),
      chain.on("miss", ({ tier, keys }) => {
        for (const t of tallies()) t.add(t.missesByTier, tier, keys.length);
      }),
      chain.on("tierError", ({ tier, operation, keys }) => {
        if (operation === "get")
          for (const t of tallies()) t.add(t.missesByTier, tier, keys.length);
      }),
      chain.on("timeout", ({ tier, operation, keys }) => {
        if (operation === "get")
          for (const t of tallies()) t.add(t.missesByTier, tier, keys.length);
      }),
      chain.on("skip", ({ tier, keys }) => {
        for (const t of tallies()) t.add(t.missesByTier, tier, keys.length);
      }),
      chain.on("sourceLoad", ({ keys, found }) => {
        for (const t of tallies()) {
          t.add(t.hitsByOrigin, SOURCE_ORIGIN, found);
          t.sourceKeysRequested += keys.length;
        }
      }),
    );
  }

  get currentPhase(): PhaseName {
    return this.phase;
  }

  /** Starts counting a new phase; ids read so far become "read before" for MySQL's count. */
  beginPhase(phase: PhaseName): void {
    this.phase = phase;
    this.phaseTally = new Tally();
    this.phaseStart = this.baseline();
    this.source.readBefore = Uint8Array.from(this.readIds);
    this.loopDelay.disable();
    this.loopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.loopDelay.enable();
  }

  record(outcome: CallOutcome): void {
    for (const tally of [this.phaseTally, this.secondTally]) {
      tally.calls++;
      tally.keys += outcome.keys;
      tally.wrongValues += outcome.wrongValues;
      if (outcome.failed) tally.errors++;
      tally.latencies.push(outcome.latencyMs);
    }
  }

  /** Closes the current one-second slice. */
  tick(): TimelinePoint {
    const now = this.baseline();
    const seconds = Math.max(0.001, (now.at - this.secondStart.at) / 1_000);
    const tally = this.secondTally;
    const point: TimelinePoint = {
      t: Math.round((now.at - this.runStartedAt) / 100) / 10,
      phase: this.phase,
      readsPerSecond: Math.round(tally.calls / seconds),
      p99Ms: summarizeLatency(tally.latencies).p99,
      mysqlQueriesPerSecond: Math.round((now.queries - this.secondStart.queries) / seconds),
      hitsByOrigin: { ...tally.hitsByOrigin },
      errors: tally.errors,
    };
    this.timeline.push(point);
    this.secondTally = new Tally();
    this.secondStart = now;
    return point;
  }

  /** The current phase's results so far. */
  endPhase(title: string, action: string): PhaseResult {
    const now = this.baseline();
    const durationMs = now.at - this.phaseStart.at;
    const seconds = Math.max(0.001, durationMs / 1_000);
    const tally = this.phaseTally;
    const queries = now.queries - this.phaseStart.queries;
    const rows = now.rows - this.phaseStart.rows;
    const stats = this.chain.stats();
    return {
      phase: this.phase,
      title,
      action,
      durationMs: Math.round(durationMs),
      reads: tally.calls,
      readsPerSecond: Math.round(tally.calls / seconds),
      keys: tally.keys,
      latencyMs: summarizeLatency(tally.latencies),
      hitsByOrigin: { ...tally.hitsByOrigin },
      mysql: {
        queries,
        rows,
        queriesPerSecond: Math.round((queries / seconds) * 10) / 10,
        rowsPerSecond: Math.round((rows / seconds) * 10) / 10,
      },
      errors: tally.errors,
      wrongValues: tally.wrongValues,
      breakers: Object.fromEntries(stats.tiers.map((tier) => [tier.name, tier.breaker])),
      mysqlRowsPreviouslyRead: now.rowsPreviouslyRead - this.phaseStart.rowsPreviouslyRead,
      missesByTier: { ...tally.missesByTier },
      sourceKeysRequested: tally.sourceKeysRequested,
      keysAnswered: Object.values(tally.hitsByOrigin).reduce((sum, n) => sum + n, 0),
      backfillDropped: now.backfillDropped - this.phaseStart.backfillDropped,
      tierCounters: Object.fromEntries(
        now.tiers.map((tier) => [
          tier.name,
          tierDelta(
            tier,
            this.phaseStart.tiers.find((t) => t.name === tier.name),
          ),
        ]),
      ),
      eventLoopDelayP99Ms: Math.round(this.loopDelay.percentile(99) / 10_000) / 100,
    };
  }

  close(): void {
    this.loopDelay.disable();
    for (const off of this.unsubscribe.splice(0)) off();
  }

  private baseline(): Baseline {
    const mysql = this.source.inner.stats();
    const stats = this.chain.stats();
    return {
      at: performance.now(),
      queries: mysql.queries,
      rows: mysql.rows,
      rowsPreviouslyRead: this.source.rowsPreviouslyRead,
      backfillDropped: stats.tiers.reduce((sum, tier) => sum + tier.backfillDropped, 0),
      tiers: stats.tiers,
    };
  }
}

function tierDelta(
  now: ChainStats["tiers"][number],
  before: ChainStats["tiers"][number] | undefined,
): TierPhaseCounters {
  return {
    errors: now.errors - (before?.errors ?? 0),
    timeouts: now.timeouts - (before?.timeouts ?? 0),
    skipped: now.skipped - (before?.skipped ?? 0),
    backfilled: now.backfilled - (before?.backfilled ?? 0),
    backfillFailed: now.backfillFailed - (before?.backfillFailed ?? 0),
  };
}
