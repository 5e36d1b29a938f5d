import type { TokyoTyrantClientOptions } from "../client/options.js";
import { createTokyoTyrantClient, TokyoTyrantClient } from "../client.js";
import { invalidOption } from "../errors.js";
import type { TokyoTyrantGcReport } from "./gc-report.js";
import { DEFAULT_TABLE_COLUMNS, type TableColumnNames } from "./table-record.js";

/** The garbage collector of a tier with `ttl: true`. */
export interface TokyoTyrantTierGcOptions {
  /**
   * Runs `gc()` every this many ms, on a timer that does not keep the process alive and stops on
   * `close()`; a run never overlaps the previous one. Default 0: no timer, call `gc()` yourself
   * (or from one process of many: see the README).
   */
  readonly intervalMs?: number;
  /**
   * Hash database: a bucket of the expiry index is collected only this many seconds after its
   * end, so that a write racing the collector, or from a process whose clock lags by up to this
   * much, is not left out of the index. Default 60.
   */
  readonly graceSeconds?: number;
  /**
   * Hash database: most index buckets (10 s each) one run reads; a run that has more to do
   * leaves the rest to the next and says so (`complete: false`). Default 8,640 (a day).
   */
  readonly maxBuckets?: number;
  /** Called with the report of every run, by the timer or by `gc()`. A throw is ignored. */
  readonly onGc?: (report: TokyoTyrantGcReport) => void;
}

/**
 * Either `client` (an existing client, which the tier then never closes) or the client's own
 * options (`servers`, `topology`, `timeoutMs`, ...), from which the tier makes a client it owns.
 */
export interface TokyoTyrantTierOptions extends Partial<TokyoTyrantClientOptions> {
  readonly client?: TokyoTyrantClient;
  /** The tier's name in the chain's events and stats. Default `"tokyotyrant"`. */
  readonly name?: string;
  /**
   * What the servers run: a hash database (`*.tch`, also `*` on-memory) or a table database
   * (`*.tct`). It decides how entries are stored (see the README). Default `"hash"`.
   */
  readonly database?: "hash" | "table";
  /**
   * Whether entries may expire. `false` (default): immutable data; values are stored raw, and an
   * entry with `ttlSeconds > 0` is refused. `true`: every entry carries its expiry, an expired
   * entry is never served, and `gc()` reclaims expired entries.
   */
  readonly ttl?: boolean;
  /**
   * The TTL the chain uses for this tier when its own options give none, in seconds; 0 = no
   * expiry. Default 0. Must be 0 without `ttl`.
   */
  readonly defaultTtlSeconds?: number;
  /** Put in front of every key on the server, to share a server between uses. Default `""`. */
  readonly keyPrefix?: string;
  /**
   * How `setMany` writes a hash database: `"put"` (default) waits for each server's answer, so a
   * failed write rejects. `"putnr"` sends without waiting for an answer (the server sends none):
   * faster, but a write the server failed or never got is not seen as an error. The tier cannot
   * tell a backfill from a chain's `set`, so this applies to both. Not for table databases.
   */
  readonly backfillWrites?: "put" | "putnr";
  /** Table database: the columns of the value and the expiry. Default `{ value: "v", expiry: "x" }`. */
  readonly tableColumns?: Partial<TableColumnNames>;
  /**
   * Largest value accepted, in bytes (`capabilities.maxValueBytes`). Default and maximum: what the
   * server takes in one argument (256 MiB) less what the tier adds to a value.
   */
  readonly maxValueBytes?: number;
  /** The garbage collector (with `ttl: true`). */
  readonly gc?: TokyoTyrantTierGcOptions;
  /**
   * The wall clock expiry times are stored in, in ms since the epoch. Default `Date.now`. Every
   * process sharing the servers must agree on it (see the README).
   */
  readonly now?: () => number;
}

