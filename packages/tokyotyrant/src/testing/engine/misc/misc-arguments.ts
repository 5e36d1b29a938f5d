import { parseCInt32 } from "../c-text-number.js";
import { INT32_MAX } from "../native-number.js";

/**
 * Helpers for reading `misc` arguments the way `tcadbmisc` does: each argument is a byte string,
 * numbers are read with `tcatoi` into a C `int`.
 */

/** `tcatoi(args[index])` as an `int`, or `fallback` when the argument is absent. */
export function intArgument(args: readonly Buffer[], index: number, fallback: number): number {
  const arg = args[index];
  return arg === undefined ? fallback : parseCInt32(arg);
}

/** The part of `value` that `misc getpart` returns, or `undefined` where it fails. */
export function partOfValue(value: Buffer, args: readonly Buffer[]): Buffer | undefined {
  let offset = intArgument(args, 1, 0);
  if (offset < 0) offset = 0;
  if (offset > INT32_MAX / 2 - 1) offset = INT32_MAX - 1;
  let length = intArgument(args, 2, -1);
  if (length < 0 || length > INT32_MAX / 2) length = Math.floor(INT32_MAX / 2);
  if (offset >= value.length) return undefined;
  return value.subarray(offset, offset + length);
}

/** The `max` of `misc regex`: absent or below 1 means no limit. */
export function regexLimit(args: readonly Buffer[]): number {
  const max = intArgument(args, 1, 0);
  return max < 1 ? INT32_MAX : max;
}
