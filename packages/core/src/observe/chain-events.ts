import type { BreakerState } from "../resilience/circuit-breaker.js";

/** Which call to a tier an event is about (`release`: giving up leases). */
export type TierOperation = "get" | "set" | "delete" | "backfill" | "release";

/** Every event the chain emits, by name. Subscribe with `chain.on(name, listener)`. */
export interface ChainEvents {
  /** Keys a tier answered in one read call. */
  hit: { readonly tier: string; readonly keys: readonly string[] };
  /** Keys a tier was asked for and did not have. */
  miss: { readonly tier: string; readonly keys: readonly string[] };
  /** A tier call failed (other than by timeout); for reads, its keys count as misses. */
  tierError: {
    readonly tier: string;
    readonly operation: TierOperation;
    readonly keys: readonly string[];
    readonly error: unknown;
  };
  /** A tier call passed its deadline; the late answer, if any, is dropped. */
  timeout: {
    readonly tier: string;
    readonly operation: TierOperation;
    readonly keys: readonly string[];
    readonly timeoutMs: number;
  };
  /** A read skipped a tier because it is switched off or its breaker is open. */
  skip: {
    readonly tier: string;
    readonly reason: "disabled" | "breaker-open";
    readonly keys: readonly string[];
  };
  /** A tier's circuit breaker changed state. */
  breaker: { readonly tier: string; readonly from: BreakerState; readonly to: BreakerState };
  /** An operator switched a tier off or on. */
  tierSwitch: { readonly tier: string; readonly enabled: boolean };
  /** Stored bytes that could not be decoded for their key; treated as a miss. */
  decodeError: { readonly tier: string; readonly key: string; readonly error: unknown };
  /** A value the source returned could not be encoded, so it was returned but not cached. */
  encodeError: { readonly key: string; readonly error: unknown };
  /** Backfill entries dropped because the backfill queue was full. */
  backfillDrop: { readonly tier: string; readonly keys: readonly string[] };
  /** One `loadMany` call to the source, after it settled. */
  sourceLoad: {
    readonly source: string;
    readonly keys: readonly string[];
    readonly found: number;
    readonly durationMs: number;
    readonly error?: unknown;
  };
  /** Admission control refused source loads for these keys. */
  sourceOverload: {
    readonly source: string;
    readonly keys: readonly string[];
    readonly reason: string;
  };
  /**
   * Keys another process held the lease for, after this read waited for them: `found` ones its
   * load delivered, `loading` ones this read loads itself because the wait ran out or the lease
   * passed to it.
   */
  leaseWait: {
    readonly tier: string;
    readonly found: readonly string[];
    readonly loading: readonly string[];
    readonly waitedMs: number;
  };
  /** Soft-expired values served because their refresh failed (fail-safe). */
  stale: { readonly keys: readonly string[]; readonly error: unknown };
}
