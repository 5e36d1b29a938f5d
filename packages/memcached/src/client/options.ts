import { invalidArgument } from "../errors.js";
import type { LongKeyPolicy } from "../keys/key-encoder.js";
import { type MemcachedServerAddress, parseServers, type ServerSpec } from "./server-address.js";

/**
 * Options of {@link createMemcachedClient}; each is checked, and a bad or unknown one throws
 * `E_INVALID_OPTION` naming it.
 */
export interface MemcachedClientOptions {
  /**
   * The servers: `"host:port"` (port 11211 when left out), or `{ host, port?, weight? }`, or a list
   * of either. Keys are spread over several servers by ketama, as libmemcached places them.
   */
  readonly servers: ServerSpec | readonly ServerSpec[];
  /**
   * Connections kept to each server; requests are pipelined on them, a further connection opens
   * only while the open ones are busy. Default 1: on loopback two were no faster (see the README),
   * and one keeps requests to a server in the order they were made.
   */
  readonly poolSize?: number;
  /** Deadline of each request, from the call to its reply, in ms. Default 500. */
  readonly timeoutMs?: number;
  /** Deadline of each connect, in ms. Default 1000. */
  readonly connectTimeoutMs?: number;
  /**
   * How long a server that failed (a refused or timed-out connect, a request past its deadline) is
   * left alone, in ms. Its keys fail at once with `E_NET_UNAVAILABLE` meanwhile (misses for the
   * tier); they are never moved to another server. Default 1000.
   */
  readonly ejectMs?: number;
  /** Put in front of every key on the wire, e.g. `"app1:"`; not hashed for placement. Default `""`. */
  readonly keyPrefix?: string;
  /** Keys too long for memcached: `"refuse"` them, or send a SHA-256 of them (`"hash"`). Default `"refuse"`. */
  readonly longKeys?: LongKeyPolicy;
  /**
   * Largest value a store accepts, in bytes; larger ones fail with `E_VALUE_TOO_LARGE` before
   * anything is sent. memcached's item limit (`-I`, 1 MiB by default) counts the key and about 64
   * bytes of header too. Default 1 MiB - 512 bytes, which fits under `-I 1m` with any key.
   */
  readonly maxValueBytes?: number;
}

/** The client's options with every default applied, as the client uses them. */
export interface ResolvedClientOptions {
  /** The servers, parsed. */
  readonly servers: readonly MemcachedServerAddress[];
  /** Connections per server. */
  readonly poolSize: number;
  /** Deadline of each request, in ms. */
  readonly timeoutMs: number;
  /** Deadline of each connect, in ms. */
  readonly connectTimeoutMs: number;
  /** How long a failed server is left alone, in ms. */
  readonly ejectMs: number;
  /** Put in front of every key on the wire. */
  readonly keyPrefix: string;
  /** What happens to a key too long for memcached. */
  readonly longKeys: LongKeyPolicy;
  /** Largest value a store accepts, in bytes. */
  readonly maxValueBytes: number;
}

const MIB = 1024 * 1024;
/**
 * The default `maxValueBytes`: 1 MiB less 512 bytes, which fits under memcached's default `-I 1m`
 * with any key.
 */
export const DEFAULT_MAX_VALUE_BYTES = MIB - 512;

const KNOWN: ReadonlySet<string> = new Set([
  "servers",
  "poolSize",
  "timeoutMs",
  "connectTimeoutMs",
  "ejectMs",
  "keyPrefix",
  "longKeys",
  "maxValueBytes",
]);

/** Applies the defaults and checks every option; throws `E_INVALID_OPTION` naming the bad one. */
export function resolveClientOptions(options: MemcachedClientOptions): ResolvedClientOptions {
  if (options === null || typeof options !== "object") {
    throw invalidArgument("client options must be an object with at least `servers`");
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw invalidArgument(`unknown client option ${JSON.stringify(key)}`);
  }
  return {
    servers: parseServers(options.servers),
    poolSize: integer("poolSize", options.poolSize, 1, 1, 64),
    timeoutMs: integer("timeoutMs", options.timeoutMs, 500, 1, 600_000),
    connectTimeoutMs: integer("connectTimeoutMs", options.connectTimeoutMs, 1000, 1, 600_000),
    ejectMs: integer("ejectMs", options.ejectMs, 1000, 1, 3_600_000),
    keyPrefix: options.keyPrefix ?? "",
    longKeys: options.longKeys ?? "refuse",
    maxValueBytes: integer(
      "maxValueBytes",
      options.maxValueBytes,
      DEFAULT_MAX_VALUE_BYTES,
      0,
      1024 * MIB,
    ),
  };
}

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw invalidArgument(`${name} must be an integer, ${min}..${max}; got ${String(value)}`);
  }
  return value;
}
