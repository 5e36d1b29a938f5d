/** Options every tier call receives. A tier should stop work and settle soon after `signal` aborts. */
export interface TierCallOptions {
  /** Aborted when the chain's deadline for this call passes or the chain closes. */
  readonly signal: AbortSignal;
}

/** One entry to write into a tier. */
export interface TierEntry {
  /** The key, as the chain's caller gave it. */
  readonly key: string;
  /** The bytes to store: the chain's envelope around the encoded value. */
  readonly value: Uint8Array;
  /** Seconds until the tier may forget the entry; 0 means no expiry. */
  readonly ttlSeconds: number;
}

/** What a tier can do, so the chain and the conformance suite adapt to it. */
export interface TierCapabilities {
  /** The tier honours `ttlSeconds` (an expired entry is never returned). */
  readonly ttl: boolean;
  /**
   * Largest value the tier accepts, in bytes, for any key the chain may send (where the server's
   * limit counts the key too, subtract the longest key); larger entries are skipped by the chain.
   */
  readonly maxValueBytes?: number;
  /** TTL the chain uses for this tier when the chain's options give none; 0 means no expiry. */
  readonly defaultTtlSeconds?: number;
  /** The tier keeps its data across a restart of its server (Tokyo Tyrant does, memcached does not). */
  readonly persistent?: boolean;
}

/**
 * A read whose misses carry a lease (cross-process stampede control): for each missing key either
 * this caller won the right to load it, or another process holds that right and is loading it now.
 */
export interface LeasedRead {
  /** The keys found, with their bytes. */
  readonly hits: Map<string, Uint8Array>;
  /** Misses this caller holds the lease for: it should load them, and write or release them. */
  readonly won: ReadonlySet<string>;
  /** Misses another process holds the lease for; their value should appear shortly. */
  readonly heldElsewhere: ReadonlySet<string>;
}

/**
 * A byte store that may miss, fail or be slow: memcached, Tokyo Tyrant, an in-process LRU.
 * Keys are strings, values are bytes. A tier never needs to know about the chain.
 */
export interface Tier {
  /** Its name in the chain's events, stats and errors, and in `disableTier`/`enableTier`. */
  readonly name: string;
  /** What the tier can do. */
  readonly capabilities: TierCapabilities;
  /** The hits among `keys`; a key absent from the map is a miss. */
  getMany(keys: readonly string[], options: TierCallOptions): Promise<Map<string, Uint8Array>>;
  /** Writes every entry, each with its own TTL; rejects if any could not be written. */
  setMany(entries: readonly TierEntry[], options: TierCallOptions): Promise<void>;
  /** Removes the keys; a key that is not there is not an error. */
  deleteMany(keys: readonly string[], options: TierCallOptions): Promise<void>;
  /** Refuses new calls, lets calls in flight settle and releases connections. */
  close(): Promise<void>;
  /**
   * Optional: `getMany` with leases, for tiers shared by many processes (memcached's
   * vivify-on-miss). A lease ends when a value is written under its key, when it is released,
   * or when the tier's lease time runs out, so a lease holder that dies only delays the others.
   * Misses in neither `won` nor `heldElsewhere` are plain misses.
   */
  getManyLeased?(keys: readonly string[], options: TierCallOptions): Promise<LeasedRead>;
  /** Gives up leases won through `getManyLeased` for keys that will not be written after all. */
  releaseLeases?(keys: readonly string[], options: TierCallOptions): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose]?(): Promise<void>;
}
