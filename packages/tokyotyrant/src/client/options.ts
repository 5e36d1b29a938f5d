import { invalidOption } from "../errors.js";
import { type ReplyLimits, resolveReplyLimits } from "../protocol/limits.js";
import type { KnownIndexes } from "../protocol/request-safety.js";
import { TABLE_INDEX_TYPES, type TableIndexType } from "../protocol/table-index.js";
import { parseServerList, type ServerAddress, type TokyoTyrantServer } from "./server-address.js";

/**
 * What the servers hold, for the crash guards of plain puts (see the README, "Requests the client
 * refuses"): `"table"` for a table database (`*.tct`), `"hash"` for any other file database
 * (`*.tch`, `*.tcb`, `*.tcf`), `"memory"` for an on-memory one (`*`, `+`). `"auto"` asks the
 * servers' `stat` once, before the first put that would need to know.
 */
export type TokyoTyrantDatabase = "auto" | "hash" | "table" | "memory";

/** Options of {@link createTokyoTyrantClient}; every field but `servers` has a default. */
export interface TokyoTyrantClientOptions {
  /** `"host:port"` strings (port default 1978) or objects. One server, or several with `topology`. */
  readonly servers: string | TokyoTyrantServer | readonly (string | TokyoTyrantServer)[];
  /**
   * How several servers are used. `"replicas"` (default): each holds the whole dataset (dual
   * master); requests go to the first server in the list that is not failing and fail over to the
   * next. `"shards"`: each key lives on one server, chosen by consistent hashing of the key.
   */
  readonly topology?: "replicas" | "shards";
  /** Connections kept to each server; requests are pipelined on them. Default 2. */
  readonly poolSize?: number;
  /** Deadline of each operation in ms, failovers and multi-server fan-outs included. Default 1000. */
  readonly timeoutMs?: number;
  /** Deadline of each connect in ms. Keep it below `timeoutMs` so a failover has time left. Default 500. */
  readonly connectTimeoutMs?: number;
  /**
   * After a failed connect, the server is left alone for `initialMs` (default 100), doubling with
   * each further failure up to `maxMs` (default 5000, or `initialMs` if that is longer). Replicas that fail a request are passed
   * over for the same windows.
   */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Caps on what a reply may claim; a reply above them is a `ProtocolError`. */
  readonly limits?: Partial<ReplyLimits>;
  /** What the servers hold. Default `"auto"`. */
  readonly database?: TokyoTyrantDatabase;
  /**
   * The indexes table columns already have, by column name, for the crash guard of table puts.
   * Default `"unknown"`: every column may have a lexical or decimal index, so an empty column value
   * is refused. Indexes this client creates with `table.setIndex` are added as it goes.
   */
  readonly indexes?: KnownIndexes;
}

export interface ResolvedClientOptions {
  readonly servers: readonly ServerAddress[];
  readonly topology: "replicas" | "shards";
  readonly poolSize: number;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  readonly limits: ReplyLimits;
  readonly database: TokyoTyrantDatabase;
  readonly indexes: ReadonlyMap<string, TableIndexType> | "unknown";
}

/** What each client option is when not given; `resolveClientOptions` fills these in. */
export const CLIENT_DEFAULTS = Object.freeze({
  topology: "replicas",
  poolSize: 2,
  timeoutMs: 1000,
  connectTimeoutMs: 500,
  backoffInitialMs: 100,
  backoffMaxMs: 5000,
  database: "auto",
} as const);

const DATABASES: readonly TokyoTyrantDatabase[] = ["auto", "hash", "table", "memory"];
const MAX_POOL_SIZE = 64;
/** A timer longer than this fires at once in Node. */
const MAX_TIMER_MS = 2_147_483_647;

export function resolveClientOptions(options: TokyoTyrantClientOptions): ResolvedClientOptions {
  if (options === null || typeof options !== "object") {
    throw invalidOption("createTokyoTyrantClient needs an options object with `servers`");
  }
  if (options.servers === undefined) throw invalidOption("servers is required");
  const topology = options.topology ?? CLIENT_DEFAULTS.topology;
  if (topology !== "replicas" && topology !== "shards") {
    throw invalidOption(`topology must be "replicas" or "shards", got ${String(topology)}`);
  }
  const database = options.database ?? CLIENT_DEFAULTS.database;
  if (!DATABASES.includes(database)) {
    throw invalidOption(`database must be one of ${DATABASES.join(", ")}, got ${String(database)}`);
  }
  const initialMs = milliseconds(
    "backoff.initialMs",
    options.backoff?.initialMs,
    CLIENT_DEFAULTS.backoffInitialMs,
  );
  // A long first wait given alone raises the cap with it rather than conflict with the default.
  const maxMs = milliseconds(
    "backoff.maxMs",
    options.backoff?.maxMs,
    Math.max(CLIENT_DEFAULTS.backoffMaxMs, initialMs),
  );
  if (maxMs < initialMs) throw invalidOption("backoff.maxMs must not be below backoff.initialMs");
  return {
    servers: parseServerList(options.servers),
    topology,
    poolSize: poolSize(options.poolSize),
    timeoutMs: milliseconds("timeoutMs", options.timeoutMs, CLIENT_DEFAULTS.timeoutMs),
    connectTimeoutMs: milliseconds(
      "connectTimeoutMs",
      options.connectTimeoutMs,
      CLIENT_DEFAULTS.connectTimeoutMs,
    ),
    backoff: { initialMs, maxMs },
    limits: limits(options.limits),
    database,
    indexes: indexes(options.indexes),
  };
}

/** Checks a per-call `timeoutMs` the same way as the client's. */
export function milliseconds(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw invalidOption(`${name} must be a number of ms from 1 to ${MAX_TIMER_MS}`);
  }
  return value;
}

function poolSize(value: number | undefined): number {
  if (value === undefined) return CLIENT_DEFAULTS.poolSize;
  if (!Number.isInteger(value) || value < 1 || value > MAX_POOL_SIZE) {
    throw invalidOption(`poolSize must be an integer from 1 to ${MAX_POOL_SIZE}`);
  }
  return value;
}

function limits(overrides: Partial<ReplyLimits> | undefined): ReplyLimits {
  try {
    return resolveReplyLimits(overrides);
  } catch (error) {
    throw invalidOption(`limits: ${(error as Error).message.replace(/^.*\] /, "")}`);
  }
}

function indexes(value: KnownIndexes | undefined): ReadonlyMap<string, TableIndexType> | "unknown" {
  if (value === undefined || value === "unknown") return "unknown";
  const entries: [string, TableIndexType][] =
    value instanceof Map ? [...value.entries()] : Object.entries(value);
  for (const [column, type] of entries) {
    if (!Object.hasOwn(TABLE_INDEX_TYPES, type) || type === "optimize" || type === "void") {
      throw invalidOption(
        `indexes: column ${JSON.stringify(column)} has index type ${String(type)}; use lexical, decimal, token or qgram`,
      );
    }
  }
  return new Map(entries);
}
