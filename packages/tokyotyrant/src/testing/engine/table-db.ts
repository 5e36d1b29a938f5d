import { type BinaryString, cString, fromBinaryString, toBinaryString } from "./binary-string.js";
import { parseTableNumber } from "./c-text-number.js";
import { type ColumnMap, joinColumns, serializedColumnsSize, splitColumns } from "./column-map.js";
import type { Database, MiscResult } from "./database.js";
import { EngineCrash } from "./engine-crash.js";
import { FileDatabase } from "./file-database.js";
import { resyncSlots } from "./file-iterator.js";
import type { RecordSlot } from "./hash-file-layout.js";
import { tableMisc } from "./misc/table-misc.js";
import { doubleToInt32, INT32_MIN } from "./native-number.js";
import type { QueryTarget } from "./query-target.js";
import { shiftLeft } from "./shift-left.js";
import { INDEX_KEEP_FLAG, type IndexKind, IndexType, TableIndex } from "./table-index.js";
import { TcErrorCode } from "./tc-error-code.js";

interface TableRecord {
  columns: ColumnMap;
  slot: RecordSlot;
}

/** How a put treats an existing record (`TDBPD*`). */
export type TablePutMode = "overwrite" | "keep" | "concatenate";

/** `TDBNUMCNTCOL`: the column `addint` and `adddouble` count in. */
const COUNTER_COLUMN = toBinaryString(Buffer.from("_num"));
/** `TDBCOLBUFSIZ`: a counter longer than this as `%f` text fails. */
const COUNTER_TEXT_LIMIT = 1024;

const INDEX_KINDS: Readonly<Record<number, IndexKind>> = {
  [IndexType.lexical]: "lexical",
  [IndexType.decimal]: "decimal",
  [IndexType.token]: "token",
  [IndexType.qgram]: "qgram",
};

/**
 * A table database (`*.tct`, Tokyo Cabinet's `tctdb`): records of named columns by primary key,
 * stored in a hash file (so walked in file order), with column indexes and a unique-id counter.
 * Through the plain commands a record reads and writes as `name\0value\0name\0value`.
 */
export class TableDatabase extends FileDatabase<TableRecord> implements Database, QueryTarget {
  readonly kind = "table";
  readonly statType = "table";
  readonly statPath = "tier-test-server.tct";
  private readonly indexList: TableIndex[] = [];
  private uniqueIdSeed = 0;

  get indexes(): readonly TableIndex[] {
    return this.indexList;
  }

  // ---- the plain commands (tcadb): a value is a NUL-joined column string ----

  put(key: Buffer, value: Buffer): boolean {
    return this.putColumns(this.keyOrNewId(key), splitColumns(value), "overwrite");
  }

  putKeep(key: Buffer, value: Buffer): boolean {
    return this.putColumns(this.keyOrNewId(key), splitColumns(value), "keep");
  }

  putCat(key: Buffer, value: Buffer): boolean {
    return this.putColumns(this.keyOrNewId(key), splitColumns(value), "concatenate");
  }

  /** `putshl` works on the joined column string, which is why it wrecks table records. */
  putShiftLeft(key: Buffer, value: Buffer, width: number): boolean {
    const primaryKey = this.keyOrNewId(key);
    const record = this.records.get(toBinaryString(primaryKey));
    const next = record ? shiftLeft(joinColumns(record.columns), value, width) : value;
    return this.putColumns(primaryKey, splitColumns(next), "overwrite");
  }

  out(key: Buffer): boolean {
    const id = toBinaryString(key);
    const record = this.records.get(id);
    if (!record) return this.errors.fail(TcErrorCode.noRecord);
    this.unindex(key, record.columns);
    this.layout.remove(record.slot);
    this.records.delete(id);
    return true;
  }

  get(key: Buffer): Buffer | undefined {
    const columns = this.columnsOf(key);
    return columns ? joinColumns(columns) : undefined;
  }

  /** The size of the serialized record, not of the joined string `get` returns. */
  valueSize(key: Buffer): number {
    const columns = this.columnsOf(key);
    return columns ? serializedColumnsSize(columns) : -1;
  }

