import { fetchAuxiliaryKeys } from "./auxiliary-index.js";
import { type BinaryString, toBinaryString } from "./binary-string.js";
import { parseTableNumber } from "./c-text-number.js";
import { ConditionOp } from "./condition-op.js";
import {
  distinctNumberTokens,
  distinctTextTokens,
  firstOfNumber,
  lastOfNumber,
  textJumpKey,
} from "./index-walk.js";
import { INT32_MAX } from "./native-number.js";
import { OrderType } from "./order-type.js";
import type { QueryTarget } from "./query-target.js";
import { sortResult } from "./result-order.js";
import {
  conditionAppliesTo,
  conditionHolds,
  numericRangeBounds,
  type TableCondition,
} from "./table-condition.js";
import type { IndexEntry, TableIndex } from "./table-index.js";
import type { TableQuery } from "./table-query.js";

/** `TDBORDRATIO`: an order index is tried when the limit is below this share of the records. */
const ORDER_INDEX_RATIO = 0.2;

interface IndexedCondition {
  readonly position: number;
  readonly condition: TableCondition;
  readonly index: TableIndex;
}

/** One run of the planner; its fields are the local variables of `tctdbqrysearchimpl`. */
export class QuerySearch {
  private readonly alive: boolean[];
  private max: number;
  private order: Buffer | undefined;
  private hint = "";
  private filter: Set<BinaryString> | undefined;

  constructor(
    private readonly query: TableQuery,
    private readonly target: QueryTarget,
  ) {
    this.alive = query.conditions.map(() => true);
    this.max = query.max < INT32_MAX - query.skip ? query.max + query.skip : query.max;
    this.order = query.orderColumn;
  }

  run(): Buffer[] {
    const ordered = this.order !== undefined;
    const { main, auxiliary, scanned } = this.pickIndexes();
    let result: Buffer[] | undefined;
    if (main) result = this.searchMainIndex(main, auxiliary);
    if (!result && scanned) result = this.scanIndex(scanned);
    if (!result && this.order && this.max < this.target.recordCount * ORDER_INDEX_RATIO) {
      result = this.walkOrderIndex(this.order);
    }
    if (!result) result = this.scanTable();
    this.note(`result set size: ${result.length}`);
    if (this.order) {
      this.note(`sorting the result set: "${latin1(this.order)}"`);
      result = sortResult(this.target, result, this.order, this.query.orderType);
    } else {
      this.note(ordered ? "leaving the index order" : "leaving the natural order");
    }
    if (this.query.skip > 0) {
      result = result.slice(Math.min(result.length, this.query.skip));
      this.max -= this.query.skip;
    }
    if (result.length > this.max) result = result.slice(0, Math.max(0, this.max));
    this.query.count = result.length;
    this.query.hint = this.hint;
    return result;
  }

  private note(line: string): void {
    this.hint += `${line}\n`;
  }

  private pickIndexes(): {
    main: IndexedCondition | undefined;
    auxiliary: IndexedCondition | undefined;
    scanned: IndexedCondition | undefined;
  } {
    let main: IndexedCondition | undefined;
    let auxiliary: IndexedCondition | undefined;
    let scanned: IndexedCondition | undefined;
    this.query.conditions.forEach((condition, position) => {
      if (!condition.positive || condition.noIndex) return;
      for (const index of this.target.indexes) {
        if (!index.isOrdered || !index.column.equals(condition.column)) continue;
        const candidate = { position, condition, index };
        if (servesDirectly(index, condition.op)) {
          if (!main) main = candidate;
          else if (!auxiliary) auxiliary = candidate;
        } else if (!scanned) {
          scanned = candidate;
        }
      }
    });
    return { main, auxiliary, scanned };
  }

  private get aliveCount(): number {
    return this.alive.filter(Boolean).length;
  }

  /** The one condition left to check, when exactly one is (`ucond`). */
  private get onlyAliveCondition(): TableCondition | undefined {
    const left = this.query.conditions.filter((_, i) => this.alive[i]);
    return left.length === 1 ? left[0] : undefined;
  }

