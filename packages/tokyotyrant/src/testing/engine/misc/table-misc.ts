import { cString, toBinaryString } from "../binary-string.js";
import { type ColumnMap, splitColumns } from "../column-map.js";
import type { MiscResult } from "../database.js";
import { parseIndexType } from "../index-type.js";
import type { TableDatabase } from "../table-db.js";
import { NOT_SHARED, sharedMisc } from "./shared-misc.js";
import { tableSearch } from "./table-search.js";

const EMPTY: readonly Buffer[] = [];

/**
 * The `misc` functions of a table database (`tcadbmisc` for `ADBOTDB`). Records are passed as a
 * primary key and column arguments (`put`), or as a primary key and a NUL-joined column string
 * (`putlist`, `getlist`, `iternext`, `regex`).
 */
export function tableMisc(db: TableDatabase, name: string, args: readonly Buffer[]): MiscResult {
  const shared = sharedMisc(db, name, args);
  if (shared !== NOT_SHARED) return shared;
  switch (name) {
    case "put":
    case "putkeep":
    case "putcat": {
      const primaryKey = args[0];
      if (primaryKey === undefined) return undefined;
      const mode = name === "put" ? "overwrite" : name === "putkeep" ? "keep" : "concatenate";
      return db.putColumns(primaryKey, columnsFromArguments(args), mode) ? EMPTY : undefined;
    }
    case "get": {
      const columns = args[0] === undefined ? undefined : db.columnsOf(args[0]);
      if (!columns) return undefined;
      const elements: Buffer[] = [];
      for (const [column, value] of columns) elements.push(Buffer.from(column, "latin1"), value);
      return elements;
    }
    case "putlist":
      for (let i = 0; i + 1 < args.length; i += 2) {
        if (!db.putColumns(args[i]!, splitColumns(args[i + 1]!), "overwrite")) return undefined;
      }
      return EMPTY;
    case "error":
      return db.errorElements();
    case "defrag":
      return db.defragment() ? EMPTY : undefined;
    case "cacheclear":
      return EMPTY;
    case "setindex":
      return setIndexes(db, args);
    case "search":
    case "metasearch":
      return tableSearch(db, args);
    case "genuid":
      return [Buffer.from(String(db.generateUniqueId()), "latin1")];
    default:
      return undefined;
  }
}

/** `put pk name value name value ...`: an odd last argument is dropped. */
function columnsFromArguments(args: readonly Buffer[]): ColumnMap {
  const columns: ColumnMap = new Map();
  for (let i = 1; i + 1 < args.length; i += 2) columns.set(toBinaryString(args[i]!), args[i + 1]!);
  return columns;
}

/** `setindex name type [name type ...]`: every pair is applied; any failure fails the call. */
function setIndexes(db: TableDatabase, args: readonly Buffer[]): MiscResult {
  let failed = false;
  for (let i = 0; i + 1 < args.length; i += 2) {
    const type = parseIndexType(args[i + 1]!);
    if (type < 0 || !db.setIndex(cString(args[i]!), type)) failed = true;
  }
  return failed ? undefined : EMPTY;
}