  addInt(key: Buffer, increment: number): number {
    const sum = this.addNumber(this.keyOrNewId(key), increment);
    return Number.isNaN(sum) ? INT32_MIN : doubleToInt32(sum);
  }

  addDouble(key: Buffer, increment: number): number {
    return this.addNumber(this.keyOrNewId(key), increment);
  }

  /** Rewrites the file in record order and rebuilds every index from it, then reopens. */
  optimize(_params: Buffer): boolean {
    this.layout.compact();
    resyncSlots(this.layout, this.records);
    for (const index of this.indexList) index.clear();
    for (const { primaryKey, columns } of this.recordsInFileOrder())
      this.index(primaryKey, columns);
    this.reopen();
    return true;
  }

  /** Removes every record; index definitions stay, the unique-id counter restarts. */
  vanish(): boolean {
    this.records.clear();
    this.layout.clear();
    for (const index of this.indexList) index.clear();
    this.uniqueIdSeed = 0;
    this.reopen();
    return true;
  }

  misc(name: Buffer, args: readonly Buffer[]): MiscResult {
    return tableMisc(this, cString(name).toString("latin1"), args);
  }

  // ---- the table API (tctdb) that misc functions and queries use ----

  /** `tctdbput`/`putkeep`/`putcat`: a column named "" is refused. */
  putColumns(primaryKey: Buffer, columns: ColumnMap, mode: TablePutMode): boolean {
    if (columns.has("")) return this.errors.fail(TcErrorCode.invalid);
    if (primaryKey.length === 0) {
      throw new EngineCrash("a table record with an empty primary key (assertion in tctdbidxhash)");
    }
    const id = toBinaryString(primaryKey);
    const record = this.records.get(id);
    if (!record) {
      this.assertIndexable(columns);
      this.index(primaryKey, columns);
      this.store(id, columns);
      return true;
    }
    if (mode === "keep") return this.errors.fail(TcErrorCode.keep);
    const old = record.columns;
    if (mode === "concatenate") {
      const merged: ColumnMap = new Map(old);
      const added: ColumnMap = new Map();
      for (const [name, value] of columns) {
        if (merged.has(name)) continue;
        merged.set(name, value);
        added.set(name, value);
      }
      this.assertIndexable(added);
      this.index(primaryKey, added);
      this.store(id, merged);
      return true;
    }
    const removed: ColumnMap = new Map(old);
    const changed: ColumnMap = new Map();
    for (const [name, value] of columns) {
      const before = removed.get(name);
      if (before?.equals(value)) removed.delete(name);
      else changed.set(name, value);
    }
    this.assertIndexable(changed);
    this.unindex(primaryKey, removed);
    this.index(primaryKey, changed);
    this.store(id, columns);
    return true;
  }

  columnsOf(primaryKey: Buffer): ColumnMap | undefined {
    const record = this.records.get(toBinaryString(primaryKey));
    if (!record) {
      this.errors.fail(TcErrorCode.noRecord);
      return undefined;
    }
    return record.columns;
  }

  *recordsInFileOrder(): Iterable<{ primaryKey: Buffer; columns: ColumnMap }> {
    for (const placed of [...this.layout.inFileOrder()]) {
      const record = this.records.get(placed.owner);
      if (record) yield { primaryKey: fromBinaryString(placed.owner), columns: record.columns };
    }
  }