  /** Adds `primaryKey` if the auxiliary index allows it and the remaining conditions hold. */
  private accept(result: Buffer[], primaryKey: Buffer): void {
    if (this.filter && !this.filter.has(toBinaryString(primaryKey))) return;
    if (this.aliveCount < 1) {
      result.push(primaryKey);
      return;
    }
    const only = this.onlyAliveCondition;
    const columns = this.target.columnsOf(primaryKey);
    if (!columns) return;
    const holds = only
      ? conditionAppliesTo(only, primaryKey, columns)
      : this.query.conditions.every(
          (condition, i) => !this.alive[i] || conditionAppliesTo(condition, primaryKey, columns),
        );
    if (holds) result.push(primaryKey);
  }

  private limited(all: boolean): void {
    if (!all && this.max < INT32_MAX) this.note(`limited matching: ${this.max}`);
  }

  private isOrderColumn(column: Buffer): boolean {
    return this.order?.equals(column) ?? false;
  }

  private searchMainIndex(
    main: IndexedCondition,
    auxiliary: IndexedCondition | undefined,
  ): Buffer[] {
    const result: Buffer[] = [];
    this.alive[main.position] = false;
    if (auxiliary) {
      this.alive[auxiliary.position] = false;
      this.filter = fetchAuxiliaryKeys(auxiliary.condition, auxiliary.index, (line) =>
        this.note(line),
      );
      this.max = Math.min(this.max, this.filter.size);
    }
    const { condition, index } = main;
    const name = latin1(condition.column);
    const expression = condition.expression;
    const lessThan = (all: boolean): boolean => all || result.length < this.max;
    switch (condition.op) {
      case ConditionOp.strEq: {
        this.note(`using an index: "${name}" asc (STREQ)`);
        if (this.isOrderColumn(condition.column)) this.order = undefined;
        const all = this.order !== undefined;
        this.limited(all);
        this.walkEqual(index, textJumpKey(index, expression), expression, result, all);
        break;
      }
      case ConditionOp.strBw: {
        this.note(`using an index: "${name}" asc (STRBW)`);
        const all = this.orderDiffers(condition.column, OrderType.stringAscending);
        this.limited(all);
        for (let at = index.jump(textJumpKey(index, expression)); lessThan(all); at++) {
          const entry = index.entryAt(at);
          if (!entry) break;
          const value = index.valueOf(entry);
          if (
            !value.subarray(0, expression.length).equals(expression) ||
            value.length < expression.length
          )
            break;
          this.accept(result, entry.primaryKey);
        }
        this.applyIndexOrder(
          condition.column,
          result,
          OrderType.stringAscending,
          OrderType.stringDescending,
        );
        break;
      }
      case ConditionOp.strOrEq: {
        this.note(`using an index: "${name}" skip (STROREQ)`);
        let tokens = distinctTextTokens(expression);
        tokens = this.orderTokens(
          condition.column,
          tokens,
          OrderType.stringAscending,
          OrderType.stringDescending,
        );
        const all = this.order !== undefined;
        this.limited(all);
        for (const token of tokens) {
          if (!lessThan(all)) break;
          if (token.length < 1) continue;
          this.walkEqual(index, textJumpKey(index, token), token, result, all);
        }
        break;
      }
      case ConditionOp.numEq: {
        this.note(`using an index: "${name}" asc (NUMEQ)`);
        if (this.isOrderColumn(condition.column)) this.order = undefined;
        const all = this.order !== undefined;
        this.limited(all);
        this.walkSameNumber(index, expression, result, all);
        break;
      }
      case ConditionOp.numGt:
      case ConditionOp.numGe:
        this.searchGreater(main, result);
        break;
      case ConditionOp.numLt:
      case ConditionOp.numLe:
        this.searchLess(main, result);
        break;
      case ConditionOp.numBt: {
        this.note(`using an index: "${name}" asc (NUMBT)`);
        const { lowText, high } = numericRangeBounds(expression);
        const all = this.orderDiffers(condition.column, OrderType.numberAscending);
        this.limited(all);
        for (let at = index.jump(firstOfNumber(lowText)); lessThan(all); at++) {
          const entry = index.entryAt(at);
          if (!entry || parseTableNumber(entry.key) > high) break;
          this.accept(result, entry.primaryKey);
        }
        this.applyIndexOrder(
          condition.column,
          result,
          OrderType.numberAscending,
          OrderType.numberDescending,
        );
        break;
      }
      case ConditionOp.numOrEq: {
        this.note(`using an index: "${name}" skip (NUMOREQ)`);
        let tokens = distinctNumberTokens(expression);
        tokens = this.orderTokens(
          condition.column,
          tokens,
          OrderType.numberAscending,
          OrderType.numberDescending,
        );
        const all = this.order !== undefined;
        this.limited(all);
        for (const token of tokens) {
          if (!lessThan(all)) break;
          if (token.length < 1) continue;
          this.walkSameNumber(index, token, result, all);
        }
        break;
      }
    }
    return result;
  }

