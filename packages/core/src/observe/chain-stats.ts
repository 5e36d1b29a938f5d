import type { BreakerState } from "../resilience/circuit-breaker.js";
import { LatencyHistogram, type LatencySummary } from "./latency-histogram.js";

/** One tier's counters, in `chain.stats().tiers`, in chain order. */
export interface TierStats {
  readonly name: string;
  /** False while an operator has switched the tier off. */
  readonly enabled: boolean;
  readonly breaker: BreakerState;
  /** Keys found, keys not found, per key. */
  readonly hits: number;
  readonly misses: number;
  /** Calls that failed or timed out (timeouts are also counted on their own). */
  readonly errors: number;
  readonly timeouts: number;
  /** Read calls not made because the tier was off or its breaker open. */
  readonly skipped: number;
  /** Entries whose bytes could not be decoded (counted as misses too). */
  readonly decodeErrors: number;
  /** Entries written after a read (backfill). */
  readonly backfilled: number;
  /** Entries not backfilled because the queue was full. */
  readonly backfillDropped: number;
  readonly backfillFailed: number;
  /** Entries never offered to the tier because they exceed its `maxValueBytes`. */
  readonly oversized: number;
  /** Leases this process won: keys it loaded on behalf of every process sharing the tier. */
  readonly leasesWon: number;
  /** Keys waited for because another process held their lease. */
  readonly leaseWaits: number;
  /** Of those, keys whose value arrived during the wait: loads saved across processes. */
  readonly leaseWaitHits: number;
  /** Latency of read calls. */
  readonly latency: LatencySummary;
}

/** The source's counters, in `chain.stats().source`. */
export interface SourceStats {
  readonly name: string;
  /** `loadMany` calls made. */
  readonly queries: number;
  readonly keysRequested: number;
  readonly keysFound: number;
  readonly failures: number;
  readonly timeouts: number;
  /** Loads refused by admission control. */
  readonly overloaded: number;
  readonly inFlight: number;
  readonly queued: number;
  readonly latency: LatencySummary;
}

/**
 * What `chain.stats()` returns: counters since the chain was created or `resetStats()` was called.
 */
export interface ChainStats {
  /** Distinct keys callers asked for (after de-duplication within one call). */
  readonly keys: number;
  /** Keys that joined a load already in flight instead of starting one (single-flight). */
  readonly coalesced: number;
  /** Keys answered by a tier, so the source never saw them. */
  readonly sourceLoadsAvoided: number;
  /** Keys answered with a soft-expired value because the refresh failed (fail-safe). */
  readonly staleServed: number;
  /** Per tier, in chain order. */
  readonly tiers: readonly TierStats[];
  /** The source. */
  readonly source: SourceStats;
  /** Backfill writes waiting and running now. */
  readonly backfill: { readonly queued: number; readonly active: number };
}

export class TierCounters {
  hits = 0;
  misses = 0;
  errors = 0;
  timeouts = 0;
  skipped = 0;
  decodeErrors = 0;
  backfilled = 0;
  backfillDropped = 0;
  backfillFailed = 0;
  oversized = 0;
  leasesWon = 0;
  leaseWaits = 0;
  leaseWaitHits = 0;
  readonly latency = new LatencyHistogram();

  reset(): void {
    this.hits = this.misses = this.errors = this.timeouts = this.skipped = 0;
    this.decodeErrors =
      this.backfilled =
      this.backfillDropped =
      this.backfillFailed =
      this.oversized =
      this.leasesWon =
      this.leaseWaits =
      this.leaseWaitHits =
        0;
    this.latency.reset();
  }
}

export class SourceCounters {
  queries = 0;
  keysRequested = 0;
  keysFound = 0;
  failures = 0;
  timeouts = 0;
  overloaded = 0;
  readonly latency = new LatencyHistogram();

  reset(): void {
    this.queries = this.keysRequested = this.keysFound = 0;
    this.failures = this.timeouts = this.overloaded = 0;
    this.latency.reset();
  }
}

export class RequestCounters {
  keys = 0;
  coalesced = 0;
  sourceLoadsAvoided = 0;
  staleServed = 0;

  reset(): void {
    this.keys = this.coalesced = this.sourceLoadsAvoided = this.staleServed = 0;
  }
}
