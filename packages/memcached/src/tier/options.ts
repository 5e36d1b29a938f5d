import type { MemcachedClientOptions } from "../client/options.js";
import { MemcachedClient } from "../client.js";
import { invalidArgument } from "../errors.js";

/**
 * The tier's cross-process leases (vivify on miss), the `leases` option of {@link memcachedTier}.
 */
export interface MemcachedTierLeaseOptions {
  /**
   * How long a won lease lasts on the server, in seconds: if the process that won it dies before
   * filling it, other processes wait at most this long before one of them loads the key. Default 10.
   */
  readonly ttlSeconds?: number;
  /** Won leases remembered (with their CAS, to release them) at most. Default 10,000. */
  readonly maxHeld?: number;
}

/**
 * Either `client` (an existing client, which the tier then does not close) or the client's own
 * options (`servers`, `timeoutMs`, ...), from which the tier makes a client it owns.
 */
export interface MemcachedTierOptions extends Partial<MemcachedClientOptions> {
  /**
   * An existing client to use; the tier then takes no client options and never closes it. Default:
   * a client made from the other options (with `longKeys: "hash"`), closed with the tier.
   */
  readonly client?: MemcachedClient;
  /** The tier's name in the chain's events and stats. Default `"memcached"`. */
  readonly name?: string;
  /** The TTL the chain uses for this tier unless told otherwise, in seconds. Default 300. */
  readonly defaultTtlSeconds?: number;
  /**
   * Client flags stored with every value (non-zero, so that a lease placeholder, which has flags
   * 0, is never taken for a value). Default 1.
   */
  readonly clientFlags?: number;
  /** Cross-process leases (vivify on miss), or `false` to offer none. Default on. */
  readonly leases?: MemcachedTierLeaseOptions | false;
}

export interface ResolvedTierOptions {
  readonly client: MemcachedClient;
  readonly ownsClient: boolean;
  readonly name: string;
  readonly defaultTtlSeconds: number;
  readonly clientFlags: number;
  readonly leases: Required<MemcachedTierLeaseOptions> | undefined;
}

const TIER_KEYS: ReadonlySet<string> = new Set([
  "client",
  "name",
  "defaultTtlSeconds",
  "clientFlags",
  "leases",
]);

export function resolveTierOptions(options: MemcachedTierOptions): ResolvedTierOptions {
  if (options === null || typeof options !== "object") {
    throw invalidArgument("memcachedTier options must be an object");
  }
  const clientOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!TIER_KEYS.has(key)) clientOptions[key] = value;
  }
  const given = options.client;
  if (given !== undefined && !(given instanceof MemcachedClient)) {
    throw invalidArgument("client must be a MemcachedClient (from createMemcachedClient)");
  }
  if (given !== undefined && Object.keys(clientOptions).length > 0) {
    throw invalidArgument(
      `pass either client or client options, not both (got ${Object.keys(clientOptions).join(", ")})`,
    );
  }
  const name = options.name ?? "memcached";
  if (typeof name !== "string" || name.length === 0) {
    throw invalidArgument("name must be a non-empty string");
  }
  const clientFlags = options.clientFlags ?? 1;
  if (!Number.isInteger(clientFlags) || clientFlags < 1 || clientFlags > 0xffffffff) {
    throw invalidArgument(`clientFlags must be an integer, 1..2^32-1; got ${String(clientFlags)}`);
  }
  const defaultTtlSeconds = options.defaultTtlSeconds ?? 300;
  if (!Number.isSafeInteger(defaultTtlSeconds) || defaultTtlSeconds < 0) {
    throw invalidArgument(`defaultTtlSeconds must be an integer >= 0, got ${defaultTtlSeconds}`);
  }
  const client =
    given ??
    new MemcachedClient({
      // Every string is a usable key for a tier: keys too long for memcached go hashed.
      longKeys: "hash",
      ...(clientOptions as Partial<MemcachedClientOptions>),
    } as MemcachedClientOptions);
  return {
    client,
    ownsClient: given === undefined,
    name,
    defaultTtlSeconds,
    clientFlags,
    leases: resolveLeases(options.leases),
  };
}

function resolveLeases(
  leases: MemcachedTierLeaseOptions | false | undefined,
): Required<MemcachedTierLeaseOptions> | undefined {
  if (leases === false) return undefined;
  for (const key of Object.keys(leases ?? {})) {
    if (key !== "ttlSeconds" && key !== "maxHeld") {
      throw invalidArgument(`unknown leases option ${JSON.stringify(key)}`);
    }
  }
  const ttlSeconds = leases?.ttlSeconds ?? 10;
  const maxHeld = leases?.maxHeld ?? 10_000;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 3600) {
    throw invalidArgument(`leases.ttlSeconds must be an integer, 1..3600; got ${ttlSeconds}`);
  }
  if (!Number.isSafeInteger(maxHeld) || maxHeld < 1) {
    throw invalidArgument(`leases.maxHeld must be a positive integer, got ${maxHeld}`);
  }
  return { ttlSeconds, maxHeld };
}
