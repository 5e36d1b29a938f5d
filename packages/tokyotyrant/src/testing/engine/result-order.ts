import { compareBytes, toBinaryString } from "./binary-string.js";
import { parseTableNumber } from "./c-text-number.js";
import { compareDecimalKeys } from "./decimal-compare.js";
import { OrderType } from "./order-type.js";
import type { QueryTarget } from "./query-target.js";

/** The comparators of `tdbcmpsortrec*`: records without the column sort last. */
export function sortComparator(
  type: number,
): ((a: Buffer | undefined, b: Buffer | undefined) => number) | undefined {
  const withMissingLast =
    (compare: (a: Buffer, b: Buffer) => number) =>
    (a: Buffer | undefined, b: Buffer | undefined): number => {
      if (a === undefined) return b === undefined ? 0 : 1;
      if (b === undefined) return -1;
      return compare(a, b);
    };
  const byNumber = (a: Buffer, b: Buffer): number => {
    const x = parseTableNumber(a);
    const y = parseTableNumber(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
  switch (type) {
    case OrderType.stringAscending:
      return withMissingLast(compareBytes);
    case OrderType.stringDescending:
      return withMissingLast((a, b) => -compareBytes(a, b));
    case OrderType.numberAscending:
      return withMissingLast(byNumber);
    case OrderType.numberDescending:
      return withMissingLast((a, b) => -byNumber(a, b));
    default:
      return undefined;
  }
}

/**
 * The `sorting the result set` step: by primary key (order column "") or by a column, with the
 * comparators of Tokyo Cabinet; an unknown order type leaves the result as it is.
 */
export function sortResult(
  target: QueryTarget,
  result: readonly Buffer[],
  order: Buffer,
  type: number,
): Buffer[] {
  if (order.length === 0) {
    switch (type) {
      case OrderType.stringAscending:
        return [...result].sort(compareBytes);
      case OrderType.stringDescending:
        return [...result].sort(compareBytes).reverse();
      case OrderType.numberAscending:
        return [...result].sort(compareDecimalKeys);
      case OrderType.numberDescending:
        return [...result].sort((a, b) => compareDecimalKeys(b, a));
      default:
        return [...result];
    }
  }
  const keyed = result.map((primaryKey) => ({
    primaryKey,
    value: target.columnsOf(primaryKey)?.get(toBinaryString(order)),
  }));
  const compare = sortComparator(type);
  if (!compare) return [...result];
  return keyed.sort((a, b) => compare(a.value, b.value)).map((entry) => entry.primaryKey);
}
