import { equalsIgnoringAsciiCase, isCNumber, parseCInt32 } from "./c-text-number.js";

/** Result orders of a table query (`TDBQO*`). */
export const OrderType = {
  stringAscending: 0,
  stringDescending: 1,
  numberAscending: 2,
  numberDescending: 3,
} as const;

const ORDER_NAMES: ReadonlyArray<readonly [number, readonly string[]]> = [
  [OrderType.stringAscending, ["STRASC", "STR", "ASC"]],
  [OrderType.stringDescending, ["STRDESC", "DESC"]],
  [OrderType.numberAscending, ["NUMASC", "NUM"]],
  [OrderType.numberDescending, ["NUMDESC"]],
];

/** `tctdbqrystrtoordertype`: a name or a number; -1 when unknown (the order is then not set). */
export function parseOrderType(text: Buffer): number {
  for (const [type, names] of ORDER_NAMES) {
    if (names.some((name) => equalsIgnoringAsciiCase(text, name))) return type;
  }
  return isCNumber(text) ? parseCInt32(text) : -1;
}
