import { toBinaryString } from "../binary-string.js";
import { parseCInt32 } from "../c-text-number.js";
import { type ColumnMap, joinColumns, splitAtNul } from "../column-map.js";
import { parseConditionOp } from "../condition-op.js";
import type { MiscResult } from "../database.js";
import { parseOrderType } from "../order-type.js";
import { conditionAppliesTo } from "../table-condition.js";
import type { TableDatabase } from "../table-db.js";
import { MetasearchType, metasearch, parseMetasearchType } from "../table-metasearch.js";
import { TableQuery } from "../table-query.js";

/** The arguments of `misc search`/`metasearch`, read the way `tcadbmisc` reads them. */
interface SearchRequest {
  /** The queries, split at `next`; the last one is the one `out` and `count` act on. */
  readonly queries: TableQuery[];
  readonly type: number;
  /** `get` columns; an empty list means every column with the primary key first. */
  readonly columns: Buffer[] | undefined;
  readonly remove: boolean;
  readonly count: boolean;
  readonly hint: boolean;
}

function readSearchRequest(args: readonly Buffer[]): SearchRequest {
  const queries = [new TableQuery()];
  let type: number = MetasearchType.union;
  let columns: Buffer[] | undefined;
  let remove = false;
  let count = false;
  let hint = false;
  for (const arg of args) {
    const tokens = splitAtNul(arg);
    const command = tokens[0]!.toString("latin1");
    const query = queries[queries.length - 1]!;
    if ((command === "addcond" || command === "cond") && tokens.length > 3) {
      const op = parseConditionOp(tokens[2]!);
      if (op >= 0) query.addCondition(tokens[1]!, op, tokens[3]!);
    } else if ((command === "setorder" || command === "order") && tokens.length > 2) {
      const order = parseOrderType(tokens[2]!);
      if (order >= 0) query.setOrder(tokens[1]!, order);
    } else if (["setlimit", "limit", "setmax", "max"].includes(command) && tokens.length > 1) {
      query.setLimit(parseCInt32(tokens[1]!), tokens.length > 2 ? parseCInt32(tokens[2]!) : 0);
    } else if (command === "get" || command === "columns") {
      columns = [...(columns ?? []), ...tokens.slice(1).map((token) => Buffer.from(token))];
    } else if (command === "next") {
      queries.push(new TableQuery());
    } else if (command === "mstype" && tokens.length > 1) {
      const parsed = parseMetasearchType(tokens[1]!);
      type = parsed < 0 ? MetasearchType.union : parsed;
    } else if (command === "out" || command === "remove") {
      remove = true;
    } else if (command === "count") {
      count = true;
    } else if (command === "hint") {
      hint = true;
    }
  }
  return { queries, type, columns, remove, count, hint };
}

/**
 * `misc search` and `misc metasearch`. The two names behave the same: `next` starts another query
 * either way. `out` removes what the last query finds; `get` turns each result into its columns;
 * `count` replaces the result by the number of records; `hint` appends the planner's notes.
 */
export function tableSearch(db: TableDatabase, args: readonly Buffer[]): MiscResult {
  const request = readSearchRequest(args);
  const last = request.queries[request.queries.length - 1]!;
  let result: Buffer[];
  if (request.remove) {
    const removed = removeMatching(db, last, request.columns);
    result = removed;
  } else {
    const keys =
      request.queries.length > 1
        ? metasearch(request.queries, request.type, db)
        : request.queries[0]!.search(db);
    result = request.columns ? keys.flatMap((key) => projected(db, key, request.columns!)) : keys;
  }
  if (request.count) result = [Buffer.from(String(last.count), "latin1")];
  if (request.hint) {
    const first = request.queries[0]!;
    result = [...result, Buffer.concat([HINT_MARKER, Buffer.from(first.hint, "latin1")])];
  }
  return result;
}

const HINT_MARKER = Buffer.from("\0\0[[HINT]]\n", "latin1");

/** A result record as `get` wants it: primary key under "" first, or only the named columns. */
function projected(db: TableDatabase, primaryKey: Buffer, names: readonly Buffer[]): Buffer[] {
  const columns = db.columnsOf(primaryKey);
  if (!columns) return [];
  return [joinColumns(selectColumns(primaryKey, columns, names))];
}

function selectColumns(
  primaryKey: Buffer,
  columns: ColumnMap,
  names: readonly Buffer[],
): ColumnMap {
  const withKey: ColumnMap = new Map([["", primaryKey], ...columns]);
  if (names.length === 0) return withKey;
  const selected: ColumnMap = new Map();
  for (const name of names) {
    const id = toBinaryString(name);
    const value = withKey.get(id);
    if (value !== undefined) selected.set(id, value);
  }
  return selected;
}

/**
 * `tctdbqryproc2` with the removing callback: searches, then removes each record that still
 * matches every condition. With `get`, the removed records' columns are returned.
 */
function removeMatching(
  db: TableDatabase,
  query: TableQuery,
  names: Buffer[] | undefined,
): Buffer[] {
  const removed: Buffer[] = [];
  let got = 0;
  let out = 0;
  for (const primaryKey of query.search(db)) {
    const columns = db.columnsOf(primaryKey);
    if (!columns) continue;
    got++;
    if (
      !query.conditions.every((condition) => conditionAppliesTo(condition, primaryKey, columns))
    ) {
      continue;
    }
    if (names) removed.push(joinColumns(selectColumns(primaryKey, columns, names)));
    if (db.out(primaryKey)) out++;
  }
  query.hint += `post treatment: get=${got}, put=0, out=${out}\n`;
  return removed;
}
