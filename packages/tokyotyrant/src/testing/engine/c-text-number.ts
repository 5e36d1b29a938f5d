import { cString } from "./binary-string.js";

/**
 * The number parsers Tokyo Cabinet applies to text: `tcatoi` (integer prefix), `tcstrisnum` (is the
 * whole string a number) and the table engine's `tctdbatof` (real number prefix). They read a C
 * string, so everything from the first NUL on is ignored, and they never fail: garbage reads as 0.
 */

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

function isDigit(byte: number | undefined): byte is number {
  return byte !== undefined && byte >= DIGIT_0 && byte <= DIGIT_9;
}

function skipBlanks(text: Buffer, from: number): number {
  let at = from;
  while (at < text.length && text[at]! > 0 && text[at]! <= 0x20) at++;
  return at;
}

/** `tcatoi`: optional blanks and sign, then decimal digits; a 64-bit integer. */
export function parseCInteger(bytes: Uint8Array): bigint {
  const text = cString(bytes);
  let at = skipBlanks(text, 0);
  let sign = 1n;
  if (text[at] === 0x2d) {
    sign = -1n;
    at++;
  } else if (text[at] === 0x2b) {
    at++;
  }
  let value = 0n;
  while (isDigit(text[at])) {
    value = BigInt.asIntN(64, value * 10n + BigInt(text[at]! - DIGIT_0));
    at++;
  }
  return BigInt.asIntN(64, value * sign);
}

/** `tcatoi` assigned to a C `int`, as most callers do: the low 32 bits, two's complement. */
export function parseCInt32(bytes: Uint8Array): number {
  return Number(BigInt.asIntN(32, parseCInteger(bytes)));
}

/** `tcstrisnum`: blanks, an optional minus, digits with at most one dot, blanks, and nothing else. */
export function isCNumber(bytes: Uint8Array): boolean {
  const text = cString(bytes);
  let at = skipBlanks(text, 0);
  if (text[at] === 0x2d) at++;
  let digits = false;
  while (isDigit(text[at])) {
    digits = true;
    at++;
  }
  if (text[at] === 0x2e) at++;
  while (isDigit(text[at])) {
    digits = true;
    at++;
  }
  at = skipBlanks(text, at);
  return digits && at === text.length;
}

/** The number of digits `tctdbatof` reads before it stops (`TDBNUMCOLMAX`). */
const MAX_SIGNIFICANT_DIGITS = 16;

/**
 * `tctdbatof`: the table engine's reading of a column as a number, with `inf` and `nan` words,
 * at most 16 significant digits in all, and a fraction. Tokyo Cabinet computes it in `long double`;
 * a `double` gives the same order for every value a test can reasonably store.
 */
export function parseTableNumber(bytes: Uint8Array): number {
  const text = cString(bytes);
  let at = skipBlanks(text, 0);
  let sign = 1;
  if (text[at] === 0x2d) {
    sign = -1;
    at++;
  } else if (text[at] === 0x2b) {
    at++;
  }
  const rest = text
    .subarray(at, at + 3)
    .toString("latin1")
    .toLowerCase();
  if (rest === "inf") return sign * Number.POSITIVE_INFINITY;
  if (rest === "nan") return Number.NaN;
  let value = 0;
  let columns = 0;
  while (isDigit(text[at])) {
    value = value * 10 + (text[at]! - DIGIT_0);
    at++;
    if (value > 0) columns++;
  }
  if (text[at] === 0x2e) {
    at++;
    let fraction = 0;
    let base = 10;
    while (columns < MAX_SIGNIFICANT_DIGITS && isDigit(text[at])) {
      fraction += (text[at]! - DIGIT_0) / base;
      at++;
      columns++;
      base *= 10;
    }
    value += fraction;
  }
  return value * sign;
}

/** `tcstricmp(a, b) == 0` for an ASCII word: the C string `bytes` equals `word`, ignoring case. */
export function equalsIgnoringAsciiCase(bytes: Uint8Array, word: string): boolean {
  const text = cString(bytes);
  if (text.length !== word.length) return false;
  return text.toString("latin1").toLowerCase() === word.toLowerCase();
}