  /** `tctdbsetindex`: creates, rebuilds, optimizes (9998) or drops (9999) the index of a column. */
  setIndex(column: Buffer, requestedType: number): boolean {
    const name = Buffer.from(cString(column));
    const keep = (requestedType & INDEX_KEEP_FLAG) !== 0;
    const type = requestedType & ~INDEX_KEEP_FLAG;
    const at = this.indexList.findIndex((index) => index.column.equals(name));
    let done = false;
    if (at >= 0) {
      if (keep) return this.errors.fail(TcErrorCode.keep);
      if (type !== IndexType.optimize) this.indexList.splice(at, 1);
      done = true;
    }
    if (type === IndexType.optimize || type === IndexType.void) {
      return done || this.errors.fail(TcErrorCode.invalid);
    }
    const kind = INDEX_KINDS[type];
    if (!kind) return this.errors.fail(TcErrorCode.invalid);
    const index = new TableIndex(name, kind);
    // Building walks the database with the shared iterator, which it leaves at the end.
    this.iterator.finish();
    const nameId = toBinaryString(name);
    for (const { primaryKey, columns } of this.recordsInFileOrder()) {
      if (name.length === 0) {
        index.add(primaryKey, primaryKey);
        continue;
      }
      const value = columns.get(nameId);
      if (value === undefined) continue;
      if (value.length === 0 && index.isOrdered) {
        throw new EngineCrash("indexing an empty column value (assertion in tctdbidxputone)");
      }
      index.add(primaryKey, value);
    }
    this.indexList.push(index);
    return true;
  }

  /** `tctdbgenuid`: the next unique id, from 1. */
  generateUniqueId(): number {
    this.uniqueIdSeed++;
    return this.uniqueIdSeed;
  }

  /** The plain commands put a record without a key under a new unique id (`tcadbput`). */
  private keyOrNewId(key: Buffer): Buffer {
    return key.length > 0 ? key : Buffer.from(String(this.generateUniqueId()), "latin1");
  }

  /** `tctdbaddnumber`: the counter lives in column `_num` as `%f` text without trailing zeros. */
  private addNumber(primaryKey: Buffer, increment: number): number {
    const old = this.records.get(toBinaryString(primaryKey))?.columns;
    const columns: ColumnMap = new Map(old ?? []);
    const current = columns.get(COUNTER_COLUMN);
    const sum = current === undefined ? increment : increment + parseTableNumber(current);
    const text = formatCounter(sum);
    if (text.length > COUNTER_TEXT_LIMIT - 1) {
      this.errors.fail(TcErrorCode.misc);
      return Number.NaN;
    }
    columns.set(COUNTER_COLUMN, Buffer.from(text, "latin1"));
    return this.putColumns(primaryKey, columns, "overwrite") ? sum : Number.NaN;
  }

  /** Lexical and decimal indexes cannot take an empty value: the real server aborts. */
  private assertIndexable(columns: ColumnMap): void {
    for (const index of this.indexList) {
      if (!index.isOrdered || index.column.length === 0) continue;
      const value = columns.get(toBinaryString(index.column));
      if (value !== undefined && value.length === 0) {
        throw new EngineCrash("an empty value in an indexed column (assertion in tctdbidxputone)");
      }
    }
  }

  private index(primaryKey: Buffer, columns: ColumnMap): void {
    for (const index of this.indexList) {
      if (index.column.length === 0) {
        index.add(primaryKey, primaryKey);
        continue;
      }
      const value = columns.get(toBinaryString(index.column));
      if (value !== undefined) index.add(primaryKey, value);
    }
  }

  private unindex(primaryKey: Buffer, columns: ColumnMap): void {
    for (const index of this.indexList) {
      if (index.column.length === 0) {
        index.remove(primaryKey, primaryKey);
        continue;
      }
      const value = columns.get(toBinaryString(index.column));
      if (value !== undefined) index.remove(primaryKey, value);
    }
  }

  private store(id: BinaryString, columns: ColumnMap): void {
    const record = this.records.get(id);
    const size = serializedColumnsSize(columns);
    if (record) {
      record.columns = columns;
      record.slot = this.layout.rewrite(record.slot, id.length, size);
    } else {
      this.records.set(id, { columns, slot: this.layout.insert(id, id.length, size) });
    }
  }
}

/** `snprintf("%f")` with trailing zeros and a trailing dot removed. */
export function formatCounter(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const text = Math.abs(value) < 1e21 ? value.toFixed(6) : BigInt(value).toString();
  if (!text.includes(".")) return text;
  let end = text.length;
  while (end > 1 && text[end - 1] === "0") end--;
  if (text[end - 1] === ".") end--;
  return text.slice(0, end);
}
