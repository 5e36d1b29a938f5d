import { type Chain, type ChainTierOptions, createChain } from "@tier/core";
import { memcachedTier } from "@tier/memcached";
import { tokyoTyrantTier } from "@tier/tokyotyrant";
import type { DemoItem } from "../item.js";
import type { CountingSource } from "../metrics/counting-source.js";

/**
 * The settings a production user on weak hardware would pick. memcached answers in well under a
 * millisecond on a LAN; 100 ms (core's default) leaves room for a busy client process's event
 * loop, which on a loaded 2-core machine runs timers tens of milliseconds late, without letting a
 * hung server hold a read for long. TT reads from disk, so it gets half as much again. Breakers cool down for a second: short enough to notice a recovered server within a
 * few seconds' phase, long enough that a hung server costs one deadline per second, not per read.
 */
export const MEMCACHED_TIMEOUT_MS = 100;
export const TOKYO_TYRANT_TIMEOUT_MS = 150;
export const KEY_PREFIX = "tier-demo:";

const BREAKER = {
  consecutiveFailures: 5,
  failureRate: 0.5,
  minimumCalls: 20,
  windowMs: 5_000,
  cooldownMs: 1_000,
} as const;

export interface ChainServers {
  /** memcached servers as `host:port` (the demo's proxies). */
  readonly memcached: readonly string[];
  /** The TT server as `host:port`, or undefined for the chain without TT. */
  readonly tokyoTyrant: string | undefined;
}

export function buildChain(servers: ChainServers, source: CountingSource): Chain<DemoItem> {
  const tiers: ChainTierOptions[] = [
    {
      tier: memcachedTier({
        servers: [...servers.memcached],
        keyPrefix: KEY_PREFIX,
        // The client gives up a little before the chain, so a hung server fails its own keys.
        timeoutMs: MEMCACHED_TIMEOUT_MS - 10,
        connectTimeoutMs: MEMCACHED_TIMEOUT_MS - 10,
        ejectMs: 500,
      }),
      timeoutMs: MEMCACHED_TIMEOUT_MS,
      ttlSeconds: 3_600,
      breaker: BREAKER,
    },
  ];
  if (servers.tokyoTyrant !== undefined) {
    tiers.push({
      tier: tokyoTyrantTier({
        servers: servers.tokyoTyrant,
        database: "hash",
        keyPrefix: KEY_PREFIX,
        timeoutMs: TOKYO_TYRANT_TIMEOUT_MS - 10,
        connectTimeoutMs: TOKYO_TYRANT_TIMEOUT_MS / 2,
      }),
      timeoutMs: TOKYO_TYRANT_TIMEOUT_MS,
      // Immutable rows: nothing in TT ever expires (the original system's setting).
      ttlSeconds: 0,
      breaker: BREAKER,
    });
  }
  return createChain<DemoItem>({
    tiers,
    source,
    maxBatch: 100,
    sourceTimeoutMs: 2_000,
    // At most the source pool's connections; a burst waits briefly instead of flooding MySQL.
    admission: { maxConcurrent: 4, maxQueued: 2_000, maxWaitMs: 1_000 },
    // A cold start backfills every row it loads: a deep queue keeps those writes from being dropped.
    backfill: { concurrency: 8, maxQueued: 20_000 },
  });
}
