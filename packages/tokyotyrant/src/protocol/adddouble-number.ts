import { invalidArgument } from "../errors.js";

/**
 * `adddouble` numbers travel as two big-endian int64 fields, not as IEEE bits (`ttpackdouble` in
 * ttutil.c): the integral part, and the fractional part times 10^12, truncated toward zero.
 */
export interface PackedDouble {
  readonly integ: bigint;
  readonly fract: bigint;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FRACTION_SCALE = 1e12;
/** |integral part| must stay below 2^63; C leaves the conversion undefined beyond it. */
const INTEGRAL_LIMIT = 2 ** 63;

/**
 * `value` as `adddouble` sends it. NaN and the infinities travel as the int64 extremes the protocol
 * gives them; a finite value whose integral part is 2^63 or more is refused.
 */
export function packDouble(value: number): PackedDouble {
  if (typeof value !== "number") throw invalidArgument("the adddouble number must be a number");
  if (Number.isNaN(value)) return { integ: INT64_MIN, fract: INT64_MIN };
  if (value === Number.POSITIVE_INFINITY) return { integ: INT64_MAX, fract: 0n };
  if (value === Number.NEGATIVE_INFINITY) return { integ: INT64_MIN, fract: 0n };
  const integral = Math.trunc(value);
  if (Math.abs(integral) >= INTEGRAL_LIMIT) {
    throw invalidArgument(`the adddouble number ${value} is beyond the protocol's ±2^63 range`);
  }
  return {
    integ: BigInt(integral),
    fract: BigInt(Math.trunc((value - integral) * FRACTION_SCALE)),
  };
}

/** The number an `adddouble` reply carries, the inverse of {@link packDouble}. */
export function unpackDouble(integ: bigint, fract: bigint): number {
  if (integ === INT64_MIN && fract === INT64_MIN) return Number.NaN;
  if (integ === INT64_MAX) return Number.POSITIVE_INFINITY;
  if (integ === INT64_MIN) return Number.NEGATIVE_INFINITY;
  return Number(integ) + Number(fract) / FRACTION_SCALE;
}
