import type { Tier } from "@tier/core";

/**
 * What the tier under test can do. Every field is a promise the suite checks, so claim only what
 * the tier really does; a missing capability skips the tests that need it.
 */
export interface ConformanceCapabilities {
  /**
   * The tier enforces `ttlSeconds` and the suite can observe expiry (with `advanceTime`, or by
   * really waiting `ttlExpiryMs`). When false the TTL tests are skipped.
   */
  readonly ttl: boolean;
  /**
   * Key cases the tier cannot pass, each with the reason, shown in the skipped test's name.
   * Conformance means every JavaScript string is a usable key: a tier whose server cannot hold a
   * key must encode it (and encode distinct keys to distinct server keys), not reject it. Use this
   * only for a tier that cannot do that by design; the default skips nothing.
   */
  readonly unsupportedKeys?: {
    /** Non-ASCII keys: emoji, CJK, combining characters, NFC versus NFD forms. */
    readonly utf8?: string;
    /** Keys with spaces, CR, LF, tab, NUL, DEL and look-alikes of an encoding ("a%20b", "a_b"). */
    readonly control?: string;
    /** Keys of 1,000 characters, beyond memcached's 250-byte key limit. */
    readonly long?: string;
  };
}

export interface ConformanceOptions {
  /**
   * Creates a tier for one test. It should be empty; since a real server may be shared between
   * tests (and between runs), the suite also gives every test its own key namespace. The suite
   * closes every tier it created after each test.
   */
  create(): Promise<Tier> | Tier;
  /** What the tier can do; tests that need a missing capability are skipped. */
  readonly capabilities: ConformanceCapabilities;
  /**
   * Makes `ms` milliseconds pass for the TTL tests, by advancing a clock injected into the tier.
   * Default: really wait `ms` (what a tier backed by a real server needs).
   */
  advanceTime?(ms: number): Promise<void>;
  /**
   * How long the suite lets pass after writing an entry with a 1-second TTL before it expects the
   * entry to be gone. Default 2,100 ms: memcached counts TTLs against a clock that ticks once a
   * second, so a 1-second TTL can live for almost 2 seconds there.
   */
  readonly ttlExpiryMs?: number;
  /**
   * Creates a tier whose server is down (nothing listening on its address), for the "server down"
   * tests; they are skipped when this is absent. It is closed after each test like any other.
   */
  createUnreachable?(): Promise<Tier> | Tier;
  /**
   * Deadline for the "server down" and "close" tests. Calls on an unreachable tier get
   * `AbortSignal.timeout(deadlineMs)` and must reject within it (plus a 1,000 ms allowance for a
   * slow test machine); calls on a closed tier get a signal that never aborts and must still
   * reject within it; `close()` of an unreachable tier must resolve within it. Default 2,000 ms.
   */
  readonly deadlineMs?: number;
  /**
   * Deadline for every ordinary call on a working tier, passed as `AbortSignal.timeout`, so a call
   * that hangs fails its test with the tier's abort error instead of the test timeout. Default
   * 5,000 ms.
   */
  readonly callTimeoutMs?: number;
  /** How many keys the concurrency tests use, each with its own concurrent call. Default 1,000. */
  readonly concurrency?: number;
  /**
   * Start of every key the suite writes; each test adds its own number after it. Default a random
   * string per run, so runs against a shared server never see each other's entries.
   */
  readonly keyPrefix?: string;
}

/** Options with every default applied. */
export interface ResolvedConformanceOptions {
  readonly create: () => Promise<Tier> | Tier;
  readonly createUnreachable: (() => Promise<Tier> | Tier) | undefined;
  readonly capabilities: ConformanceCapabilities;
  readonly advanceTime: (ms: number) => Promise<void>;
  readonly ttlExpiryMs: number;
  readonly deadlineMs: number;
  readonly callTimeoutMs: number;
  readonly concurrency: number;
  readonly keyPrefix: string;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  "create",
  "capabilities",
  "advanceTime",
  "ttlExpiryMs",
  "createUnreachable",
  "deadlineMs",
  "callTimeoutMs",
  "concurrency",
  "keyPrefix",
]);

export function resolveOptions(options: ConformanceOptions): ResolvedConformanceOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TypeError(`runTierConformance: unknown option ${JSON.stringify(key)}`);
    }
  }
  if (typeof options.create !== "function") {
    throw new TypeError("runTierConformance: create must be a function returning a tier");
  }
  if (typeof options.capabilities?.ttl !== "boolean") {
    throw new TypeError("runTierConformance: capabilities.ttl must be a boolean");
  }
  const advanceTime = options.advanceTime?.bind(options) ?? sleep;
  const createUnreachable = options.createUnreachable?.bind(options);
  return {
    create: options.create.bind(options),
    createUnreachable,
    capabilities: options.capabilities,
    advanceTime,
    ttlExpiryMs: positive("ttlExpiryMs", options.ttlExpiryMs, 2_100),
    deadlineMs: positive("deadlineMs", options.deadlineMs, 2_000),
    callTimeoutMs: positive("callTimeoutMs", options.callTimeoutMs, 5_000),
    concurrency: positive("concurrency", options.concurrency, 1_000),
    keyPrefix: options.keyPrefix ?? `tk${Math.random().toString(36).slice(2, 10)}:`,
  };
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`runTierConformance: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
