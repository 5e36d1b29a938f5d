import { invalidArgument } from "../errors.js";

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;

/** A number for a signed 32-bit field (sent as two's complement). */
export function int32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
    throw invalidArgument(`${what} must be an integer from ${INT32_MIN} to ${INT32_MAX}`);
  }
  return value;
}

/** A number for a 32-bit field the server rejects when negative. */
export function nonNegativeInt32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > INT32_MAX) {
    throw invalidArgument(`${what} must be an integer from 0 to ${INT32_MAX}`);
  }
  return value;
}

/** A number for an unsigned 64-bit field; `bigint` for values past 2^53. */
export function uint64(value: number | bigint, what: string): bigint {
  const valid =
    typeof value === "bigint"
      ? value >= 0n && value <= UINT64_MAX
      : Number.isSafeInteger(value) && value >= 0;
  if (!valid) throw invalidArgument(`${what} must be an integer from 0 to ${UINT64_MAX}`);
  return BigInt(value);
}
