import { type BinaryString, toBinaryString } from "./binary-string.js";
import { parseTableNumber } from "./c-text-number.js";
import { ConditionOp } from "./condition-op.js";
import {
  distinctNumberTokens,
  distinctTextTokens,
  firstOfNumber,
  forEachFrom,
  lastOfNumber,
  textJumpKey,
} from "./index-walk.js";
import { numericRangeBounds, type TableCondition } from "./table-condition.js";
import type { IndexEntry, TableIndex } from "./table-index.js";

/** `tctdbqryidxfetch`: the primary keys an auxiliary index condition allows. */
export function fetchAuxiliaryKeys(
  condition: TableCondition,
  index: TableIndex,
  note: (line: string) => void,
): Set<BinaryString> {
  const name = condition.column.toString("latin1");
  const keys = new Set<BinaryString>();
  const take = (entry: IndexEntry): void => {
    keys.add(toBinaryString(entry.primaryKey));
  };
  /** Takes entries while `holds` is true. */
  const takeWhile =
    (holds: (entry: IndexEntry) => boolean) =>
    (entry: IndexEntry): boolean => {
      if (!holds(entry)) return false;
      take(entry);
      return true;
    };
  const takeSameText = (text: Buffer): void =>
    forEachFrom(
      index,
      index.jump(textJumpKey(index, text)),
      takeWhile((entry) => index.valueOf(entry).equals(text)),
    );
  const takeSameNumber = (text: Buffer): void => {
    const number = parseTableNumber(text);
    forEachFrom(
      index,
      index.jump(firstOfNumber(text)),
      takeWhile((entry) => parseTableNumber(entry.key) === number),
    );
  };
  const expression = condition.expression;
  switch (condition.op) {
    case ConditionOp.strEq:
      note(`using an auxiliary index: "${name}" one (STREQ)`);
      takeSameText(expression);
      break;
    case ConditionOp.strBw:
      note(`using an auxiliary index: "${name}" asc (STRBW)`);
      forEachFrom(index, index.jump(textJumpKey(index, expression)), (entry) => {
        const value = index.valueOf(entry);
        if (
          value.length < expression.length ||
          !value.subarray(0, expression.length).equals(expression)
        )
          return false;
        take(entry);
        return true;
      });
      break;
    case ConditionOp.strOrEq:
      note(`using an auxiliary index: "${name}" skip (STROREQ)`);
      for (const token of distinctTextTokens(expression)) {
        if (token.length > 0) takeSameText(token);
      }
      break;
    case ConditionOp.numEq: {
      note(`using an auxiliary index: "${name}" asc (NUMEQ)`);
      takeSameNumber(expression);
      break;
    }
    case ConditionOp.numGt:
    case ConditionOp.numGe: {
      note(`using an auxiliary index: "${name}" asc (NUMGT/NUMGE)`);
      const bound = parseTableNumber(expression);
      const inclusive = condition.op === ConditionOp.numGe;
      forEachFrom(index, index.jump(firstOfNumber(expression)), (entry) => {
        const number = parseTableNumber(entry.key);
        if (number > bound || (inclusive && number >= bound)) take(entry);
        return true;
      });
      break;
    }
    case ConditionOp.numLt:
    case ConditionOp.numLe: {
      note(`using an auxiliary index: "${name}" desc (NUMLT/NUMLE)`);
      const bound = parseTableNumber(expression);
      const inclusive = condition.op === ConditionOp.numLe;
      for (let at = index.jumpBack(lastOfNumber(expression)); at >= 0; at--) {
        const entry = index.entryAt(at)!;
        const number = parseTableNumber(entry.key);
        if (number < bound || (inclusive && number <= bound)) take(entry);
      }
      break;
    }
    case ConditionOp.numBt: {
      note(`using an auxiliary index: "${name}" asc (NUMBT)`);
      const { lowText, high } = numericRangeBounds(expression);
      forEachFrom(
        index,
        index.jump(firstOfNumber(lowText)),
        takeWhile((entry) => parseTableNumber(entry.key) <= high),
      );
      break;
    }
    case ConditionOp.numOrEq: {
      note(`using an auxiliary index: "${name}" skip (NUMOREQ)`);
      for (const token of distinctNumberTokens(expression)) {
        if (token.length > 0) takeSameNumber(token);
      }
      break;
    }
  }
  note(`auxiliary result set size: ${keys.size}`);
  return keys;
}
