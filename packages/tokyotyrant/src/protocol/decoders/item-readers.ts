import { copyOut, readLength } from "./length-field.js";
import type { ItemReader } from "./list-decoder.js";
import { protocolError } from "./protocol-error.js";

/** A record of `mget`, a pair of `getlist`, `iternext` and `regex`. */
export interface KeyValue {
  readonly key: Buffer;
  readonly value: Buffer;
}

/** `u32 length | bytes`: a key of `fwmkeys`, an element of `misc`. */
export function sizedItem(maxValueBytes: number, what: string): ItemReader<Buffer> {
  return {
    minBytes: 4,
    read(bytes, at, end, budget) {
      if (end - at < 4) return undefined;
      const length = readLength(bytes, at, maxValueBytes, what);
      checkBudget(4 + length, budget);
      if (end - at < 4 + length) return undefined;
      return { item: copyOut(bytes, at + 4, at + 4 + length), end: at + 4 + length };
    },
  };
}

/** `ksiz:u32 | vsiz:u32 | key | value`: a record of `mget` (both lengths come first). */
export function keyValueItem(maxValueBytes: number): ItemReader<KeyValue> {
  return {
    minBytes: 8,
    read(bytes, at, end, budget) {
      if (end - at < 8) return undefined;
      const keyLength = readLength(bytes, at, maxValueBytes, "key");
      const valueLength = readLength(bytes, at + 4, maxValueBytes, "value");
      const size = 8 + keyLength + valueLength;
      checkBudget(size, budget);
      if (end - at < size) return undefined;
      const keyEnd = at + 8 + keyLength;
      return {
        item: { key: copyOut(bytes, at + 8, keyEnd), value: copyOut(bytes, keyEnd, at + size) },
        end: at + size,
      };
    },
  };
}

function checkBudget(size: number, budget: number): void {
  if (size > budget) {
    throw protocolError(`the reply grows past its byte limit (an item of ${size} bytes)`);
  }
}
