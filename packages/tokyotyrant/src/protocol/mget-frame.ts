import { constants } from "node:buffer";
import { invalidArgument } from "../errors.js";
import { type BufferWriteShortcuts, checkArgumentCount } from "./bytes.js";
import { CheckedMgetDecoder, type MgetHits } from "./decoders/checked-mget.js";
import { ServerLimit } from "./limits.js";
import { MAGIC, Opcode } from "./opcodes.js";
import type { TtRequest } from "./request.js";

/**
 * An `mget` frame for string keys, with where each key's bytes sit in it: the reply's keys are
 * compared against the frame in place, so no key is encoded twice or kept as a buffer of its own.
 */
export interface MgetFrame {
  readonly bytes: Buffer;
  /** Offset in `bytes` of the UTF-8 bytes of key `i`. */
  readonly keyStart: readonly number[];
  /** Byte length of key `i`. */
  readonly keyLength: readonly number[];
}

/** `magic | opcode | n:u32 | n × (ksiz | key)`, each key measured once and written straight in. */
export function mgetFrame(keys: readonly string[]): MgetFrame {
  checkArgumentCount(keys.length, "keys");
  return asciiFrame(keys) ?? utf8Frame(keys);
}

/**
 * The common case: every key ASCII, so lengths are string lengths and the body is one write.
 * `undefined` when a key is not: one native UTF-8 count of the whole body tells, instead of a
 * loop over every character in JS. A key with any character above 0x7F (a lone surrogate too)
 * has more UTF-8 bytes than characters, so the count exceeds what the ASCII frame would hold.
 */
function asciiFrame(keys: readonly string[]): MgetFrame | undefined {
  // Plain arrays of small integers: allocating two typed arrays costs more than filling these.
  const keyLength: number[] = new Array(keys.length);
  const keyStart: number[] = new Array(keys.length);
  let body = "";
  // Length-prefix characters of 0x80 and above take two bytes in that count, and are expected.
  let expectedUtf8Bytes = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    // Also right for a key that is not ASCII: its byte length is at least its string length.
    checkKeyLength(key.length);
    keyLength[i] = key.length;
    body += lengthPrefix(key.length);
    expectedUtf8Bytes += highBytesIn(key.length);
    keyStart[i] = 6 + body.length;
    body += key;
  }
  if (Buffer.byteLength(body, "utf8") !== body.length + expectedUtf8Bytes) return undefined;
  const bytes = frameWithHeader(6 + body.length, keys.length);
  bytes.latin1Write(body, 6);
  return { bytes, keyStart, keyLength };
}

function utf8Frame(keys: readonly string[]): MgetFrame {
  const keyLength: number[] = new Array(keys.length);
  let size = 6;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!(key as unknown as WellFormed).isWellFormed()) {
      // A lone UTF-16 surrogate would go out as U+FFFD and read some other key's record.
      throw invalidArgument("a key contains a lone UTF-16 surrogate, which has no UTF-8 form");
    }
    const length = Buffer.byteLength(key, "utf8");
    checkKeyLength(length);
    keyLength[i] = length;
    size += 4 + length;
  }
  const bytes = frameWithHeader(size, keys.length);
  const keyStart: number[] = new Array(keys.length);
  let at = 6;
  for (let i = 0; i < keys.length; i++) {
    at = bytes.writeUInt32BE(keyLength[i]!, at);
    keyStart[i] = at;
    at += bytes.utf8Write(keys[i]!, at);
  }
  return { bytes, keyStart, keyLength };
}

function frameWithHeader(size: number, count: number): Buffer & BufferWriteShortcuts {
  if (size > constants.MAX_LENGTH) {
    throw invalidArgument(`the request would be ${size} bytes, more than one buffer can hold`);
  }
  const bytes = Buffer.allocUnsafe(size) as Buffer & BufferWriteShortcuts;
  bytes[0] = MAGIC;
  bytes[1] = Opcode.mget;
  bytes.writeUInt32BE(count, 2);
  return bytes;
}

function checkKeyLength(length: number): void {
  if (length > ServerLimit.maxArgumentBytes) {
    throw invalidArgument(
      `key is ${length} bytes; the server accepts at most ${ServerLimit.maxArgumentBytes}`,
    );
  }
}

/** How many of the four bytes of `length` as a big-endian u32 are 0x80 or above. */
function highBytesIn(length: number): number {
  return (length >>> 31) + ((length >>> 23) & 1) + ((length >>> 15) & 1) + ((length >>> 7) & 1);
}

/** Node 20 has it; the ES2023 library types do not. */
interface WellFormed {
  isWellFormed(): boolean;
}

/** The 4-byte big-endian length as latin1 text; the common short lengths are made once. */
const SHORT_PREFIXES = Array.from({ length: 256 }, (_, n) => `\0\0\0${String.fromCharCode(n)}`);

function lengthPrefix(length: number): string {
  if (length < 256) return SHORT_PREFIXES[length]!;
  return String.fromCharCode(
    (length >>> 24) & 0xff,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
  );
}

/**
 * `mget` of string keys whose reply is checked record by record against the keys asked: the
 * `getMany` path. Each decoder (one per attempt) reads against the same frame.
 */
export function checkedMgetRequest(keys: readonly string[]): TtRequest<MgetHits> {
  const frame = mgetFrame(keys);
  return { bytes: frame.bytes, createDecoder: (limits) => new CheckedMgetDecoder(limits, frame) };
}
