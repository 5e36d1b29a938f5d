import type { Tier, TierCallOptions, TierCapabilities, TierEntry } from "../contracts/tier.js";
import { InvalidKeyError, InvalidOptionError, TierError, ValueTooLargeError } from "../errors.js";

/**
 * Bytes charged to every entry on top of its value and key, for what V8 spends to hold it: the
 * `Map` slot, the entry record, the `Uint8Array` object and the key string's header. It is an
 * estimate (roughly what Node 20 on x64 spends), not a measurement; what matters is that a million
 * tiny entries are not counted as free, so `maxBytes` bounds real memory, not just payload.
 */
export const MEMORY_TIER_ENTRY_OVERHEAD_BYTES = 128;

const DEFAULT_MAX_ENTRIES = 10_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Options of {@link memoryTier}; each is checked, and a bad one throws `InvalidOptionError`. */
export interface MemoryTierOptions {
  /** The tier's name in events, stats and errors. Default `"memory"`. */
  readonly name?: string;
  /**
   * Most entries held at once; past it the least recently used entries are evicted. A positive
   * integer. Default 10,000.
   */
  readonly maxEntries?: number;
  /**
   * Most bytes held at once, counting for each entry `value.byteLength + key.length * 2 +`
   * {@link MEMORY_TIER_ENTRY_OVERHEAD_BYTES}; past it the least recently used entries are evicted.
   * It is also the largest value accepted (`capabilities.maxValueBytes`): a larger one is refused
   * with `ValueTooLargeError`. A positive integer. Default 64 MiB.
   */
  readonly maxBytes?: number;
  /**
   * Advertised as `capabilities.defaultTtlSeconds`: the TTL the chain uses for this tier when its
   * own options give none. The tier itself always obeys each entry's `ttlSeconds`. A non-negative
   * number; 0 means no expiry. Default 0.
   */
  readonly defaultTtlSeconds?: number;
  /**
   * The clock TTLs are measured against, in milliseconds. Inject one in tests to make time pass
   * without sleeping. Default `performance.now()`, which is monotonic, so a wall-clock step (NTP,
   * DST, an operator) neither expires everything at once nor keeps entries alive forever.
   */
  readonly now?: () => number;
}

/** The in-process LRU tier: a `Tier` plus what an owner of the process-local store may inspect. */
export interface MemoryTier extends Tier {
  /** Entries held, including expired ones not yet touched or evicted. */
  readonly size: number;
  /** Bytes held, counted as `maxBytes` describes. */
  readonly bytes: number;
  /** Drops every entry; the tier stays open. */
  clear(): void;
  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  "name",
  "maxEntries",
  "maxBytes",
  "defaultTtlSeconds",
  "now",
]);

/**
 * An in-process LRU byte store, bounded by entry count and by bytes, with per-entry TTL.
 *
 * Values are held by reference, not copied, because this tier sits on the chain's hit path: do not
 * mutate a `Uint8Array` after passing it to `setMany` or after receiving it from `getMany`. The
 * one exception is a value that is a view into a larger buffer (for instance a slice of a socket
 * read): it is copied on write so the entry does not pin the whole buffer, which `maxBytes` would
 * not see.
 */
export function memoryTier(options: MemoryTierOptions = {}): MemoryTier {
  return new LruMemoryTier(validateOptions(options));
}

interface ResolvedOptions {
  readonly name: string;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly defaultTtlSeconds: number;
  readonly now: () => number;
}

/** One stored value. `cost` is kept so eviction and overwrite need not recompute it. */
interface Entry {
  readonly value: Uint8Array;
  /** Clock time (ms) from which the entry is expired; 0 means never. */
  readonly expiresAt: number;
  readonly cost: number;
}

class LruMemoryTier implements MemoryTier {
  readonly name: string;
  readonly capabilities: TierCapabilities;

  /**
   * Insertion order is recency order: a hit deletes and re-inserts its key, so the first key is
   * always the least recently used one and eviction takes from the front. V8's ordered hash
   * map makes both O(1) without a separate linked list to allocate and maintain.
   */
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #now: () => number;
  /**
   * A live iterator at the least recently used entry. A fresh iterator per eviction would start at
   * the map's first slot and step over every slot freed by earlier deletes and bumps until V8
   * compacts the table: O(size) per write under steady eviction, 10x slower in practice. A live
   * iterator only moves forward; everything behind it has been deleted (evicted, or bumped to the
   * end, where it will meet it again), so its next entry is always the oldest live one.
   */
  #cursor: MapIterator<[string, Entry]>;
  #bytes = 0;
  #closed = false;