  /** Walks entries whose value is exactly `value`, from the first at or after `jumpKey`. */
  private walkEqual(
    index: TableIndex,
    jumpKey: Buffer,
    value: Buffer,
    result: Buffer[],
    all: boolean,
  ): void {
    for (let at = index.jump(jumpKey); all || result.length < this.max; at++) {
      const entry = index.entryAt(at);
      if (!entry || !index.valueOf(entry).equals(value)) break;
      this.accept(result, entry.primaryKey);
    }
  }

  /** Walks a decimal index over the entries whose number equals the number of `text`. */
  private walkSameNumber(index: TableIndex, text: Buffer, result: Buffer[], all: boolean): void {
    const number = parseTableNumber(text);
    for (let at = index.jump(firstOfNumber(text)); all || result.length < this.max; at++) {
      const entry = index.entryAt(at);
      if (!entry || parseTableNumber(entry.key) !== number) break;
      this.accept(result, entry.primaryKey);
    }
  }

  private searchGreater({ condition, index }: IndexedCondition, result: Buffer[]): void {
    const name = latin1(condition.column);
    const bound = parseTableNumber(condition.expression);
    const inclusive = condition.op === ConditionOp.numGe;
    const passes = (entry: IndexEntry): boolean => {
      const number = parseTableNumber(entry.key);
      return number > bound || (inclusive && number >= bound);
    };
    if (
      this.isOrderColumn(condition.column) &&
      this.query.orderType === OrderType.numberDescending
    ) {
      this.note(`using an index: "${name}" desc (NUMGT/NUMGE)`);
      if (this.max < INT32_MAX) this.note(`limited matching: ${this.max}`);
      for (let at = index.size - 1; result.length < this.max && at >= 0; at--) {
        const entry = index.entryAt(at)!;
        if (parseTableNumber(entry.key) < bound) break;
        if (passes(entry)) this.accept(result, entry.primaryKey);
      }
      this.order = undefined;
      return;
    }
    this.note(`using an index: "${name}" asc (NUMGT/NUMGE)`);
    const all = this.orderDiffers(condition.column, OrderType.numberAscending);
    this.limited(all);
    const start = index.jump(firstOfNumber(condition.expression));
    for (let at = start; all || result.length < this.max; at++) {
      const entry = index.entryAt(at);
      if (!entry) break;
      if (passes(entry)) this.accept(result, entry.primaryKey);
    }
    if (!all) this.order = undefined;
  }

  private searchLess({ condition, index }: IndexedCondition, result: Buffer[]): void {
    const name = latin1(condition.column);
    const bound = parseTableNumber(condition.expression);
    const inclusive = condition.op === ConditionOp.numLe;
    const passes = (entry: IndexEntry): boolean => {
      const number = parseTableNumber(entry.key);
      return number < bound || (inclusive && number <= bound);
    };
    if (
      this.isOrderColumn(condition.column) &&
      this.query.orderType === OrderType.numberAscending
    ) {
      this.note(`using an index: "${name}" asc (NUMLT/NUMLE)`);
      if (this.max < INT32_MAX) this.note(`limited matching: ${this.max}`);
      for (let at = 0; result.length < this.max && at < index.size; at++) {
        const entry = index.entryAt(at)!;
        if (parseTableNumber(entry.key) > bound) break;
        if (passes(entry)) this.accept(result, entry.primaryKey);
      }
      this.order = undefined;
      return;
    }
    this.note(`using an index: "${name}" desc (NUMLT/NUMLE)`);
    const all = this.orderDiffers(condition.column, OrderType.numberDescending);
    this.limited(all);
    const start = index.jumpBack(lastOfNumber(condition.expression));
    for (let at = start; (all || result.length < this.max) && at >= 0; at--) {
      const entry = index.entryAt(at)!;
      if (passes(entry)) this.accept(result, entry.primaryKey);
    }
    if (!all) this.order = undefined;
  }

  /** `all` of the range cases: the order is another column, or this column in another order. */
  private orderDiffers(column: Buffer, indexOrder: number): boolean {
    return (
      this.order !== undefined &&
      (!this.order.equals(column) || this.query.orderType !== indexOrder)
    );
  }

