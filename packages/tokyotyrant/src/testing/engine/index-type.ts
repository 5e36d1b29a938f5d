import { equalsIgnoringAsciiCase, isCNumber, parseCInt32 } from "./c-text-number.js";
import { INDEX_KEEP_FLAG, IndexType } from "./table-index.js";

const TYPE_NAMES: ReadonlyArray<readonly [number, readonly string[]]> = [
  [IndexType.lexical, ["LEX", "LEXICAL", "STR"]],
  [IndexType.decimal, ["DEC", "DECIMAL", "NUM"]],
  [IndexType.token, ["TOK", "TOKEN"]],
  [IndexType.qgram, ["QGR", "QGRAM", "FTS"]],
  [IndexType.optimize, ["OPT", "OPTIMIZE"]],
  [IndexType.void, ["VOID", "NULL"]],
];

/**
 * `tctdbstrtoindextype`: a name (a `+` prefix adds the KEEP flag) or a decimal number carrying the
 * flag itself. -1 when unknown, which fails `setindex`.
 */
export function parseIndexType(text: Buffer): number {
  let word = text;
  let flags = 0;
  if (word[0] === 0x2b) {
    flags = INDEX_KEEP_FLAG;
    word = word.subarray(1);
  }
  for (const [type, names] of TYPE_NAMES) {
    if (names.some((name) => equalsIgnoringAsciiCase(word, name))) return type | flags;
  }
  return isCNumber(word) ? parseCInt32(word) | flags : -1;
}
