import { packTtDouble } from "./tt-double.js";

/**
 * The reply layouts of ttserver 1.1.41. A reply has no header and no echo of its command: a status
 * byte (0 success, 1 failure), then the fields of that command, all integers big-endian.
 */
export const SUCCESS = 0;
export const FAILURE = 1;

const STATUS_REPLIES = [Buffer.from([SUCCESS]), Buffer.from([FAILURE])] as const;

export function statusReply(success: boolean): Buffer {
  return STATUS_REPLIES[success ? 0 : 1];
}

function uint32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

/** `00 | size:u32 | bytes` (get, iternext, ext). */
export function bytesReply(bytes: Buffer): Buffer {
  return Buffer.concat([statusReply(true), uint32(bytes.length), bytes]);
}

/** `00 | value:i32` (vsiz, addint). */
export function int32Reply(value: number): Buffer {
  const out = Buffer.allocUnsafe(5);
  out[0] = SUCCESS;
  out.writeInt32BE(value | 0, 1);
  return out;
}

/** `00 | value:u64` (rnum, size). */
export function uint64Reply(value: number): Buffer {
  const out = Buffer.allocUnsafe(9);
  out[0] = SUCCESS;
  out.writeBigUInt64BE(BigInt(value), 1);
  return out;
}

/** `00 | integ:i64 | fract:i64` (adddouble). */
export function doubleReply(value: number): Buffer {
  return Buffer.concat([statusReply(true), packTtDouble(value)]);
}

/** `00 | n:u32 | n × (size:u32 | key)` (fwmkeys). */
export function keyListReply(keys: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [statusReply(true), uint32(keys.length)];
  for (const key of keys) parts.push(uint32(key.length), key);
  return Buffer.concat(parts);
}

/** `00 | n:u32 | n × (ksiz:u32 | vsiz:u32 | key | value)` (mget). */
export function recordListReply(records: readonly (readonly [Buffer, Buffer])[]): Buffer {
  const parts: Buffer[] = [statusReply(true), uint32(records.length)];
  for (const [key, value] of records)
    parts.push(uint32(key.length), uint32(value.length), key, value);
  return Buffer.concat(parts);
}

/** `status | n:u32 | n × (size:u32 | element)`; a failure is `01 00000000` (misc). */
export function miscReply(elements: readonly Buffer[] | undefined): Buffer {
  const parts: Buffer[] = [statusReply(elements !== undefined), uint32(elements?.length ?? 0)];
  for (const element of elements ?? []) parts.push(uint32(element.length), element);
  return Buffer.concat(parts);
}

/** `00 | size:u32 | text` (stat). */
export function textReply(text: string): Buffer {
  return bytesReply(Buffer.from(text, "latin1"));
}
