import { InvalidOptionError } from "@tier/core";
import { quoteIdentifier, quoteTableName } from "./identifiers.js";

/**
 * The one query a source runs, as a prepared statement whose id list has one `?` per id. Lists
 * are padded to a few lengths (powers of two, and `maxBatch`) by repeating their last id, so
 * that each connection prepares at most about log2(maxBatch) + 1 statements, whatever sizes the
 * loads have.
 */
export interface Statement {
  /** The SQL for an id list of `length` placeholders; `length` comes from {@link listLength}. */
  sqlFor(length: number): string;
  /** The result column that holds each row's id. */
  readonly idColumn: string;
}

/** How many placeholders a chunk of `count` ids is given: the next power of two, at most `max`. */
export function listLength(count: number, max: number): number {
  let length = 1;
  while (length < count) length *= 2;
  return Math.min(length, max);
}

/** `ids`, padded to `length` by repeating the last one (an id listed twice matches once). */
export function paddedIds<T>(ids: readonly T[], length: number): T[] {
  const padded = ids.slice();
  const last = ids[ids.length - 1]!;
  while (padded.length < length) padded.push(last);
  return padded;
}

function statement(before: string, after: string, idColumn: string): Statement {
  const texts = new Map<number, string>();
  return {
    idColumn,
    sqlFor(length) {
      let sql = texts.get(length);
      if (sql === undefined) {
        sql = `${before}${Array.from({ length }, () => "?").join(", ")}${after}`;
        texts.set(length, sql);
      }
      return sql;
    },
  };
}

/** `SELECT <columns> FROM <table> WHERE <idColumn> IN (...)`, every name checked and quoted. */
export function tableStatement(
  table: unknown,
  idColumn: unknown,
  columns: readonly unknown[] | undefined,
): Statement {
  const from = quoteTableName(table, "table");
  const id = quoteIdentifier(idColumn, "idColumn");
  let selected = "*";
  if (columns !== undefined) {
    if (!Array.isArray(columns) || columns.length === 0) {
      throw new InvalidOptionError("[mysql] columns must be a non-empty array of column names");
    }
    const quoted = columns.map((c, i) => quoteIdentifier(c, `columns[${i}]`));
    // The id is how rows are matched to keys, so it is always selected.
    if (!quoted.includes(id)) quoted.unshift(id);
    selected = quoted.join(", ");
  }
  return statement(`SELECT ${selected} FROM ${from} WHERE ${id} IN (`, ")", idColumn as string);
}

const ID_LIST = /\bIN\s*\(\s*\?\s*\)/i;

/**
 * A query of the caller's own (a join, a view...) that names where the ids go with `IN (?)`. It
 * is fixed at construction and the ids are always bound, so ids can never become SQL. Any other
 * `?` is refused: it would receive nothing, or take the id list in the wrong place.
 */
export function customStatement(query: unknown, idColumn: unknown): Statement {
  if (typeof query !== "string") {
    throw new InvalidOptionError("[mysql] query must be a string of SQL");
  }
  const marks = query.split("?").length - 1;
  const list = ID_LIST.exec(query);
  if (marks !== 1 || list === null) {
    throw new InvalidOptionError(
      `[mysql] query must contain exactly one "?", written "IN (?)", where the ids are bound; it has ${marks}`,
    );
  }
  if (typeof idColumn !== "string" || idColumn.length === 0) {
    throw new InvalidOptionError(
      "[mysql] idColumn must name the result column that holds the id (its alias, if any)",
    );
  }
  return statement(
    `${query.slice(0, list.index)}IN (`,
    `)${query.slice(list.index + list[0].length)}`,
    idColumn,
  );
}
