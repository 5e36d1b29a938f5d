/**
 * The demo's results, as written to `--json` and rendered into the HTML report. One type for both,
 * so the report can never show a number the run did not produce.
 */

/** The production story, in the order it is replayed. */
export type PhaseName =
  | "cold"
  | "warm"
  | "memcached-restart"
  | "memcached-overload"
  | "tt-down"
  | "recovered";

/** Who answered a key: a tier by its name (`memcached`, `tokyotyrant`, `memory`), or the source. */
export type AnswerOrigin = string;

export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface MysqlLoad {
  /** SQL statements the source ran (one per batch of ids). */
  readonly queries: number;
  /** Rows those statements returned. */
  readonly rows: number;
  readonly queriesPerSecond: number;
  readonly rowsPerSecond: number;
}

/** One second of a run: what the charts draw. */
export interface TimelinePoint {
  /** Seconds since the run started (end of this one-second slice). */
  readonly t: number;
  readonly phase: PhaseName;
  readonly readsPerSecond: number;
  readonly p99Ms: number;
  readonly mysqlQueriesPerSecond: number;
  /** Keys answered in this second, by origin. */
  readonly hitsByOrigin: Readonly<Record<AnswerOrigin, number>>;
  readonly errors: number;
}

export interface PhaseResult {
  readonly phase: PhaseName;
  /** A human title, e.g. "memcached restarted (process restarted)". */
  readonly title: string;
  /** What the demo did to the servers at the start of this phase, in plain words. */
  readonly action: string;
  readonly durationMs: number;
  /** Calls made (a get or a getMany counts once). */
  readonly reads: number;
  readonly readsPerSecond: number;
  /** Keys asked for across all calls. */
  readonly keys: number;
  /** Per call, in milliseconds. */
  readonly latencyMs: LatencySummary;
  /** Keys answered, by origin (tier names and "mysql"). */
  readonly hitsByOrigin: Readonly<Record<AnswerOrigin, number>>;
  readonly mysql: MysqlLoad;
  /** Calls that rejected. */
  readonly errors: number;
  /** Values returned for the wrong id: must be 0. */
  readonly wrongValues: number;
  /** Circuit breaker state of each tier at the end of the phase. */
  readonly breakers: Readonly<Record<string, string>>;
  /**
   * Rows MySQL returned in this phase for ids that had been read successfully before the phase
   * began: with TT in the chain this is 0 in the memcached-restart phase (the acceptance).
   */
  readonly mysqlRowsPreviouslyRead?: number;
  /** Keys each tier did not answer (missed, failed, timed out or skipped), by tier name. */
  readonly missesByTier?: Readonly<Record<string, number>>;
  /** Keys the chain asked the source for (after single-flight and de-duplication). */
  readonly sourceKeysRequested?: number;
  /** Keys served by a tier or the source, summed over every origin. */
  readonly keysAnswered?: number;
  /** Backfill writes dropped because the backfill queue was full. */
  readonly backfillDropped?: number;
  /** Per tier, what the chain's statistics counted in this phase. */
  readonly tierCounters?: Readonly<Record<string, TierPhaseCounters>>;
  /** 99th percentile of the demo process's event-loop delay: how late its timers ran. */
  readonly eventLoopDelayP99Ms?: number;
}

export interface TierPhaseCounters {
  /** Read calls that failed or passed their deadline. */
  readonly errors: number;
  readonly timeouts: number;
  /** Read calls not made (breaker open or switched off). */
  readonly skipped: number;
  readonly backfilled: number;
  readonly backfillFailed: number;
}

export interface RunResult {
  /** "with-tt" is the production chain; "without-tt" is the same chain with the TT tier left out. */
  readonly name: "with-tt" | "without-tt";
  /** Tier names in chain order. */
  readonly tiers: readonly string[];
  readonly phases: readonly PhaseResult[];
  readonly timeline: readonly TimelinePoint[];
}

export interface ServiceUse {
  readonly role: "memcached" | "tokyotyrant" | "mysql";
  /** Where it was reached (credentials removed). */
  readonly url: string;
  /** True when the demo started a stand-in (its own memcached, the TT-compatible test server). */
  readonly substituted: boolean;
  /** One plain sentence, e.g. "no memcached at 127.0.0.1:11211: started /usr/bin/memcached on port 40123". */
  readonly note: string;
}

export interface DemoSettings {
  readonly items: number;
  /** Seconds per phase. */
  readonly phaseSeconds: number;
  /** Target calls per second (0 = as fast as the concurrency allows). */
  readonly rate: number;
  readonly concurrency: number;
  /** Share of calls that are getMany (the rest are get). */
  readonly getManyShare: number;
  readonly getManySize: number;
  readonly zipfExponent: number;
  readonly phases: readonly PhaseName[];
  readonly memcachedTimeoutMs: number;
  readonly ttBaseline: boolean;
  /** The chain's deadline for one Tokyo Tyrant call. */
  readonly ttTimeoutMs?: number;
}

/** MySQL queries with TT and without, for the phases where TT is what protects MySQL. */
export interface HeadlineRow {
  readonly phase: PhaseName;
  readonly withTt: number;
  readonly withoutTt: number;
  readonly saved: number;
}

export interface DemoReport {
  readonly version: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** True when Ctrl-C (or a failure) cut the run short: what is here is what was measured. */
  readonly interrupted: boolean;
  readonly settings: DemoSettings;
  readonly services: readonly ServiceUse[];
  readonly runs: readonly RunResult[];
  /** Empty when the baseline did not run. */
  readonly headline: readonly HeadlineRow[];
  /** Across every run and phase: must be 0. */
  readonly wrongValues: number;
}
