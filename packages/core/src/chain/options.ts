import type { Codec } from "../contracts/codec.js";
import type { Source } from "../contracts/source.js";
import type { Tier } from "../contracts/tier.js";
import { InvalidOptionError } from "../errors.js";
import { BREAKER_OPTION_KEYS, type CircuitBreakerOptions } from "../resilience/circuit-breaker.js";

/** One tier in the chain with the settings that belong to its place there. */
export interface ChainTierOptions {
  /** The tier. */
  readonly tier: Tier;
  /**
   * Hard TTL of what the chain writes into this tier, in seconds; 0 = no expiry. Default: the
   * tier's `capabilities.defaultTtlSeconds`, else 300.
   */
  readonly ttlSeconds?: number;
  /** Share of the TTL taken off at random per write (0..1), so a mass load does not expire at one instant. Default 0.1. */
  readonly ttlJitter?: number;
  /** Deadline of one call to this tier, in ms; past it the call counts as failed and its answer is dropped. Default 100. */
  readonly timeoutMs?: number;
  /** Circuit breaker settings, or `false` for none. Default: the breaker's defaults. */
  readonly breaker?: CircuitBreakerOptions | false;
  /** Whether the tier starts switched on. Default true. */
  readonly enabled?: boolean;
  /**
   * Cross-process leases, for a tier that offers them (`getManyLeased`): a key another process is
   * loading is waited for instead of loaded again. `false` turns them off. Default on for such
   * tiers, with the defaults of `LeaseOptions`.
   */
  readonly leases?: LeaseOptions | false;
}

/** How a read waits for keys another process holds the lease for (tiers with `getManyLeased`). */
export interface LeaseOptions {
  /**
   * How long a read waits, in total, for a key another process holds the lease for before it
   * loads the key itself, in ms. Default 200.
   */
  readonly waitMs?: number;
  /** How often the tier is asked again during that wait, in ms. Default 20. */
  readonly pollMs?: number;
}

/**
 * Admission control in front of the source: how many loads run at once, how many wait, how long.
 */
export interface AdmissionOptions {
  /** Source loads running at once, at most. Default 4 (near a small pool's size). */
  readonly maxConcurrent?: number;
  /** Loads allowed to wait for a slot; one more is refused at once. Default 1,000. */
  readonly maxQueued?: number;
  /** How long a load may wait for a slot, in ms. Default 1,000. */
  readonly maxWaitMs?: number;
}

/** The queue of writes back into the tiers above the one that answered. */
export interface BackfillOptions {
  /** Backfill writes running at once. Default 4. */
  readonly concurrency?: number;
  /** Writes allowed to wait; more are dropped and counted. Default 1,000. */
  readonly maxQueued?: number;
  /** How long `close()` waits for queued writes, in ms. Default 1,000. */
  readonly drainTimeoutMs?: number;
}

/**
 * Options of {@link createChain}. Every option is checked at creation: an unknown or out-of-range
 * one throws `InvalidOptionError` naming it.
 */
