import type { LeasedRead, Tier, TierCallOptions, TierCapabilities, TierEntry } from "@tier/core";
import { isLeasePlaceholder } from "./client/placeholder.js";
import type { MemcachedItem } from "./client/results.js";
import type { MemcachedClient } from "./client.js";
import { MemcachedClosedError } from "./errors.js";
import { readFailure, writeFailure } from "./tier/failure-policy.js";
import { LeaseBook } from "./tier/lease-book.js";
import {
  type MemcachedTierOptions,
  type ResolvedTierOptions,
  resolveTierOptions,
} from "./tier/options.js";

/**
 * memcached as a tier of a chain: `getMany` is one round trip per server, values carry client
 * flags so lease placeholders are never taken for values, and (unless `leases: false`) reads hand
 * out cross-process leases so a cold key is loaded once across every process sharing the servers.
 */
export function memcachedTier(
  options: MemcachedTierOptions & { readonly leases: false },
): MemcachedTier;
export function memcachedTier(options: MemcachedTierOptions): LeasingMemcachedTier;
export function memcachedTier(options: MemcachedTierOptions): MemcachedTier {
  const resolved = resolveTierOptions(options);
  return resolved.leases === undefined
    ? new MemcachedTier(resolved)
    : new LeasingMemcachedTier(resolved);
}

/**
 * memcached as a tier of a chain, without leases. Create it with {@link memcachedTier} (`leases:
 * false`).
 */
export class MemcachedTier implements Tier {
  /** The tier's name in the chain's events and stats. */
  readonly name: string;
  /** `{ ttl: true, maxValueBytes, defaultTtlSeconds, persistent: false }`. */
  readonly capabilities: TierCapabilities;
  /** The client the tier talks through. */
  readonly client: MemcachedClient;
  /** Client flags stored with every value; 0 marks a lease placeholder, so never 0. */
  protected readonly clientFlags: number;
  private readonly ownsClient: boolean;
  private closing: Promise<void> | undefined;

  /** @internal Create tiers with {@link memcachedTier}, which checks the options. */
  constructor(options: ResolvedTierOptions) {
    this.name = options.name;
    this.client = options.client;
    this.ownsClient = options.ownsClient;
    this.clientFlags = options.clientFlags;
    this.capabilities = Object.freeze({
      ttl: true,
      maxValueBytes: options.client.maxValueBytes,
      defaultTtlSeconds: options.defaultTtlSeconds,
      persistent: false,
    });
  }

  /** The hits; a lease placeholder or an invalidated (stale) item is a miss. */
  async getMany(
    keys: readonly string[],
    options: TierCallOptions,
  ): Promise<Map<string, Uint8Array>> {
    this.checkOpen();
    const { items, failures } = await this.client.getManyItems(keys, { signal: options.signal });
    const failure = readFailure(this.client, failures, distinctCount(keys));
    if (failure !== undefined) throw failure;
    const hits = new Map<string, Uint8Array>();
    for (const [key, item] of items) if (isValue(item)) hits.set(key, item.value);
    return hits;
  }

  /**
   * One quiet `ms` batch per server, each value with the tier's client flags. Values over
   * `maxValueBytes` are not sent; the call then rejects with `ValueTooLargeError` after writing
   * the rest.
   */
  async setMany(entries: readonly TierEntry[], options: TierCallOptions): Promise<void> {
    this.checkOpen();
    const { failures } = await this.client.setMany(
      entries.map((entry) => ({ key: entry.key, value: entry.value, ttl: entry.ttlSeconds })),
      { clientFlags: this.clientFlags, signal: options.signal },
    );
    this.written(entries);
    const failure = writeFailure(this.client, failures);
    if (failure !== undefined) throw failure;
  }

  /** One quiet `md` batch per server. */
  async deleteMany(keys: readonly string[], options: TierCallOptions): Promise<void> {
    this.checkOpen();
    const { failures } = await this.client.deleteMany(keys, { signal: options.signal });
    const failure = writeFailure(this.client, failures);
    if (failure !== undefined) throw failure;
  }

  /**
   * Refuses new calls at once; calls in flight settle. Closes the client if the tier made it (not
   * one it was given). Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= this.ownsClient ? this.client.close() : Promise.resolve();
    return this.closing;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Throws `MemcachedClosedError` once `close()` was called. */
  protected checkOpen(): void {
    if (this.closing !== undefined) throw new MemcachedClosedError("tier");
  }

  /** Hook for the written entries' bookkeeping (leases filled). */
  protected written(_entries: readonly TierEntry[]): void {}
}

/**
 * The tier with leases: a miss read through `getManyLeased` leaves a placeholder living
 * `leases.ttlSeconds` on the server, won by exactly one reader across all processes; the chain
 * loads that key and writes it (a plain store replaces the placeholder) or releases the lease.
 */
export class LeasingMemcachedTier extends MemcachedTier {
  private readonly leaseTtlSeconds: number;
  private readonly book: LeaseBook;

  /** @internal Create tiers with {@link memcachedTier}, which checks the options. */
  constructor(options: ResolvedTierOptions) {
    super(options);
    const leases = options.leases ?? { ttlSeconds: 10, maxHeld: 10_000 };
    this.leaseTtlSeconds = leases.ttlSeconds;
    this.book = new LeaseBook(leases.ttlSeconds * 1000, leases.maxHeld);
  }

  /**
   * `getMany` with leases: each miss is either won by this process (it loads the key) or held by
   * another (the chain waits for it).
   */
  async getManyLeased(keys: readonly string[], options: TierCallOptions): Promise<LeasedRead> {
    this.checkOpen();
    const read = await this.client.getManyLeased(keys, {
      leaseTtlSeconds: this.leaseTtlSeconds,
      signal: options.signal,
    });
    const failure = readFailure(this.client, read.failures, distinctCount(keys));
    if (failure !== undefined) throw failure;
    for (const [key, cas] of read.won) this.book.record(key, cas);
    return { hits: read.hits, won: new Set(read.won.keys()), heldElsewhere: read.heldElsewhere };
  }

  /** Deletes each placeholder this tier won, only if it is still that placeholder (its CAS). */
  async releaseLeases(keys: readonly string[], options: TierCallOptions): Promise<void> {
    this.checkOpen();
    const leases = new Map<string, bigint>();
    for (const key of keys) {
      const cas = this.book.take(key);
      if (cas !== undefined) leases.set(key, cas);
    }
    if (leases.size === 0) return;
    const { failures } = await this.client.releaseLeases(leases, { signal: options.signal });
    const failure = writeFailure(this.client, failures);
    if (failure !== undefined) throw failure;
  }

  /** Leases won by this process that are neither filled nor released yet. */
  get leasesHeld(): number {
    return this.book.size;
  }

  protected override written(entries: readonly TierEntry[]): void {
    if (this.book.size === 0) return;
    for (const entry of entries) this.book.forget(entry.key);
  }
}

function isValue(item: MemcachedItem): boolean {
  return !item.stale && !isLeasePlaceholder(item.value, item);
}

function distinctCount(keys: readonly string[]): number {
  return keys.length > 1 ? new Set(keys).size : keys.length;
}
