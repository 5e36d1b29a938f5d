import { cString, toBinaryString } from "./binary-string.js";
import { parseTableNumber } from "./c-text-number.js";
import type { ColumnMap } from "./column-map.js";
import { ConditionOp, NEGATE_FLAG, NO_INDEX_FLAG } from "./condition-op.js";
import { type FullTextUnit, matchesFullText, parseFullTextExpression } from "./full-text.js";
import { compilePosixPattern, matchesPosixPattern } from "./posix-regex.js";

/** One `addcond` of a query, after `tctdbqryaddcond` took its flags apart. */
export interface TableCondition {
  /** Column name (C string); empty means the primary key. */
  readonly column: Buffer;
  readonly op: number;
  /** False for a negated condition. */
  readonly positive: boolean;
  readonly noIndex: boolean;
  /** The operand (C string). */
  readonly expression: Buffer;
  readonly pattern: RegExp | undefined;
  readonly fullText: readonly FullTextUnit[] | undefined;
}

/** `tctdbqryaddcond`: splits the flags off `op` and prepares regex and full-text operands. */
export function makeCondition(column: Buffer, op: number, expression: Buffer): TableCondition {
  const positive = (op & NEGATE_FLAG) === 0;
  const noIndex = (op & NO_INDEX_FLAG) !== 0;
  const bareOp = op & ~NEGATE_FLAG & ~NO_INDEX_FLAG;
  const operand = Buffer.from(cString(expression));
  const isFullText = bareOp >= ConditionOp.ftsPhrase && bareOp <= ConditionOp.ftsExpression;
  return {
    column: Buffer.from(cString(column)),
    op: isFullText ? ConditionOp.ftsPhrase : bareOp,
    positive,
    noIndex,
    expression: operand,
    pattern: bareOp === ConditionOp.strRx ? compilePosixPattern(operand) : undefined,
    fullText: isFullText ? parseFullTextExpression(operand, bareOp) : undefined,
  };
}

/** `tctdbqrycondmatch`: whether `value` satisfies the operator (the sign is applied by callers). */
export function conditionHolds(condition: TableCondition, value: Buffer): boolean {
  const expression = condition.expression;
  const text = cString(value);
  switch (condition.op) {
    case ConditionOp.strEq:
      return value.equals(expression);
    case ConditionOp.strInc:
      return text.includes(expression);
    case ConditionOp.strBw:
      return text.subarray(0, expression.length).equals(expression);
    case ConditionOp.strEw:
      return (
        text.length >= expression.length &&
        text.subarray(text.length - expression.length).equals(expression)
      );
    case ConditionOp.strAnd:
      return tokensOf(expression).every((token) =>
        tokensOf(text).some((word) => word.equals(token)),
      );
    case ConditionOp.strOr:
      return tokensOf(expression).some((token) =>
        tokensOf(text).some((word) => word.equals(token)),
      );
    case ConditionOp.strOrEq:
      return tokensOf(expression).some((token) => token.equals(text));
    case ConditionOp.strRx:
      return condition.pattern !== undefined && matchesPosixPattern(condition.pattern, text);
    case ConditionOp.numEq:
      return parseTableNumber(text) === parseTableNumber(expression);
    case ConditionOp.numGt:
      return parseTableNumber(text) > parseTableNumber(expression);
    case ConditionOp.numGe:
      return parseTableNumber(text) >= parseTableNumber(expression);
    case ConditionOp.numLt:
      return parseTableNumber(text) < parseTableNumber(expression);
    case ConditionOp.numLe:
      return parseTableNumber(text) <= parseTableNumber(expression);
    case ConditionOp.numBt: {
      const [lower, upper] = numericRange(expression);
      const number = parseTableNumber(text);
      return number >= lower && number <= upper;
    }
    case ConditionOp.numOrEq: {
      const number = parseTableNumber(text);
      return numberTokensOf(expression).some((token) => parseTableNumber(token) === number);
    }
    case ConditionOp.ftsPhrase:
      return matchesFullText(condition.fullText ?? [], text);
    default:
      return false;
  }
}

/** Words of a STRAND/STROR/STROREQ operand or value: separated by bytes up to space, or commas. */
export function tokensOf(text: Buffer): Buffer[] {
  const tokens: Buffer[] = [];
  let at = 0;
  while (at < text.length) {
    while (at < text.length && (text[at]! <= 0x20 || text[at] === 0x2c)) at++;
    const start = at;
    while (at < text.length && text[at]! > 0x20 && text[at] !== 0x2c) at++;
    if (at > start) tokens.push(text.subarray(start, at));
  }
  return tokens;
}

/** Numbers of a NUMOREQ operand: separated by spaces or commas only. */
export function numberTokensOf(text: Buffer): Buffer[] {
  const tokens: Buffer[] = [];
  let at = 0;
  while (at < text.length) {
    while (at < text.length && (text[at] === 0x20 || text[at] === 0x2c)) at++;
    const start = at;
    while (at < text.length && text[at] !== 0x20 && text[at] !== 0x2c) at++;
    if (at > start) tokens.push(text.subarray(start, at));
  }
  return tokens;
}

/** The two bounds of a NUMBT operand ("lo hi", either order), as text and as numbers. */
export function numericRangeBounds(expression: Buffer): {
  lowText: Buffer;
  low: number;
  high: number;
} {
  let at = 0;
  while (expression[at] === 0x20 || expression[at] === 0x2c) at++;
  const firstStart = at;
  while (at < expression.length && expression[at] !== 0x20 && expression[at] !== 0x2c) at++;
  const first = expression.subarray(firstStart, at);
  let second: Buffer = Buffer.alloc(0);
  if (at < expression.length) {
    at++;
    while (expression[at] === 0x20 || expression[at] === 0x2c) at++;
    second = expression.subarray(at);
  }
  const a = parseTableNumber(first);
  const b = parseTableNumber(second);
  return a > b ? { lowText: second, low: b, high: a } : { lowText: first, low: a, high: b };
}

function numericRange(expression: Buffer): [number, number] {
  const { low, high } = numericRangeBounds(expression);
  return [low, high];
}

/** Whether `condition` (with its sign) holds for a record; a missing column holds when negated. */
export function conditionAppliesTo(
  condition: TableCondition,
  primaryKey: Buffer,
  columns: ColumnMap,
): boolean {
  if (condition.column.length < 1)
    return conditionHolds(condition, primaryKey) === condition.positive;
  const value = columns.get(toBinaryString(condition.column));
  if (value === undefined) return !condition.positive;
  return conditionHolds(condition, value) === condition.positive;
}
