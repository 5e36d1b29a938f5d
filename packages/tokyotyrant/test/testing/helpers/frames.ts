/**
 * Request frames built by hand for tests, from the layouts in the protocol reference. The test
 * server must not be checked with the client's own serializer, so these are written out here.
 */
type Bytes = string | Uint8Array;

function bytes(data: Bytes): Buffer {
  return typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data);
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

function frame(command: number, ...parts: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from([0xc8, command]), ...parts]);
}

export function putFrame(key: Bytes, value: Bytes, command = 0x10): Buffer {
  const k = bytes(key);
  const v = bytes(value);
  return frame(command, u32(k.length), u32(v.length), k, v);
}

export function keyFrame(command: number, key: Bytes): Buffer {
  const k = bytes(key);
  return frame(command, u32(k.length), k);
}

export const getFrame = (key: Bytes): Buffer => keyFrame(0x30, key);
export const outFrame = (key: Bytes): Buffer => keyFrame(0x20, key);
export const vsizFrame = (key: Bytes): Buffer => keyFrame(0x38, key);

export function mgetFrame(keys: readonly Bytes[]): Buffer {
  return frame(
    0x31,
    u32(keys.length),
    ...keys.flatMap((key) => [u32(bytes(key).length), bytes(key)]),
  );
}

export function addIntFrame(key: Bytes, increment: number): Buffer {
  const k = bytes(key);
  return frame(0x60, u32(k.length), u32(increment), k);
}

/** adddouble with the two raw int64 fields of the fixed-point number. */
export function addDoubleFrame(key: Bytes, integral: bigint, fraction: bigint): Buffer {
  const k = bytes(key);
  const number = Buffer.alloc(16);
  number.writeBigInt64BE(integral, 0);
  number.writeBigInt64BE(fraction, 8);
  return frame(0x61, u32(k.length), number, k);
}

export function extFrame(name: Bytes, key: Bytes, value: Bytes, options = 0): Buffer {
  const n = bytes(name);
  const k = bytes(key);
  const v = bytes(value);
  return frame(0x68, u32(n.length), u32(options), u32(k.length), u32(v.length), n, k, v);
}

export function miscFrame(name: Bytes, args: readonly Bytes[], options = 0): Buffer {
  const n = bytes(name);
  return frame(
    0x90,
    u32(n.length),
    u32(options),
    u32(args.length),
    n,
    ...args.flatMap((arg) => [u32(bytes(arg).length), bytes(arg)]),
  );
}

export const RNUM_FRAME = frame(0x80);
export const ITERINIT_FRAME = frame(0x50);
export const ITERNEXT_FRAME = frame(0x51);
export const VANISH_FRAME = frame(0x72);

/** `00 | size:u32 | value`: what a successful get answers. */
export function valueReply(value: Bytes): Buffer {
  const v = bytes(value);
  return Buffer.concat([Buffer.from([0]), u32(v.length), v]);
}

/** `status | n:u32 | elements`: a misc reply. */
export function miscReply(status: number, elements: readonly Bytes[]): Buffer {
  return Buffer.concat([
    Buffer.from([status]),
    u32(elements.length),
    ...elements.flatMap((element) => [u32(bytes(element).length), bytes(element)]),
  ]);
}

/** `00 | n:u64`: an rnum reply. */
export function countReply(count: number): Buffer {
  const out = Buffer.alloc(9);
  out.writeBigUInt64BE(BigInt(count), 1);
  return out;
}
