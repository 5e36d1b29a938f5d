import { compareBytes } from "./binary-string.js";
import { compareDecimalKeys } from "./decimal-compare.js";

/** Index types of `setindex`, by the numbers the C client sends (`TDBIT*`). */
export const IndexType = {
  lexical: 0,
  decimal: 1,
  token: 2,
  qgram: 3,
  optimize: 9998,
  void: 9999,
} as const;

/** `TDBITKEEP`: fail when the index already exists. */
export const INDEX_KEEP_FLAG = 1 << 24;

export type IndexKind = "lexical" | "decimal" | "token" | "qgram";

export interface IndexEntry {
  /** The index key: the column value, NUL, and a 16-bit hash of the primary key. */
  readonly key: Buffer;
  readonly primaryKey: Buffer;
}

/** `tctdbidxhash`: the two bytes after the value in an index key, which order equal values. */
function primaryKeyHash(primaryKey: Uint8Array): number {
  let hash = 19_780_211;
  for (const byte of primaryKey) hash = (Math.imul(hash, 37) + byte) >>> 0;
  return hash & 0xffff;
}

/**
 * One column index of a table database, as the B+ tree file Tokyo Cabinet keeps next to it. A
 * lexical or decimal index is a sorted list of (value NUL hash, primary key) with duplicates in
 * insertion order, which is the order an index-driven search returns records in. The index of the
 * primary key itself (column name "") stores the key alone. Token and q-gram indexes are declared
 * and listed, but the test server does not keep their inverted lists (see `table-query.ts`).
 */
export class TableIndex {
  private entries: IndexEntry[] = [];
  private readonly compare: (a: Uint8Array, b: Uint8Array) => number;

  constructor(
    /** The column name, as bytes. */
    readonly column: Buffer,
    readonly kind: IndexKind,
  ) {
    this.compare = kind === "decimal" ? compareDecimalKeys : compareBytes;
  }

  /** Whether the planner can walk it (lexical and decimal B+ trees). */
  get isOrdered(): boolean {
    return this.kind === "lexical" || this.kind === "decimal";
  }

  /** An index of a named column keys by value NUL hash; the primary-key index does not. */
  get trimsHashSuffix(): boolean {
    return this.column.length > 0;
  }

  get size(): number {
    return this.entries.length;
  }

  entryAt(position: number): IndexEntry | undefined {
    return this.entries[position];
  }

  /** The value part of an entry's key. */
  valueOf(entry: IndexEntry): Buffer {
    return this.trimsHashSuffix ? entry.key.subarray(0, entry.key.length - 3) : entry.key;
  }

  add(primaryKey: Buffer, value: Buffer): void {
    if (!this.isOrdered) return;
    if (!this.trimsHashSuffix) {
      const at = this.jump(primaryKey);
      const existing = this.entries[at];
      const entry = { key: Buffer.from(primaryKey), primaryKey: Buffer.from(primaryKey) };
      if (existing && this.compare(existing.key, primaryKey) === 0) this.entries[at] = entry;
      else this.entries.splice(at, 0, entry);
      return;
    }
    const key = this.keyFor(primaryKey, value);
    this.entries.splice(this.upperBound(key), 0, { key, primaryKey: Buffer.from(primaryKey) });
  }

  remove(primaryKey: Buffer, value: Buffer): void {
    if (!this.isOrdered) return;
    const key = this.trimsHashSuffix ? this.keyFor(primaryKey, value) : primaryKey;
    for (let at = this.jump(key); at < this.entries.length; at++) {
      const entry = this.entries[at]!;
      if (this.compare(entry.key, key) !== 0) return;
      if (entry.primaryKey.equals(primaryKey)) {
        this.entries.splice(at, 1);
        return;
      }
    }
  }

  clear(): void {
    this.entries = [];
  }

  /** `tcbdbcurjump`: the first entry whose key is not below `key`. */
  jump(key: Uint8Array): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(this.entries[middle]!.key, key) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** `tcbdbcurjumpback`: the last entry whose key is not above `key` (-1 when none). */
  jumpBack(key: Uint8Array): number {
    return this.upperBound(key) - 1;
  }

  private upperBound(key: Uint8Array): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.compare(this.entries[middle]!.key, key) <= 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private keyFor(primaryKey: Buffer, value: Buffer): Buffer {
    const hash = primaryKeyHash(primaryKey);
    return Buffer.concat([value, Buffer.from([0, hash >> 8, hash & 0xff])]);
  }
}
