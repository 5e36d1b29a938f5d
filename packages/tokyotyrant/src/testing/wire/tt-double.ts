/**
 * The fixed-point pair `adddouble` sends numbers as (`ttpackdouble`/`ttunpackdouble`): the integral
 * part and the fractional part times 10^12, each a big-endian int64. NaN is (INT64_MIN, INT64_MIN);
 * +Infinity has integ INT64_MAX and -Infinity integ INT64_MIN.
 */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TRILLION = 1e12;

/** A C cast from `double` to `int64_t` on x86: out of range gives INT64_MIN. */
function toInt64(value: number): bigint {
  const truncated = Math.trunc(value);
  if (!Number.isFinite(truncated) || truncated >= 2 ** 63 || truncated < -(2 ** 63))
    return INT64_MIN;
  return BigInt(truncated);
}

export function packTtDouble(value: number): Buffer {
  const out = Buffer.alloc(16);
  let integral: bigint;
  let fraction: bigint;
  if (Number.isNaN(value)) {
    integral = INT64_MIN;
    fraction = INT64_MIN;
  } else if (!Number.isFinite(value)) {
    integral = value > 0 ? INT64_MAX : INT64_MIN;
    fraction = 0n;
  } else {
    const whole = Math.trunc(value);
    integral = toInt64(whole);
    fraction = toInt64((value - whole) * TRILLION);
  }
  out.writeBigInt64BE(integral, 0);
  out.writeBigInt64BE(fraction, 8);
  return out;
}

export function unpackTtDouble(bytes: Buffer): number {
  const integral = bytes.readBigInt64BE(0);
  const fraction = bytes.readBigInt64BE(8);
  if (integral === INT64_MIN && fraction === INT64_MIN) return Number.NaN;
  if (integral === INT64_MAX) return Number.POSITIVE_INFINITY;
  if (integral === INT64_MIN) return Number.NEGATIVE_INFINITY;
  return Number(integral) + Number(fraction) / TRILLION;
}
