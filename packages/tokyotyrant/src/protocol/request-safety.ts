import { TokyoTyrantError } from "../errors.js";
import type { Bytes } from "./bytes.js";
import { columnEntries, decodeTableColumns, type TableColumns } from "./table-columns.js";
import type { TableIndexType } from "./table-index.js";

/*
 * Requests that are well-formed but take the real server down (ttserver 1.1.41 with Tokyo
 * Cabinet 1.4.48, reproducibly). One such call ends the server for every client, so the client
 * refuses them before sending.
 */

/**
 * The index kind of each indexed column, as the caller set them up; `"unknown"` when it cannot
 * tell, which treats every column as indexed.
 */
export type KnownIndexes =
  | ReadonlyMap<string, TableIndexType>
  | Readonly<Record<string, TableIndexType>>
  | "unknown";

/** Index kinds whose column crashes the server when a record gives it an empty value. */
const CRASHING_EMPTY_VALUE: ReadonlySet<TableIndexType | undefined> = new Set([
  "lexical",
  "decimal",
]);

/**
 * Throws `E_TT_UNSAFE_REQUEST` for a table put (`put`/`putkeep`/`putcat` through `misc` or as
 * plain commands, and each record of `putlist`) known to crash the server:
 * - an empty primary key (it crashes `misc put`; a plain `put` answers success but stores a
 *   record that can never be read);
 * - an empty value in a column with a lexical or decimal index (token and q-gram are fine).
 * `columns` may also be the NUL-joined value a plain `put` sends.
 */
export function assertTablePutIsSafe(
  primaryKey: Bytes,
  columns: TableColumns | Uint8Array,
  indexes: KnownIndexes,
): void {
  if (byteLength(primaryKey) === 0) {
    throw unsafe("a table record with an empty primary key crashes the server or is lost");
  }
  const entries =
    columns instanceof Uint8Array ? decodeTableColumns(columns) : columnEntries(columns);
  for (const [name, value] of entries) {
    if (byteLength(value) > 0) continue;
    const kind = indexKind(indexes, name);
    if (indexes === "unknown" || CRASHING_EMPTY_VALUE.has(kind)) {
      throw unsafe(
        `an empty value in column "${name}", which has ${indexes === "unknown" ? "maybe " : ""}a ${kind ?? "lexical or decimal"} index, crashes the server`,
      );
    }
  }
}

/** Throws `E_TT_UNSAFE_REQUEST` for a `copy` path starting with `@`: the server runs it as a command. */
export function assertCopyPathIsSafe(path: Bytes): void {
  const first = typeof path === "string" ? path.charCodeAt(0) : path[0];
  if (first === 0x40) throw unsafe("a copy path starting with @ runs a command on the server host");
}

function indexKind(indexes: KnownIndexes, column: string): TableIndexType | undefined {
  if (indexes === "unknown") return undefined;
  if (indexes instanceof Map) return indexes.get(column);
  return Object.hasOwn(indexes, column)
    ? (indexes as Readonly<Record<string, TableIndexType>>)[column]
    : undefined;
}

function byteLength(data: Bytes): number {
  return typeof data === "string" ? Buffer.byteLength(data, "utf8") : data.byteLength;
}

function unsafe(message: string): TokyoTyrantError {
  return new TokyoTyrantError("E_TT_UNSAFE_REQUEST", message);
}
