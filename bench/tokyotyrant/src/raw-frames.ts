/**
 * Request frames written by hand for the raw ceiling (PROTOCOL.md §2), so that the ceiling does
 * not depend on the client's codec, and the reply sizes the server answers them with.
 */

const MAGIC = 0xc8;
const GET = 0x30;
const MGET = 0x31;
const PUT = 0x10;
const PUTNR = 0x18;

export function getFrame(key: string): Buffer {
  const k = Buffer.from(key, "utf8");
  const frame = Buffer.allocUnsafe(6 + k.length);
  frame[0] = MAGIC;
  frame[1] = GET;
  frame.writeUInt32BE(k.length, 2);
  k.copy(frame, 6);
  return frame;
}

export function mgetFrame(keys: readonly string[]): Buffer {
  const parts = keys.map((key) => Buffer.from(key, "utf8"));
  const head = Buffer.allocUnsafe(6);
  head[0] = MAGIC;
  head[1] = MGET;
  head.writeUInt32BE(parts.length, 2);
  const items = parts.flatMap((k) => {
    const size = Buffer.allocUnsafe(4);
    size.writeUInt32BE(k.length);
    return [size, k];
  });
  return Buffer.concat([head, ...items]);
}

export function putFrame(key: string, value: Uint8Array, opcode: "put" | "putnr"): Buffer {
  const k = Buffer.from(key, "utf8");
  const frame = Buffer.allocUnsafe(10 + k.length + value.length);
  frame[0] = MAGIC;
  frame[1] = opcode === "put" ? PUT : PUTNR;
  frame.writeUInt32BE(k.length, 2);
  frame.writeUInt32BE(value.length, 6);
  k.copy(frame, 10);
  frame.set(value, 10 + k.length);
  return frame;
}

/** `00 vsiz value`. */
export function getReplyBytes(valueBytes: number): number {
  return 5 + valueBytes;
}

/** `00 n` then per record `ksiz vsiz key value`. */
export function mgetReplyBytes(keys: readonly string[], valueBytes: number): number {
  let size = 5;
  for (const key of keys) size += 8 + Buffer.byteLength(key, "utf8") + valueBytes;
  return size;
}

/** `00`. */
export const PUT_REPLY_BYTES = 1;
