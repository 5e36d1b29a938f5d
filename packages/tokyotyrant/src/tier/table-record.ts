import type { StoredValue } from "./expiry.js";

/**
 * How a table database holds an entry: a record whose primary key is the key, with the value in
 * one column and, for an entry with a TTL, its expiry in another, in this order:
 *
 * `x` = expiry (decimal ms since the epoch, only when the entry expires), then `v` = the value.
 *
 * Other programs read the value with any table client (`misc get`, `tcrdbtblget`) as column `v`.
 * The tier itself reads records with `mget`, which returns the columns NUL-joined
 * (`x\0<digits>\0v\0<value>`); since the value may hold NUL bytes, it must come last, and the
 * record must have exactly these columns in this order: Tokyo Cabinet keeps a record's columns in
 * the order they were put. A record of any other shape is a miss, never a value.
 *
 * The expiry column has a decimal index (the garbage collector searches it) and is never empty: an
 * empty value in a column with a decimal index crashes the real server. The value column must not
 * be indexed, since values may be empty.
 */

export interface TableColumnNames {
  /** Column of the value. Default `"v"`. */
  readonly value: string;
  /** Column of the expiry time. Default `"x"`. */
  readonly expiry: string;
}

export const DEFAULT_TABLE_COLUMNS: TableColumnNames = Object.freeze({ value: "v", expiry: "x" });

/** Longest expiry text accepted on read: ms since the epoch fit in 16 digits until year 318857. */
const MAX_EXPIRY_DIGITS = 16;

/** Builds and parses the records of one tier, for its column names. */
export class TableRecordFormat {
  readonly names: TableColumnNames;
  /** `x\0`: how a record with an expiry starts. */
  private readonly expiryHead: Buffer;
  /** `v\0`: what follows the expiry, or how a record without one starts. */
  private readonly valueHead: Buffer;

  constructor(names: TableColumnNames) {
    this.names = names;
    this.expiryHead = Buffer.from(`${names.expiry}\0`, "utf8");
    this.valueHead = Buffer.from(`${names.value}\0`, "utf8");
  }

  /** The columns to put, in the order they must be stored. */
  columns(value: Uint8Array, expiresAtMs: number): Map<string, Uint8Array | string> {
    const columns = new Map<string, Uint8Array | string>();
    if (expiresAtMs !== 0) columns.set(this.names.expiry, String(expiresAtMs));
    columns.set(this.names.value, value);
    return columns;
  }

  /** Parses a record as `mget` or `get` returns it; `undefined` when it is not of this shape. */
  parse(record: Buffer): StoredValue | undefined {
    if (startsWith(record, this.valueHead, 0)) {
      return { value: record.subarray(this.valueHead.length), expiresAtMs: 0 };
    }
    if (!startsWith(record, this.expiryHead, 0)) return undefined;
    const digitsAt = this.expiryHead.length;
    const digitsEnd = record.indexOf(0, digitsAt);
    if (digitsEnd < 0) return undefined;
    const expiresAtMs = parseDigits(record, digitsAt, digitsEnd);
    if (expiresAtMs === undefined || !startsWith(record, this.valueHead, digitsEnd + 1)) {
      return undefined;
    }
    return { value: record.subarray(digitsEnd + 1 + this.valueHead.length), expiresAtMs };
  }
}

function startsWith(bytes: Buffer, head: Buffer, at: number): boolean {
  return (
    bytes.length - at >= head.length &&
    bytes.compare(head, 0, head.length, at, at + head.length) === 0
  );
}

/** A positive decimal integer without sign, spaces or leading zero, as `columns` writes it. */
function parseDigits(bytes: Buffer, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 1 || length > MAX_EXPIRY_DIGITS || bytes[start] === 0x30) return undefined;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = bytes[i]! - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  return value;
}
