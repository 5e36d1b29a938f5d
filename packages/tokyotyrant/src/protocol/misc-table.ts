import type { Bytes } from "./bytes.js";
import { elementsReply } from "./decoders/reply-shapes.js";
import { type MiscOptions, miscRead, miscWrite } from "./misc-command.js";
import { regexArgs } from "./misc-hash.js";
import { decimalElement, noResult, oneKeyValue, pairUp } from "./misc-results.js";
import { type Reply, succeeded } from "./reply.js";
import type { TtRequest } from "./request.js";
import {
  checkColumnName,
  columnEntries,
  decodeTableColumns,
  encodeTableColumns,
  type TableColumns,
  type TableRecord,
} from "./table-columns.js";
import { encodeIndexType, type SetIndexOptions, type TableIndexType } from "./table-index.js";

/*
 * `misc` functions of table databases (PROTOCOL.md §5.3) with the C client's option bits. For
 * outlist, iterinit, sync, optimize, vanish, defrag, cacheclear and error use the `misc*` helpers
 * of hash databases: their arguments and results are the same. Before a put, see
 * `assertTablePutIsSafe`: some puts crash the real server.
 */

/** A record to store with `tablePutListRequest`. */
export interface TableRecordInput {
  readonly primaryKey: Bytes;
  readonly columns: TableColumns;
}

const noResultReply = elementsReply(noResult);
const columnsReply = elementsReply(separateColumns);
const recordsReply = elementsReply(records);
const oneRecordReply = elementsReply(oneRecord);
const decimalReply = elementsReply(decimalElement);

/** `misc put`: store a record, replacing its columns. */
export function tablePutRequest(
  primaryKey: Bytes,
  columns: TableColumns,
  options: MiscOptions = {},
): TtRequest<void> {
  return miscWrite("put", putArgs(primaryKey, columns), options, noResultReply);
}

/** `misc putkeep`: store a record only if the primary key is absent; fails when it exists. */
export function tablePutKeepRequest(
  primaryKey: Bytes,
  columns: TableColumns,
  options: MiscOptions = {},
): TtRequest<void> {
  return miscWrite("putkeep", putArgs(primaryKey, columns), options, noResultReply);
}

/** `misc putcat`: add or replace columns of a record, keeping the others. */
export function tablePutCatRequest(
  primaryKey: Bytes,
  columns: TableColumns,
  options: MiscOptions = {},
): TtRequest<void> {
  return miscWrite("putcat", putArgs(primaryKey, columns), options, noResultReply);
}

/** `misc out`: remove a record; fails when it is missing. */
export function tableOutRequest(primaryKey: Bytes, options: MiscOptions = {}): TtRequest<void> {
  return miscWrite("out", [primaryKey], options, noResultReply);
}

/** `misc get`: a record's columns; fails when it is missing. */
export function tableGetRequest(
  primaryKey: Bytes,
  options: MiscOptions = {},
): TtRequest<Map<string, Buffer>> {
  return miscRead("get", [primaryKey], options, columnsReply);
}

/** `misc putlist`: store several records (columns NUL-joined, so no NUL in names or values). */
export function tablePutListRequest(
  recordsToPut: Iterable<TableRecordInput>,
  options: MiscOptions = {},
): TtRequest<void> {
  const args: Bytes[] = [];
  for (const r of recordsToPut) args.push(r.primaryKey, encodeTableColumns(r.columns));
  return miscWrite("putlist", args, options, noResultReply);
}

/** `misc getlist`: the records found among `primaryKeys`. */
export function tableGetListRequest(
  primaryKeys: readonly Bytes[],
  options: MiscOptions = {},
): TtRequest<TableRecord[]> {
  return miscRead("getlist", primaryKeys, options, recordsReply);
}

/** `misc iternext`: the next record of the shared iterator; fails at the end. */
export function tableIterNextRequest(options: MiscOptions = {}): TtRequest<TableRecord> {
  return miscRead("iternext", [], options, oneRecordReply);
}

/** `misc regex`: records whose primary key matches the POSIX ERE `pattern`. */
export function tableRegexRequest(
  pattern: Bytes,
  max?: number,
  options: MiscOptions = {},
): TtRequest<TableRecord[]> {
  return miscRead("regex", regexArgs(pattern, max), options, recordsReply);
}

/**
 * `misc setindex`: give `column` an index of `type`, rebuild it (`"optimize"`) or drop it
 * (`"void"`). Fails for an unknown type, and with `keep` when the index exists.
 */
export function tableSetIndexRequest(
  column: string,
  type: TableIndexType,
  options: SetIndexOptions & MiscOptions = {},
): TtRequest<void> {
  checkColumnName(column);
  const args = [column, encodeIndexType(type, options)];
  return miscWrite("setindex", args, options, noResultReply);
}

/** `misc genuid`: a new unique number for a primary key (1, 2, ...; reset by `vanish`). */
export function tableGenUidRequest(options: MiscOptions = {}): TtRequest<number> {
  return miscWrite("genuid", [], options, decimalReply);
}

function putArgs(primaryKey: Bytes, columns: TableColumns): Bytes[] {
  const args: Bytes[] = [primaryKey];
  for (const [name, value] of columnEntries(columns)) {
    checkColumnName(name);
    args.push(name, value);
  }
  return args;
}

/** `get`: name, value, name, value... as separate elements. */
function separateColumns(elements: Buffer[]): Reply<Map<string, Buffer>> {
  return succeeded(new Map(pairUp(elements, (name, value) => [name.toString("utf8"), value])));
}

/** `getlist`, `regex`: primary key, NUL-joined columns, ... */
function records(elements: Buffer[]): Reply<TableRecord[]> {
  return succeeded(pairUp(elements, toRecord));
}

function oneRecord(elements: Buffer[]): Reply<TableRecord> {
  const pair = oneKeyValue(elements);
  return pair.ok ? succeeded(toRecord(pair.value.key, pair.value.value)) : pair;
}

function toRecord(primaryKey: Buffer, columns: Buffer): TableRecord {
  return { primaryKey, columns: decodeTableColumns(columns) };
}
