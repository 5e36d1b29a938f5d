import { ConditionOp } from "./condition-op.js";

/**
 * The full-text operators of table queries (FTSPH, FTSAND, FTSOR, FTSEX) in the simple form the
 * test server implements: text is compared after Unicode case folding, accent stripping and
 * width folding, and a unit matches when one of its words occurs in the text. Tokyo Cabinet's
 * q-gram index and its exact normalization tables are not reproduced; use these operators in tests
 * for "does it find the obvious matches", not for edge cases of its tokenizer.
 */
export interface FullTextUnit {
  readonly words: readonly string[];
  /** False for a unit that must not occur (`!!` in FTSEX). */
  readonly positive: boolean;
}

export function normalizeText(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/gu, " ").trim();
}

/** `tctdbftsparseexpr`, simplified: the units an operand stands for under `op`. */
export function parseFullTextExpression(expression: Buffer, op: number): FullTextUnit[] {
  const text = normalizeText(expression.toString("utf8"));
  const words = text.split(" ").filter((word) => word.length > 0);
  if (op === ConditionOp.ftsPhrase)
    return text.length > 0 ? [{ words: [text], positive: true }] : [];
  if (op === ConditionOp.ftsAnd) return words.map((word) => ({ words: [word], positive: true }));
  if (op === ConditionOp.ftsOr) return words.length > 0 ? [{ words, positive: true }] : [];
  const units: { words: string[]; positive: boolean }[] = [];
  let joinWithPrevious = false;
  let negateNext = false;
  for (const word of words) {
    if (word === "&&") continue;
    if (word === "||") {
      joinWithPrevious = true;
      continue;
    }
    if (word === "!!") {
      negateNext = true;
      continue;
    }
    const previous = units[units.length - 1];
    if (joinWithPrevious && previous) previous.words.push(word);
    else units.push({ words: [word], positive: !negateNext });
    joinWithPrevious = false;
    negateNext = false;
  }
  return units;
}

/** `tctdbqrycondcheckfts`: every unit must occur (or, when negative, must not). */
export function matchesFullText(units: readonly FullTextUnit[], value: Buffer): boolean {
  if (units.length < 1 || !units[0]!.positive) return false;
  const text = normalizeText(value.toString("utf8"));
  return units.every((unit) => unit.words.some((word) => text.includes(word)) === unit.positive);
}
