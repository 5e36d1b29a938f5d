import { compareBytes } from "./binary-string.js";

/**
 * `tccmpdecimal`, the order of a decimal column index: by the number the key starts with (leading
 * bytes up to a space and 0x7f skipped, optional minus, integer digits, then a fraction), and by the
 * raw bytes when the numbers are equal. The query planner relies on the skipping: a key prefixed
 * with 0x00 sorts before every key of the same number and one prefixed with 0x7f after them.
 */
export function compareDecimalKeys(a: Uint8Array, b: Uint8Array): number {
  const left = readDecimal(a);
  const right = readDecimal(b);
  if (left.integer < right.integer) return -1;
  if (left.integer > right.integer) return 1;
  if (left.fraction !== right.fraction) {
    const leftFraction = left.negative ? -left.fraction : left.fraction;
    const rightFraction = right.negative ? -right.fraction : right.fraction;
    if (leftFraction < rightFraction) return -1;
    if (leftFraction > rightFraction) return 1;
  }
  return compareBytes(a, b);
}

interface DecimalPrefix {
  readonly integer: bigint;
  readonly fraction: number;
  readonly negative: boolean;
}

const MAX_FRACTION_DIGITS = 16;

function readDecimal(bytes: Uint8Array): DecimalPrefix {
  let at = 0;
  while (at < bytes.length && (bytes[at]! <= 0x20 || bytes[at] === 0x7f)) at++;
  let negative = false;
  if (bytes[at] === 0x2d) {
    negative = true;
    at++;
  }
  let integer = 0n;
  while (at < bytes.length && bytes[at]! >= 0x30 && bytes[at]! <= 0x39) {
    integer = BigInt.asIntN(64, integer * 10n + BigInt(bytes[at]! - 0x30));
    at++;
  }
  let fraction = 0;
  if (bytes[at] === 0x2e) {
    at++;
    let base = 10;
    let digits = 0;
    while (
      digits < MAX_FRACTION_DIGITS &&
      at < bytes.length &&
      bytes[at]! >= 0x30 &&
      bytes[at]! <= 0x39
    ) {
      fraction += (bytes[at]! - 0x30) / base;
      base *= 10;
      digits++;
      at++;
    }
  }
  return { integer: negative ? -integer : integer, fraction, negative };
}
