import { compareBytes } from "./binary-string.js";
import { parseTableNumber } from "./c-text-number.js";
import { compareDecimalKeys } from "./decimal-compare.js";
import type { IndexEntry, TableIndex } from "./table-index.js";

/**
 * Helpers for walking a column index the way the query planner walks Tokyo Cabinet's B+ tree:
 * jump keys, operand tokens, and a cursor loop.
 */

const NUL = Buffer.from([0]);
const FIRST_OF_NUMBER = Buffer.from([0x00]);
const LAST_OF_NUMBER = Buffer.from([0x7f]);

/** The key a text jump uses: the operand with its C string terminator on a named-column index. */
export function textJumpKey(index: TableIndex, text: Buffer): Buffer {
  return index.trimsHashSuffix ? Buffer.concat([text, NUL]) : text;
}

/** Sorts before every key of the number `text` stands for in a decimal index. */
export function firstOfNumber(text: Buffer): Buffer {
  return Buffer.concat([FIRST_OF_NUMBER, text]);
}

/** Sorts after every key of the number `text` stands for in a decimal index. */
export function lastOfNumber(text: Buffer): Buffer {
  return Buffer.concat([LAST_OF_NUMBER, text]);
}

/** Calls `visit` on entries from `start` on while it returns true. */
export function forEachFrom(
  index: TableIndex,
  start: number,
  visit: (entry: IndexEntry) => boolean,
): void {
  for (let at = start; ; at++) {
    const entry = index.entryAt(at);
    if (!entry || !visit(entry)) return;
  }
}

/** `tcstrsplit(expr, "\t\n\r ,")`: every delimiter splits, so empty tokens appear. */
function splitAtDelimiters(text: Buffer): Buffer[] {
  const tokens: Buffer[] = [];
  let start = 0;
  for (let at = 0; at <= text.length; at++) {
    const byte = text[at];
    if (
      at === text.length ||
      byte === 0x09 ||
      byte === 0x0a ||
      byte === 0x0d ||
      byte === 0x20 ||
      byte === 0x2c
    ) {
      tokens.push(text.subarray(start, at));
      start = at + 1;
    }
  }
  return tokens;
}

function dedupe(sorted: Buffer[], same: (a: Buffer, b: Buffer) => boolean): Buffer[] {
  return sorted.filter((token, i) => i === 0 || !same(token, sorted[i - 1]!));
}

/** The distinct tokens of a STROREQ operand in byte order (empty ones included, then skipped). */
export function distinctTextTokens(expression: Buffer): Buffer[] {
  return dedupe(splitAtDelimiters(expression).sort(compareBytes), (a, b) => a.equals(b));
}

/** The distinct numbers of a NUMOREQ operand in numeric order. */
export function distinctNumberTokens(expression: Buffer): Buffer[] {
  return dedupe(
    splitAtDelimiters(expression).sort(compareDecimalKeys),
    (a, b) => parseTableNumber(a) === parseTableNumber(b),
  );
}
