import { INT32_MAX } from "./native-number.js";
import { OrderType } from "./order-type.js";
import { QuerySearch } from "./query-search.js";
import type { QueryTarget } from "./query-target.js";
import { makeCondition, type TableCondition } from "./table-condition.js";

/**
 * A table query (`TDBQRY`) and its search, a port of `tctdbqrysearchimpl` from Tokyo Cabinet
 * 1.4.48. Which index the planner picks decides the order of an unordered result and the text of
 * the `hint`, so the planner is replayed step by step: a main index condition, an auxiliary one, a
 * scanned index, an order index, or a scan of the whole table.
 *
 * Token and q-gram indexes are not modeled: conditions they would serve scan the table instead,
 * which gives the same records, in file order, with a different hint.
 */
export class TableQuery {
  readonly conditions: TableCondition[] = [];
  orderColumn: Buffer | undefined;
  orderType: number = OrderType.stringAscending;
  max = INT32_MAX;
  skip = 0;
  /** The planner's notes of the last search, one line each. */
  hint = "";
  /** Records of the last search (after skip and limit), as `tctdbqrycount` reports. */
  count = 0;

  addCondition(column: Buffer, op: number, expression: Buffer): void {
    this.conditions.push(makeCondition(column, op, expression));
  }

  setOrder(column: Buffer, type: number): void {
    this.orderColumn = Buffer.from(column);
    this.orderType = type;
  }

  /** `tctdbqrysetlimit`: a negative max means no limit. */
  setLimit(max: number, skip: number): void {
    this.max = max >= 0 ? max : INT32_MAX;
    this.skip = Math.max(skip, 0);
  }

  search(target: QueryTarget): Buffer[] {
    return new QuerySearch(this, target).run();
  }
}
