import { invalidArgument } from "../errors.js";
import { checkColumnName } from "./table-columns.js";

/**
 * Condition operators of table queries (`TDBQC*`). String operators compare the column's text;
 * `STRAND`/`STROR`/`STROREQ` take space-separated tokens, `STRRX` a regular expression; numeric
 * ones compare decimal values (`NUMBT`: "lo hi", `NUMOREQ`: a list); `FTS*` are full-text
 * searches (phrase, all tokens, any token, compound expression).
 */
export type ConditionOperator =
  | "STREQ"
  | "STRINC"
  | "STRBW"
  | "STREW"
  | "STRAND"
  | "STROR"
  | "STROREQ"
  | "STRRX"
  | "NUMEQ"
  | "NUMGT"
  | "NUMGE"
  | "NUMLT"
  | "NUMLE"
  | "NUMBT"
  | "NUMOREQ"
  | "FTSPH"
  | "FTSAND"
  | "FTSOR"
  | "FTSEX";

/** The number the server knows each condition operator by (`TDBQC*`). */
export const CONDITION_OPERATORS: Readonly<Record<ConditionOperator, number>> = Object.freeze({
  STREQ: 0,
  STRINC: 1,
  STRBW: 2,
  STREW: 3,
  STRAND: 4,
  STROR: 5,
  STROREQ: 6,
  STRRX: 7,
  NUMEQ: 8,
  NUMGT: 9,
  NUMGE: 10,
  NUMLT: 11,
  NUMLE: 12,
  NUMBT: 13,
  NUMOREQ: 14,
  FTSPH: 15,
  FTSAND: 16,
  FTSOR: 17,
  FTSEX: 18,
});

/** Flags OR'ed into an operator number. */
export const ConditionFlag = {
  /** `TDBQCNEGATE`: match the records the condition does not match. */
  negate: 1 << 24,
  /** `TDBQCNOIDX`: do not use an index for this condition. */
  noIndex: 1 << 25,
} as const;

/** Result orders (`TDBQO*`). The column `""` is the primary key. */
export type OrderType = "STRASC" | "STRDESC" | "NUMASC" | "NUMDESC";

/** The number the server knows each result order by. */
export const ORDER_TYPES: Readonly<Record<OrderType, number>> = Object.freeze({
  STRASC: 0,
  STRDESC: 1,
  NUMASC: 2,
  NUMDESC: 3,
});

/** A condition's operand; a list is sent space-separated (token and number lists, `NUMBT`). */
export type QueryExpression = string | number | readonly (string | number)[];

/** How one condition is applied. */
export interface ConditionOptions {
  /** Match the rows the condition does not match (`TDBQCNEGATE`). */
  readonly negate?: boolean;
  /** Scan the rows instead of using the column's index (`TDBQCNOIDX`). */
  readonly noIndex?: boolean;
}

/** How a query is written on the wire. */
export interface TableQueryOptions {
  /**
   * Send operators and orders by name (`"STRBW"`, `"~+STREQ"`, `"NUMDESC"`) instead of by number,
   * which the server also accepts. The C client sends numbers.
   */
  readonly namesOnWire?: boolean;
}

/**
 * The conditions, order and limit of a table search, in the order they were added. Each becomes
 * one `misc` argument whose parts are joined by NUL (PROTOCOL.md §5.4). What the search returns
 * (keys, columns, a count, or a removal) is chosen by the request built from it.
 */
export class TableQuery {
  private readonly args: string[] = [];
  private readonly namesOnWire: boolean;

  constructor(options: TableQueryOptions = {}) {
    this.namesOnWire = options.namesOnWire === true;
  }

  /** Keep records whose `column` ("" for the primary key) satisfies `operator` on `expression`. */
  addCondition(
    column: string,
    operator: ConditionOperator,
    expression: QueryExpression,
    options: ConditionOptions = {},
  ): this {
    checkColumnName(column);
    const number = CONDITION_OPERATORS[operator];
    if (number === undefined) throw invalidArgument(`unknown condition operator "${operator}"`);
    const negate = options.negate === true;
    const noIndex = options.noIndex === true;
    const op = this.namesOnWire
      ? `${negate ? "~" : ""}${noIndex ? "+" : ""}${operator}`
      : String(
          number | (negate ? ConditionFlag.negate : 0) | (noIndex ? ConditionFlag.noIndex : 0),
        );
    this.args.push(joinParts(["addcond", column, op, expressionText(expression)]));
    return this;
  }

  /** Sort the results by `column` ("" for the primary key). */
  setOrder(column: string, order: OrderType): this {
    checkColumnName(column);
    const number = ORDER_TYPES[order];
    if (number === undefined) throw invalidArgument(`unknown order type "${order}"`);
    this.args.push(joinParts(["setorder", column, this.namesOnWire ? order : String(number)]));
    return this;
  }

  /** Return at most `max` results (negative: no limit) after skipping the first `skip`. */
  setLimit(max: number, skip = 0): this {
    if (!Number.isInteger(max) || max < -0x8000_0000 || max > 0x7fff_ffff) {
      throw invalidArgument("the query limit must be a 32-bit integer");
    }
    if (!Number.isInteger(skip) || skip < 0 || skip > 0x7fff_ffff) {
      throw invalidArgument("the query skip must be an integer from 0 to 2^31 - 1");
    }
    this.args.push(joinParts(["setlimit", String(max), String(skip)]));
    return this;
  }

  /** The query's `misc` arguments, in the order they were added. */
  arguments(): readonly string[] {
    return this.args;
  }
}

function expressionText(expression: QueryExpression): string {
  const text =
    typeof expression === "string"
      ? expression
      : typeof expression === "number"
        ? numberText(expression)
        : expression.map((e) => (typeof e === "number" ? numberText(e) : e)).join(" ");
  if (typeof text !== "string") throw invalidArgument("a condition expression must be text");
  if (text.includes("\0")) throw invalidArgument("a condition expression must not contain NUL");
  return text;
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw invalidArgument(`the query number ${value} is not finite`);
  return String(value);
}

/** One query argument: its parts joined by NUL. Callers have checked the parts hold none. */
export function joinParts(parts: readonly string[]): string {
  return parts.join("\0");
}
