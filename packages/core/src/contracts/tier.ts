/** Options every tier call receives. A tier should stop work and settle soon after `signal` aborts. */
export interface TierCallOptions {
  readonly signal: AbortSignal;
}

export interface TierEntry {
  readonly key: string;
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
 * A byte store that may miss, fail or be slow: memcached, Tokyo Tyrant, an in-process LRU.
 * Keys are strings, values are bytes. A tier never needs to know about the chain.
 */
export interface Tier {
  readonly name: string;
  readonly capabilities: TierCapabilities;
  /** The hits among `keys`; a key absent from the map is a miss. */
  getMany(keys: readonly string[], options: TierCallOptions): Promise<Map<string, Uint8Array>>;
  setMany(entries: readonly TierEntry[], options: TierCallOptions): Promise<void>;
  deleteMany(keys: readonly string[], options: TierCallOptions): Promise<void>;
  close(): Promise<void>;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose]?(): Promise<void>;
}