  /** After a walk in index order: keep it, or reverse it for the descending order. */
  private applyIndexOrder(
    column: Buffer,
    result: Buffer[],
    ascending: number,
    descending: number,
  ): void {
    if (!this.isOrderColumn(column)) return;
    if (this.query.orderType === ascending) {
      this.order = undefined;
    } else if (this.query.orderType === descending) {
      result.reverse();
      this.order = undefined;
    }
  }

  private orderTokens(
    column: Buffer,
    tokens: Buffer[],
    ascending: number,
    descending: number,
  ): Buffer[] {
    if (!this.isOrderColumn(column)) return tokens;
    if (this.query.orderType === ascending) {
      this.order = undefined;
    } else if (this.query.orderType === descending) {
      this.order = undefined;
      return [...tokens].reverse();
    }
    return tokens;
  }

  /** The `scond` path: walks a whole index, testing each value against the condition. */
  private scanIndex({ position, condition, index }: IndexedCondition): Buffer[] {
    const result: Buffer[] = [];
    this.alive[position] = false;
    let ascending = true;
    let all = true;
    if (!this.order) {
      all = false;
    } else if (this.order.equals(condition.column)) {
      const type = this.query.orderType;
      const ascendingType =
        index.kind === "lexical" ? OrderType.stringAscending : OrderType.numberAscending;
      const descendingType =
        index.kind === "lexical" ? OrderType.stringDescending : OrderType.numberDescending;
      if (type === ascendingType) all = false;
      else if (type === descendingType) {
        ascending = false;
        all = false;
      }
    }
    const name = latin1(condition.column);
    this.note(`using an index: "${name}" ${ascending ? "asc" : "desc"} (all)`);
    this.limited(all);
    const step = ascending ? 1 : -1;
    for (let at = ascending ? 0 : index.size - 1; all || result.length < this.max; at += step) {
      const entry = index.entryAt(at);
      if (!entry) break;
      if (conditionHolds(condition, index.valueOf(entry))) this.accept(result, entry.primaryKey);
    }
    if (!all) this.order = undefined;
    return result;
  }

  /** The order-index path: walk the index of the order column, if one fits. */
  private walkOrderIndex(order: Buffer): Buffer[] | undefined {
    const type = this.query.orderType;
    const index = this.target.indexes.find(
      (candidate) =>
        candidate.column.equals(order) &&
        ((candidate.kind === "lexical" &&
          (type === OrderType.stringAscending || type === OrderType.stringDescending)) ||
          (candidate.kind === "decimal" &&
            (type === OrderType.numberAscending || type === OrderType.numberDescending))),
    );
    if (!index) return undefined;
    const ascending = type === OrderType.stringAscending || type === OrderType.numberAscending;
    const result: Buffer[] = [];
    this.note(`using an index: "${latin1(order)}" ${ascending ? "asc" : "desc"} (order)`);
    this.note(`limited matching: ${this.max}`);
    const step = ascending ? 1 : -1;
    for (let at = ascending ? 0 : index.size - 1; result.length < this.max; at += step) {
      const entry = index.entryAt(at);
      if (!entry) break;
      this.accept(result, entry.primaryKey);
    }
    if (result.length >= this.max || index.size >= this.target.recordCount) {
      this.order = undefined;
      return result;
    }
    this.note(`abort the result: ${result.length}`);
    return undefined;
  }

  private scanTable(): Buffer[] {
    this.note("scanning the whole table");
    const result: Buffer[] = [];
    const only = this.onlyAliveCondition;
    const all = this.order !== undefined;
    this.limited(all);
    for (const { primaryKey, columns } of this.target.recordsInFileOrder()) {
      if (!all && result.length >= this.max) break;
      const holds = only
        ? conditionAppliesTo(only, primaryKey, columns)
        : this.query.conditions.every((condition) =>
            conditionAppliesTo(condition, primaryKey, columns),
          );
      if (holds) result.push(primaryKey);
    }
    return result;
  }
}

/** Whether the index type serves the operator by walking it (`mcond`/`ncond` candidates). */
function servesDirectly(index: TableIndex, op: number): boolean {
  if (index.kind === "lexical") {
    return op === ConditionOp.strEq || op === ConditionOp.strBw || op === ConditionOp.strOrEq;
  }
  return op >= ConditionOp.numEq && op <= ConditionOp.numOrEq;
}

function latin1(bytes: Buffer): string {
  return bytes.toString("latin1");
}
