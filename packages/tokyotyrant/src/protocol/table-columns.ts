import { invalidArgument } from "../errors.js";
import type { Bytes } from "./bytes.js";

/** The columns of a table record: column name to value. Column names are UTF-8 strings. */
export type TableColumns = ReadonlyMap<string, Bytes> | Readonly<Record<string, Bytes>>;

/** A table record as it is read back: the primary key and its columns. */
export interface TableRecord {
  readonly primaryKey: Buffer;
  readonly columns: Map<string, Buffer>;
}

export function columnEntries(columns: TableColumns): Iterable<readonly [string, Bytes]> {
  if (columns instanceof Map) return columns.entries();
  return Object.entries(columns as Readonly<Record<string, Bytes>>);
}

/**
 * A record's columns as the server stores and returns them through plain commands and list
 * functions: `name\0value\0name\0value`, no trailing NUL. Names and values must not contain NUL.
 */
export function encodeTableColumns(columns: TableColumns): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of columnEntries(columns)) {
    checkColumnName(name);
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    if (!(bytes instanceof Uint8Array)) {
      throw invalidArgument(`column "${name}" must be a string or a Uint8Array`);
    }
    if (bytes.includes(0)) {
      throw invalidArgument(`column "${name}" contains a NUL byte, which separates columns`);
    }
    if (parts.length > 0) parts.push(NUL);
    parts.push(
      Buffer.from(name, "utf8"),
      NUL,
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
  }
  return Buffer.concat(parts);
}

/**
 * Splits a NUL-joined column string. An odd trailing field is dropped, as the server does; an
 * empty string is a record without columns. Values are views into `bytes`.
 */
export function decodeTableColumns(bytes: Uint8Array): Map<string, Buffer> {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const columns = new Map<string, Buffer>();
  let at = 0;
  while (at < view.length) {
    const nameEnd = view.indexOf(0, at);
    if (nameEnd < 0) break;
    let valueEnd = view.indexOf(0, nameEnd + 1);
    if (valueEnd < 0) valueEnd = view.length;
    columns.set(view.toString("utf8", at, nameEnd), view.subarray(nameEnd + 1, valueEnd));
    at = valueEnd + 1;
  }
  return columns;
}

/** Column names travel inside NUL-separated strings, so a NUL would split them. */
export function checkColumnName(name: string): void {
  if (typeof name !== "string") throw invalidArgument("column names must be strings");
  if (name.includes("\0"))
    throw invalidArgument(`column name ${JSON.stringify(name)} contains NUL`);
}

const NUL = Buffer.from([0]);
