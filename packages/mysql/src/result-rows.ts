import { MysqlError } from "./errors.js";
import { idText } from "./id-type.js";

/** A row as mysql2 returns it: column name to value. See the README for the type of each value. */
export type MysqlRow = { readonly [column: string]: unknown };

/** What the source reads of mysql2's column descriptions. */
export interface ResultField {
  readonly name: string;
  readonly columnType?: number;
  readonly type?: number;
}

/**
 * mysql2's type code of BIGINT columns. mysql2 gives a BIGINT as a number when it is a safe
 * integer and as a string beyond, and its option to always give strings goes through a slow
 * 64-bit integer library for every value; turning the safe numbers into strings here gives the
 * same exact, always-a-string result for a fraction of the cost.
 */
const LONGLONG = 8;

/** Where one chunk's rows go, and how they are checked. */
export interface ChunkResult<Row> {
  readonly idColumn: string;
  readonly chunk: number;
  /** The chunk each key of the load was sent in (see `ChunkPlan.chunkOf`). */
  readonly chunkOf: ReadonlyMap<string, number>;
  readonly mapRow: ((row: MysqlRow) => Row) | undefined;
  readonly into: Map<string, Row>;
}

/**
 * Puts the rows of one chunk into `target.into`, keyed by the key each row answers, and returns
 * how many rows were dropped because their id is not exactly one of the chunk's keys (a
 * case-insensitive or padded match, a numeric coercion). Throws when the result has no id column
 * or when one key matches two rows: then no row can be trusted to be that key's.
 */
export function collectRows<Row>(
  rows: readonly MysqlRow[],
  fields: readonly ResultField[],
  target: ChunkResult<Row>,
): number {
  const { idColumn, chunk, chunkOf, mapRow, into } = target;
  if (rows.length === 0) return 0;
  const idField = findIdField(fields, idColumn);
  const bigints = fields.filter((f) => (f.columnType ?? f.type) === LONGLONG).map((f) => f.name);
  let dropped = 0;
  for (const row of rows) {
    for (const name of bigints) {
      const value = row[name];
      if (Number.isSafeInteger(value)) (row as Record<string, unknown>)[name] = String(value);
    }
    const key = idText(row[idField]);
    if (key === undefined || chunkOf.get(key) !== chunk) {
      dropped++;
      continue;
    }
    // Keys of this chunk are in no other, so a key already found was found in this result.
    if (into.has(key)) {
      throw new MysqlError(
        "E_MYSQL_RESULT",
        `id ${JSON.stringify(key)} matched more than one row: "${idColumn}" must be unique in ` +
          "what the query returns (aggregate one-to-many joins)",
      );
    }
    into.set(key, mapRow === undefined ? (row as Row) : mapRow(row));
  }
  return dropped;
}

/**
 * The name under which rows carry the id. MySQL matches column names without regard to case, and
 * `SELECT *` returns them as declared, so an `idColumn` of "ID" must find a column named "id".
 */
function findIdField(fields: readonly ResultField[], idColumn: string): string {
  if (fields.some((f) => f.name === idColumn)) return idColumn;
  const lower = idColumn.toLowerCase();
  const matches = fields.filter((f) => f.name.toLowerCase() === lower);
  if (matches.length === 1) return matches[0]!.name;
  throw new MysqlError(
    "E_MYSQL_RESULT",
    `the result has ${matches.length === 0 ? "no" : "more than one"} column named "${idColumn}" ` +
      `(columns: ${fields.map((f) => f.name).join(", ")})`,
  );
}
