import { cString } from "./binary-string.js";
import { equalsIgnoringAsciiCase, isCNumber, parseCInt32 } from "./c-text-number.js";

/** Condition operators of a table query, by the numbers the C client sends (`TDBQC*`). */
export const ConditionOp = {
  strEq: 0,
  strInc: 1,
  strBw: 2,
  strEw: 3,
  strAnd: 4,
  strOr: 5,
  strOrEq: 6,
  strRx: 7,
  numEq: 8,
  numGt: 9,
  numGe: 10,
  numLt: 11,
  numLe: 12,
  numBt: 13,
  numOrEq: 14,
  ftsPhrase: 15,
  ftsAnd: 16,
  ftsOr: 17,
  ftsExpression: 18,
} as const;

/** OR'ed into an operator: the condition must not hold. */
export const NEGATE_FLAG = 1 << 24;
/** OR'ed into an operator: do not use an index for it. */
export const NO_INDEX_FLAG = 1 << 25;

const OPERATOR_NAMES: ReadonlyArray<readonly [number, readonly string[]]> = [
  [ConditionOp.strEq, ["STREQ", "STR", "EQ"]],
  [ConditionOp.strInc, ["STRINC", "INC"]],
  [ConditionOp.strBw, ["STRBW", "BW"]],
  [ConditionOp.strEw, ["STREW", "EW"]],
  [ConditionOp.strAnd, ["STRAND", "AND"]],
  [ConditionOp.strOr, ["STROR", "OR"]],
  [ConditionOp.strOrEq, ["STROREQ", "OREQ"]],
  [ConditionOp.strRx, ["STRRX", "RX"]],
  [ConditionOp.numEq, ["NUMEQ", "NUM", "=", "=="]],
  [ConditionOp.numGt, ["NUMGT", ">"]],
  [ConditionOp.numGe, ["NUMGE", ">="]],
  [ConditionOp.numLt, ["NUMLT", "<"]],
  [ConditionOp.numLe, ["NUMLE", "<="]],
  [ConditionOp.numBt, ["NUMBT"]],
  [ConditionOp.numOrEq, ["NUMOREQ"]],
  [ConditionOp.ftsPhrase, ["FTSPH", "FTS"]],
  [ConditionOp.ftsAnd, ["FTSAND"]],
  [ConditionOp.ftsOr, ["FTSOR"]],
  [ConditionOp.ftsExpression, ["FTSEX"]],
];

/**
 * `tctdbqrystrtocondop`: a name (any case, `~` or `!` prefix to negate, `+` to skip indexes) or a
 * decimal number with the flags in it. -1 for an unknown operator, which `misc search` ignores.
 */
export function parseConditionOp(text: Buffer): number {
  let word = cString(text);
  let flags = 0;
  if (word[0] === 0x7e || word[0] === 0x21) {
    flags |= NEGATE_FLAG;
    word = word.subarray(1);
  }
  if (word[0] === 0x2b) {
    flags |= NO_INDEX_FLAG;
    word = word.subarray(1);
  }
  for (const [op, names] of OPERATOR_NAMES) {
    if (names.some((name) => equalsIgnoringAsciiCase(word, name))) return op | flags;
  }
  return isCNumber(word) ? parseCInt32(word) | flags : -1;
}
