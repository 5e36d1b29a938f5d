/**
 * How Tokyo Cabinet stores the counters of `addint` and `adddouble` in a hash or on-memory
 * database: the raw bytes of a C `int` or `double` in the server's byte order. The real server ran
 * on x86, so both are little-endian.
 */
export const INT32_MIN = -0x80000000;
export const INT32_MAX = 0x7fffffff;

export function readNativeInt32(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readInt32LE(0);
}

export function nativeInt32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeInt32LE(value | 0, 0);
  return out;
}

export function readNativeDouble(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readDoubleLE(0);
}

export function nativeDouble(value: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeDoubleLE(value, 0);
  return out;
}

/** A C `int` sum: two's complement wrap-around, as the real server computes it. */
export function addInt32(a: number, b: number): number {
  return (a + b) | 0;
}

/** A C cast from `double` to `int` on x86: truncation, and INT_MIN when out of range or NaN. */
export function doubleToInt32(value: number): number {
  if (!Number.isFinite(value)) return INT32_MIN;
  const truncated = Math.trunc(value);
  return truncated < INT32_MIN || truncated > 0x7fffffff ? INT32_MIN : truncated;
}