export interface ResolvedTierOptions {
  readonly client: TokyoTyrantClient;
  readonly ownsClient: boolean;
  readonly name: string;
  readonly database: "hash" | "table";
  readonly ttl: boolean;
  readonly defaultTtlSeconds: number;
  readonly keyPrefix: string;
  readonly backfillWrites: "put" | "putnr";
  readonly tableColumns: TableColumnNames;
  readonly maxValueBytes: number | undefined;
  readonly gc: {
    readonly intervalMs: number;
    readonly graceMs: number;
    readonly maxBuckets: number;
    readonly onGc: ((report: TokyoTyrantGcReport) => void) | undefined;
  };
  readonly now: () => number;
}

const TIER_KEYS: ReadonlySet<string> = new Set([
  "client",
  "name",
  "database",
  "ttl",
  "defaultTtlSeconds",
  "keyPrefix",
  "backfillWrites",
  "tableColumns",
  "maxValueBytes",
  "gc",
  "now",
]);
const GC_KEYS: ReadonlySet<string> = new Set(["intervalMs", "graceSeconds", "maxBuckets", "onGc"]);

/** A timer longer than this fires at once in Node. */
const MAX_TIMER_MS = 2_147_483_647;

export function resolveTierOptions(options: TokyoTyrantTierOptions): ResolvedTierOptions {
  if (options === null || typeof options !== "object") {
    throw invalidOption("tokyoTyrantTier needs an options object with `client` or `servers`");
  }
  const database = options.database ?? "hash";
  if (database !== "hash" && database !== "table") {
    throw invalidOption(`database must be "hash" or "table", got ${String(database)}`);
  }
  const ttl = options.ttl ?? false;
  if (typeof ttl !== "boolean") throw invalidOption(`ttl must be a boolean, got ${String(ttl)}`);
  const defaultTtlSeconds = options.defaultTtlSeconds ?? 0;
  if (!Number.isSafeInteger(defaultTtlSeconds) || defaultTtlSeconds < 0) {
    throw invalidOption(`defaultTtlSeconds must be an integer >= 0, got ${defaultTtlSeconds}`);
  }
  if (!ttl && defaultTtlSeconds !== 0) {
    throw invalidOption("defaultTtlSeconds must be 0 unless ttl is true");
  }
  const backfillWrites = options.backfillWrites ?? "put";
  if (backfillWrites !== "put" && backfillWrites !== "putnr") {
    throw invalidOption(`backfillWrites must be "put" or "putnr", got ${String(backfillWrites)}`);
  }
  if (backfillWrites === "putnr" && database === "table") {
    throw invalidOption(
      'backfillWrites "putnr" needs a hash database: a plain put cannot carry a table value with NUL bytes',
    );
  }
  const name = options.name ?? "tokyotyrant";
  if (typeof name !== "string" || name.length === 0) {
    throw invalidOption("name must be a non-empty string");
  }
  const keyPrefix = options.keyPrefix ?? "";
  if (typeof keyPrefix !== "string" || !isWellFormed(keyPrefix)) {
    throw invalidOption("keyPrefix must be a string with a UTF-8 form (no lone surrogate)");
  }
  const now = options.now ?? Date.now;
  if (typeof now !== "function") throw invalidOption("now must be a function returning ms");
  const maxValueBytes = options.maxValueBytes;
  if (maxValueBytes !== undefined && (!Number.isSafeInteger(maxValueBytes) || maxValueBytes < 0)) {
    throw invalidOption(`maxValueBytes must be an integer >= 0, got ${maxValueBytes}`);
  }
  const tableColumns = resolveColumns(options.tableColumns);
  const { client, ownsClient } = resolveClient(options, database, tableColumns);
  return {
    client,
    ownsClient,
    name,
    database,
    ttl,
    defaultTtlSeconds,
    keyPrefix,
    backfillWrites,
    tableColumns,
    maxValueBytes,
    gc: resolveGc(options.gc),
    now,
  };
}

