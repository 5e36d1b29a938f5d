import { type BinaryString, fromBinaryString, toBinaryString } from "./binary-string.js";
import { variableNumberSize } from "./hash-file-layout.js";

/**
 * The columns of one table record, in the order Tokyo Cabinet keeps them (a `TCMAP`: insertion
 * order, and overwriting a column keeps its place). Names are byte strings; values are bytes.
 */
export type ColumnMap = Map<BinaryString, Buffer>;

/** Splits `name\0value\0name\0value` into columns (`tcstrsplit4`); an odd last field is dropped. */
export function splitColumns(bytes: Uint8Array): ColumnMap {
  const fields = splitAtNul(bytes);
  const columns: ColumnMap = new Map();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    columns.set(toBinaryString(fields[i]!), Buffer.from(fields[i + 1]!));
  }
  return columns;
}

/** Joins columns as `name\0value\0name\0value`, no trailing NUL (`tcstrjoin4`). */
export function joinColumns(columns: ReadonlyMap<BinaryString, Uint8Array>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of columns) {
    if (parts.length > 0) parts.push(NUL);
    parts.push(fromBinaryString(name), NUL, Buffer.from(value));
  }
  return Buffer.concat(parts);
}

/** Bytes of the serialized map Tokyo Cabinet stores for a record (`tcmapdump`): what `vsiz` says. */
export function serializedColumnsSize(columns: ReadonlyMap<BinaryString, Uint8Array>): number {
  let size = 0;
  for (const [name, value] of columns) {
    size += variableNumberSize(name.length) + name.length;
    size += variableNumberSize(value.length) + value.length;
  }
  return size;
}

/** Splits at every NUL byte (`tcstrsplit2`): `n` NULs give `n + 1` fields. */
export function splitAtNul(bytes: Uint8Array): Buffer[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: Buffer[] = [];
  let start = 0;
  for (;;) {
    const nul = buffer.indexOf(0, start);
    if (nul < 0) {
      fields.push(buffer.subarray(start));
      return fields;
    }
    fields.push(buffer.subarray(start, nul));
    start = nul + 1;
  }
}

const NUL = Buffer.from([0]);