  constructor(options: ResolvedOptions) {
    this.name = options.name;
    this.#maxEntries = options.maxEntries;
    this.#maxBytes = options.maxBytes;
    this.#now = options.now;
    this.#cursor = this.#entries.entries();
    this.capabilities = Object.freeze({
      ttl: true,
      persistent: false,
      maxValueBytes: options.maxBytes,
      defaultTtlSeconds: options.defaultTtlSeconds,
    });
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  // The signal is not consulted: every call completes synchronously, before an abort could land.
  async getMany(
    keys: readonly string[],
    _options: TierCallOptions,
  ): Promise<Map<string, Uint8Array>> {
    if (this.#closed) throw closedError();
    const entries = this.#entries;
    const found = new Map<string, Uint8Array>();
    // Read the clock at most once per call, and only if some hit carries a TTL.
    let now = -1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const entry = entries.get(key);
      if (entry === undefined) continue;
      if (entry.expiresAt !== 0) {
        if (now < 0) now = this.#now();
        if (now >= entry.expiresAt) {
          entries.delete(key);
          this.#bytes -= entry.cost;
          continue;
        }
      }
      entries.delete(key);
      entries.set(key, entry);
      found.set(key, entry.value);
    }
    return found;
  }

  async setMany(batch: readonly TierEntry[], _options: TierCallOptions): Promise<void> {
    if (this.#closed) throw closedError();
    // Check the whole batch before writing any of it, so a refused batch leaves the tier as it was.
    for (let i = 0; i < batch.length; i++) {
      const { key, value, ttlSeconds } = batch[i]!;
      if (value.byteLength > this.#maxBytes) {
        throw new ValueTooLargeError(this.name, key, value.byteLength, this.#maxBytes);
      }
      if (!(ttlSeconds >= 0 && ttlSeconds < Number.POSITIVE_INFINITY)) {
        throw new InvalidKeyError(
          `memory tier "${this.name}": ttlSeconds of ${JSON.stringify(key)} must be a finite number >= 0 (0 = no expiry), got ${String(ttlSeconds)}`,
        );
      }
    }
    const entries = this.#entries;
    let now = -1;
    for (let i = 0; i < batch.length; i++) {
      const { key, ttlSeconds } = batch[i]!;
      let value = batch[i]!.value;
      if (value.byteOffset !== 0 || value.byteLength !== value.buffer.byteLength) {
        value = new Uint8Array(value);
      }
      let expiresAt = 0;
      if (ttlSeconds > 0) {
        if (now < 0) now = this.#now();
        expiresAt = now + ttlSeconds * 1000;
      }
      const previous = entries.get(key);
      if (previous !== undefined) {
        // Deleting first moves an overwritten key to the most recent end.
        entries.delete(key);
        this.#bytes -= previous.cost;
      }
      const cost = value.byteLength + key.length * 2 + MEMORY_TIER_ENTRY_OVERHEAD_BYTES;
      entries.set(key, { value, expiresAt, cost });
      this.#bytes += cost;
      this.#evict();
    }
  }

  async deleteMany(keys: readonly string[], _options: TierCallOptions): Promise<void> {
    if (this.#closed) throw closedError();
    const entries = this.#entries;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const entry = entries.get(key);
      if (entry === undefined) continue;
      entries.delete(key);
      this.#bytes -= entry.cost;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#cursor = this.#entries.entries();
    this.#bytes = 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.clear();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Drops least recently used entries until both bounds hold. The newest entry is never dropped:
   * its value fits `maxBytes` (setMany checked), and refusing it after accepting it would be
   * worse than letting its key and overhead overshoot `maxBytes` while it is the only entry.
   * Expired entries are not searched for: an expired entry nobody reads drifts to the front and is
   * reclaimed here like any other cold entry, so a write costs O(evicted), never O(size).
   */
  #evict(): void {
    const entries = this.#entries;
    while ((entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) && entries.size > 1) {
      let next = this.#cursor.next();
      if (next.done === true) {
        this.#cursor = entries.entries();
        next = this.#cursor.next();
        if (next.done === true) return;
      }
      const [key, entry] = next.value;
      entries.delete(key);
      this.#bytes -= entry.cost;
    }
  }
}

function closedError(): TierError {
  return new TierError("E_CLOSED", "memory tier is closed");
}

function validateOptions(options: MemoryTierOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new InvalidOptionError("memory tier: options must be an object");
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new InvalidOptionError(
        `memory tier: unknown option ${JSON.stringify(key)} (known: ${[...KNOWN_OPTIONS].join(", ")})`,
      );
    }
  }
  const { name = "memory", now = () => performance.now() } = options;
  if (typeof name !== "string" || name.length === 0) {
    throw new InvalidOptionError("memory tier: name must be a non-empty string");
  }
  if (typeof now !== "function") {
    throw new InvalidOptionError("memory tier: now must be a function returning milliseconds");
  }
  const maxEntries = positiveInteger("maxEntries", options.maxEntries, DEFAULT_MAX_ENTRIES);
  const maxBytes = positiveInteger("maxBytes", options.maxBytes, DEFAULT_MAX_BYTES);
  const defaultTtlSeconds = options.defaultTtlSeconds ?? 0;
  if (
    typeof defaultTtlSeconds !== "number" ||
    !Number.isFinite(defaultTtlSeconds) ||
    defaultTtlSeconds < 0
  ) {
    throw new InvalidOptionError(
      `memory tier: defaultTtlSeconds must be a finite number >= 0 (0 = no expiry), got ${String(defaultTtlSeconds)}`,
    );
  }
  return { name, maxEntries, maxBytes, defaultTtlSeconds, now };
}

function positiveInteger(option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidOptionError(
      `memory tier: ${option} must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}
