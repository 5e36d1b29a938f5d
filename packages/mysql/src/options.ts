import { InvalidOptionError } from "@tier/core";
import type { MysqlConnection } from "./connections.js";
import type { MysqlIdType } from "./id-type.js";
import type { MysqlRow } from "./result-rows.js";
import { customStatement, type Statement, tableStatement } from "./statement.js";

/**
 * What `mysqlSource` needs: where the rows are (`connection`), and either a table description
 * (`table`, `idColumn`, `columns`) or a `query` of your own. Every option is checked at
 * construction; a bad or unknown one throws `E_INVALID_OPTION` naming it, before any connection
 * is made.
 */
export interface MysqlSourceOptions<Row = MysqlRow> {
  /** A URI, mysql2 pool options, `{ pool }`, `{ cluster }` or `{ primary, replicas }`. */
  readonly connection: MysqlConnection;
  /** The table to read, optionally with its database: `articles` or `shop.articles`. */
  readonly table?: string;
  /** Columns to select. Default: all (`*`). The id column is always selected. */
  readonly columns?: readonly string[];
  /**
   * Instead of `table`: your own SELECT (a join, a view), with the ids bound at `IN (?)`, its only
   * placeholder. Example: `SELECT a.id, a.title, u.name AS author FROM articles a JOIN users u
   * ON u.id = a.author_id WHERE a.id IN (?)`.
   */
  readonly query?: string;
  /** The column holding the id: in the table, or in the query's result. Default `"id"`. */
  readonly idColumn?: string;
  /**
   * `"integer"` (default) for integer id columns: only canonical integer keys are sent, as exact
   * integers. `"string"` for character id columns: every key is sent as a string.
   */
  readonly idType?: MysqlIdType;
  /** Turns a row as mysql2 returns it into your value. Default: the row itself. */
  readonly mapRow?: (row: MysqlRow) => Row;
  /** Name in the chain's events and errors. Default `"mysql:<table>"`, or `"mysql"` for a query. */
  readonly name?: string;
  /** Ids per query, at most. Default 1,000. */
  readonly maxBatch?: number;
  /** Queries of one load running at once. Default: the pool's `connectionLimit` (10 for a cluster). */
  readonly maxConcurrentQueries?: number;
  /** Deadline of one load, waits for connections included. Default 5,000 ms. */
  readonly timeoutMs?: number;
}

export interface ResolvedOptions<Row> {
  readonly name: string;
  readonly statement: Statement;
  readonly idType: MysqlIdType;
  readonly mapRow: ((row: MysqlRow) => Row) | undefined;
  readonly maxBatch: number;
  readonly maxConcurrentQueries: number | undefined;
  readonly timeoutMs: number;
}

const KNOWN = new Set<string>([
  "connection",
  "table",
  "columns",
  "query",
  "idColumn",
  "idType",
  "mapRow",
  "name",
  "maxBatch",
  "maxConcurrentQueries",
  "timeoutMs",
]);

export const DEFAULT_MAX_BATCH = 1000;
export const DEFAULT_TIMEOUT_MS = 5000;

/** Everything but `connection`, which is only opened once the rest is known to be right. */
export function resolveOptions<Row>(options: MysqlSourceOptions<Row>): ResolvedOptions<Row> {
  if (options === null || typeof options !== "object") {
    throw new InvalidOptionError("[mysql] mysqlSource needs an options object");
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new InvalidOptionError(`[mysql] unknown option "${key}"`);
  }
  if (options.connection === undefined) {
    throw new InvalidOptionError("[mysql] connection is required");
  }
  const idColumn = options.idColumn ?? "id";
  let statement: Statement;
  if (options.query !== undefined) {
    if (options.table !== undefined || options.columns !== undefined) {
      throw new InvalidOptionError("[mysql] give either query, or table (with columns), not both");
    }
    statement = customStatement(options.query, idColumn);
  } else if (options.table !== undefined) {
    statement = tableStatement(options.table, idColumn, options.columns);
  } else {
    throw new InvalidOptionError("[mysql] give a table to read, or a query");
  }
  const idType = options.idType ?? "integer";
  if (idType !== "integer" && idType !== "string") {
    throw new InvalidOptionError(
      `[mysql] idType must be "integer" or "string", got ${String(idType)}`,
    );
  }
  if (options.mapRow !== undefined && typeof options.mapRow !== "function") {
    throw new InvalidOptionError("[mysql] mapRow must be a function");
  }
  if (options.name !== undefined && (typeof options.name !== "string" || options.name === "")) {
    throw new InvalidOptionError("[mysql] name must be a non-empty string");
  }
  return {
    name: options.name ?? (options.table === undefined ? "mysql" : `mysql:${options.table}`),
    statement,
    idType,
    mapRow: options.mapRow,
    maxBatch: positiveInteger(options.maxBatch, "maxBatch") ?? DEFAULT_MAX_BATCH,
    maxConcurrentQueries: positiveInteger(options.maxConcurrentQueries, "maxConcurrentQueries"),
    timeoutMs: positiveInteger(options.timeoutMs, "timeoutMs", MAX_TIMER_MS) ?? DEFAULT_TIMEOUT_MS,
  };
}

/** Longer timers fire at once in Node. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function positiveInteger(
  value: unknown,
  option: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new InvalidOptionError(
      `[mysql] ${option} must be an integer from 1 to ${max}, got ${String(value)}`,
    );
  }
  return value;
}