export interface ChainOptions<V> {
  /** Tiers, fastest first. A bare `Tier` takes every default. Default: none. */
  readonly tiers?: readonly (Tier | ChainTierOptions)[];
  /** The truth behind the tiers. */
  readonly source: Source<V>;
  /** How values become bytes. Default `jsonCodec()`. */
  readonly codec?: Codec<V>;
  /** Keys per `source.loadMany` call, at most. Default 100. */
  readonly maxBatch?: number;
  /** Deadline of one source call, in ms. Default 5,000. */
  readonly sourceTimeoutMs?: number;
  /** Admission control in front of the source. */
  readonly admission?: AdmissionOptions;
  /** The write-back queue. */
  readonly backfill?: BackfillOptions;
  /** Cache "not found" for this long, in seconds; 0 = do not cache absence. Default 0. */
  readonly negativeTtlSeconds?: number;
  /** Entries older than this are refreshed from below on the next read; 0 = never. Default 0. */
  readonly softTtlSeconds?: number;
  /**
   * After its soft expiry, how long an entry may still be served when the refresh fails (source
   * error, timeout, overload), in seconds; 0 = never serve stale. Default 0.
   */
  readonly staleIfErrorSeconds?: number;
  /** Gather `get()` calls made in the same tick into one `getMany`. Default true. */
  readonly coalesceGets?: boolean;
  /** `close()` also closes the tiers and the source. Default true. */
  readonly closeTiers?: boolean;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

export interface ResolvedTierOptions {
  readonly tier: Tier;
  readonly ttlSeconds: number;
  readonly ttlJitter: number;
  readonly timeoutMs: number;
  readonly breaker: CircuitBreakerOptions | false;
  readonly enabled: boolean;
  /** Present when the tier offers leases and they are not turned off. */
  readonly leases: Required<LeaseOptions> | undefined;
}

const CHAIN_KEYS = [
  "tiers",
  "source",
  "codec",
  "maxBatch",
  "sourceTimeoutMs",
  "admission",
  "backfill",
  "negativeTtlSeconds",
  "softTtlSeconds",
  "staleIfErrorSeconds",
  "coalesceGets",
  "closeTiers",
  "now",
] as const;
const TIER_KEYS = [
  "tier",
  "ttlSeconds",
  "ttlJitter",
  "timeoutMs",
  "breaker",
  "enabled",
  "leases",
] as const;
const LEASE_KEYS = ["waitMs", "pollMs"] as const;
const ADMISSION_KEYS = ["maxConcurrent", "maxQueued", "maxWaitMs"] as const;
const BACKFILL_KEYS = ["concurrency", "maxQueued", "drainTimeoutMs"] as const;

export const DEFAULT_TIER_TTL_SECONDS = 300;

/** Checks everything `createChain` is given, so a typo fails at start-up, not at 3 a.m. */
export function validateChainOptions<V>(options: ChainOptions<V>): void {
  if (options === null || typeof options !== "object") fail("createChain needs an options object");
  assertKnownKeys(options, CHAIN_KEYS, "createChain");
  const source = options.source as Partial<Source<V>> | undefined;
  if (
    source === undefined ||
    typeof source.loadMany !== "function" ||
    typeof source.name !== "string"
  ) {
    fail(
      "createChain: `source` must be a Source (a `name` and a `loadMany(keys, options)` method)",
    );
  }
  if (options.codec !== undefined) {
    const codec = options.codec;
    if (typeof codec.encode !== "function" || typeof codec.decode !== "function") {
      fail("createChain: `codec` must have `encode` and `decode` methods");
    }
    assertInteger(codec.id, "codec.id", 0, 255);
  }
  optionalInteger(options.maxBatch, "maxBatch", 1);
  optionalNumber(options.sourceTimeoutMs, "sourceTimeoutMs", 1);
  optionalNumber(options.negativeTtlSeconds, "negativeTtlSeconds", 0);
  optionalNumber(options.softTtlSeconds, "softTtlSeconds", 0);
  optionalNumber(options.staleIfErrorSeconds, "staleIfErrorSeconds", 0);
  optionalBoolean(options.coalesceGets, "coalesceGets");
  optionalBoolean(options.closeTiers, "closeTiers");
  if (options.now !== undefined && typeof options.now !== "function")
    fail("createChain: `now` must be a function");
  if (options.admission !== undefined) {
    assertKnownKeys(options.admission, ADMISSION_KEYS, "admission");
    optionalInteger(options.admission.maxConcurrent, "admission.maxConcurrent", 1);
    optionalInteger(options.admission.maxQueued, "admission.maxQueued", 0);
    optionalNumber(options.admission.maxWaitMs, "admission.maxWaitMs", 0);
  }
  if (options.backfill !== undefined) {
    assertKnownKeys(options.backfill, BACKFILL_KEYS, "backfill");
    optionalInteger(options.backfill.concurrency, "backfill.concurrency", 1);
    optionalInteger(options.backfill.maxQueued, "backfill.maxQueued", 0);
    optionalNumber(options.backfill.drainTimeoutMs, "backfill.drainTimeoutMs", 0);
  }
  if (options.tiers !== undefined && !Array.isArray(options.tiers))
    fail("createChain: `tiers` must be an array");
}

/** Turns a bare tier or a tier with settings into settings with every default filled in. */
export function resolveTierOptions(
  entry: Tier | ChainTierOptions,
  index: number,
): ResolvedTierOptions {
  const where = `tiers[${index}]`;
  if (entry === null || typeof entry !== "object")
    fail(`createChain: ${where} must be a Tier or { tier, ... }`);
  const options: ChainTierOptions = isTier(entry) ? { tier: entry } : entry;
  assertKnownKeys(options, TIER_KEYS, where);
  if (!isTier(options.tier)) {
    fail(
      `createChain: ${where}.tier must be a Tier (name, capabilities, getMany, setMany, deleteMany, close)`,
    );
  }
  optionalNumber(options.ttlSeconds, `${where}.ttlSeconds`, 0);
  optionalNumber(options.ttlJitter, `${where}.ttlJitter`, 0, 1);
  optionalNumber(options.timeoutMs, `${where}.timeoutMs`, 1);
  optionalBoolean(options.enabled, `${where}.enabled`);
  if (options.breaker !== undefined && options.breaker !== false) {
    assertKnownKeys(options.breaker, BREAKER_OPTION_KEYS, `${where}.breaker`);
    const b = options.breaker;
    optionalInteger(b.consecutiveFailures, `${where}.breaker.consecutiveFailures`, 1);
    optionalNumber(b.failureRate, `${where}.breaker.failureRate`, 0, 1);
    optionalInteger(b.minimumCalls, `${where}.breaker.minimumCalls`, 1);
    optionalNumber(b.windowMs, `${where}.breaker.windowMs`, 1);
    optionalNumber(b.cooldownMs, `${where}.breaker.cooldownMs`, 0);
  }
  if (options.leases !== undefined && options.leases !== false) {
    assertKnownKeys(options.leases, LEASE_KEYS, `${where}.leases`);
    optionalNumber(options.leases.waitMs, `${where}.leases.waitMs`, 0);
    optionalNumber(options.leases.pollMs, `${where}.leases.pollMs`, 1);
  }
  const offersLeases =
    typeof options.tier.getManyLeased === "function" &&
    typeof options.tier.releaseLeases === "function";
  return {
    tier: options.tier,
    ttlSeconds:
      options.ttlSeconds ?? options.tier.capabilities.defaultTtlSeconds ?? DEFAULT_TIER_TTL_SECONDS,
    ttlJitter: options.ttlJitter ?? 0.1,
    timeoutMs: options.timeoutMs ?? 100,
    breaker: options.breaker ?? {},
    enabled: options.enabled ?? true,
    leases:
      offersLeases && options.leases !== false
        ? { waitMs: options.leases?.waitMs ?? 200, pollMs: options.leases?.pollMs ?? 20 }
        : undefined,
  };
}

function isTier(value: unknown): value is Tier {
  if (value === null || typeof value !== "object") return false;
  const t = value as Partial<Tier>;
  return (
    typeof t.name === "string" &&
    typeof t.getMany === "function" &&
    typeof t.setMany === "function" &&
    typeof t.deleteMany === "function" &&
    typeof t.close === "function" &&
    typeof t.capabilities === "object" &&
    t.capabilities !== null
  );
}

function assertKnownKeys(value: object, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      fail(`${where}: unknown option "${key}" (known: ${known.join(", ")})`);
  }
}

function optionalNumber(
  value: unknown,
  name: string,
  min: number,
  max = Number.POSITIVE_INFINITY,
): void {
  if (value === undefined) return;
  if (typeof value !== "number" || Number.isNaN(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `between ${min} and ${max}`;
    fail(`\`${name}\` must be a number ${range}, got ${String(value)}`);
  }
}

function optionalInteger(value: unknown, name: string, min: number): void {
  if (value === undefined) return;
  assertInteger(value, name, min, Number.MAX_SAFE_INTEGER);
}

function assertInteger(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(`\`${name}\` must be an integer between ${min} and ${max}, got ${String(value)}`);
  }
}

function optionalBoolean(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== "boolean")
    fail(`\`${name}\` must be a boolean, got ${String(value)}`);
}

function fail(message: string): never {
  throw new InvalidOptionError(message);
}