function resolveClient(
  options: TokyoTyrantTierOptions,
  database: "hash" | "table",
  columns: TableColumnNames,
): { client: TokyoTyrantClient; ownsClient: boolean } {
  const clientOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!TIER_KEYS.has(key)) clientOptions[key] = value;
  }
  const given = options.client;
  if (given !== undefined) {
    if (!(given instanceof TokyoTyrantClient)) {
      throw invalidOption("client must be a TokyoTyrantClient (from createTokyoTyrantClient)");
    }
    if (Object.keys(clientOptions).length > 0) {
      throw invalidOption(
        `pass either client or client options, not both (got ${Object.keys(clientOptions).join(", ")})`,
      );
    }
    return { client: given, ownsClient: false };
  }
  // The crash guard of table puts must know that the value column has no index, or it refuses
  // empty values: only the expiry column has one (a decimal index, never given an empty value).
  const indexes =
    database === "table" ? new Map([[columns.expiry, "decimal" as const]]) : "unknown";
  const client = createTokyoTyrantClient({
    indexes,
    ...(clientOptions as Partial<TokyoTyrantClientOptions>),
    database,
  } as TokyoTyrantClientOptions);
  return { client, ownsClient: true };
}

function resolveColumns(columns: Partial<TableColumnNames> | undefined): TableColumnNames {
  const names = { ...DEFAULT_TABLE_COLUMNS, ...columns };
  for (const [which, column] of Object.entries(names)) {
    if (typeof column !== "string" || column.length === 0 || column.includes("\0")) {
      throw invalidOption(`tableColumns.${which} must be a non-empty string without NUL`);
    }
    if (column === "_num") {
      throw invalidOption(`tableColumns.${which} must not be "_num" (addint's column)`);
    }
  }
  if (names.value === names.expiry) {
    throw invalidOption("tableColumns.value and tableColumns.expiry must differ");
  }
  return names;
}

function resolveGc(gc: TokyoTyrantTierGcOptions | undefined): ResolvedTierOptions["gc"] {
  if (gc !== undefined && (gc === null || typeof gc !== "object")) {
    throw invalidOption("gc must be an object");
  }
  for (const key of Object.keys(gc ?? {})) {
    if (!GC_KEYS.has(key)) {
      throw invalidOption(
        `unknown gc option ${JSON.stringify(key)} (known: ${[...GC_KEYS].join(", ")})`,
      );
    }
  }
  const intervalMs = gc?.intervalMs ?? 0;
  if (!Number.isSafeInteger(intervalMs) || intervalMs < 0 || intervalMs > MAX_TIMER_MS) {
    throw invalidOption(
      `gc.intervalMs must be an integer from 0 to ${MAX_TIMER_MS}, got ${intervalMs}`,
    );
  }
  const graceSeconds = gc?.graceSeconds ?? 60;
  if (!Number.isSafeInteger(graceSeconds) || graceSeconds < 0) {
    throw invalidOption(`gc.graceSeconds must be an integer >= 0, got ${graceSeconds}`);
  }
  const maxBuckets = gc?.maxBuckets ?? 8_640;
  if (!Number.isSafeInteger(maxBuckets) || maxBuckets < 1) {
    throw invalidOption(`gc.maxBuckets must be a positive integer, got ${maxBuckets}`);
  }
  const onGc = gc?.onGc;
  if (onGc !== undefined && typeof onGc !== "function") {
    throw invalidOption("gc.onGc must be a function");
  }
  return { intervalMs, graceMs: graceSeconds * 1000, maxBuckets, onGc };
}

/**
 * Whether `text` has a UTF-8 form: a string with a lone UTF-16 surrogate has none, and would be
 * sent as U+FFFD, sharing its record with every other such string.
 */
export function isWellFormed(text: string): boolean {
  return (text as unknown as WellFormedCheck).isWellFormed();
}

/** Node 20 has it; the ES2023 library types do not. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}
