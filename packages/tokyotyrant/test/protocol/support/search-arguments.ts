import {
  type ConditionOperator,
  type MiscOptions,
  type OrderType,
  type SetOperation,
  TableQuery,
  tableMetaSearchRequest,
  tableSearchCountRequest,
  tableSearchGetRequest,
  tableSearchOutRequest,
  tableSearchRequest,
} from "../../../src/protocol/index.js";
import type { BuiltRequest } from "./build-request.js";
import { ok, splitColumns } from "./expected-values.js";
import type { NotedReply } from "./transcripts.js";

/** Condition operators by number, as PROTOCOL.md §5.4 lists them. */
export const OPERATOR_NAMES: readonly ConditionOperator[] = [
  "STREQ",
  "STRINC",
  "STRBW",
  "STREW",
  "STRAND",
  "STROR",
  "STROREQ",
  "STRRX",
  "NUMEQ",
  "NUMGT",
  "NUMGE",
  "NUMLT",
  "NUMLE",
  "NUMBT",
  "NUMOREQ",
  "FTSPH",
  "FTSAND",
  "FTSOR",
  "FTSEX",
];

export const ORDER_NAMES: readonly OrderType[] = ["STRASC", "STRDESC", "NUMASC", "NUMDESC"];
const SET_OPERATIONS: readonly SetOperation[] = ["union", "intersection", "difference"];

type Miscof = (interpret: (elements: Buffer[]) => unknown) => (r: NotedReply) => unknown;

/**
 * Turns recorded `search`/`metasearch` arguments back into `TableQuery` calls and the matching
 * request, so the query builder is checked against the recorded bytes.
 */
export function searchFromArguments(
  functionName: string,
  list: readonly Buffer[],
  miscOf: Miscof,
  none: (r: NotedReply) => unknown,
  optionsFor: (readOnly: boolean) => MiscOptions,
): BuiltRequest {
  const parts = list.map((a) => a.toString("utf8").split("\0"));
  const namesOnWire = parts.some((p) => p[0] === "addcond" && !/^\d+$/.test(p[2]!));
  const queries = [new TableQuery({ namesOnWire })];
  let hint = false;
  let mode: "keys" | "get" | "count" | "out" = "keys";
  let columns: string[] = [];
  let operation: SetOperation = "union";
  let notSerializable: string | undefined;
  for (const [command, ...rest] of parts) {
    const query = queries.at(-1)!;
    if (command === "hint") hint = true;
    else if (command === "addcond") {
      const [column, op, expression] = rest as [string, string, string];
      const condition = parseOperator(op);
      if (condition === undefined)
        notSerializable = `operator "${op}" is not one the builder sends`;
      else {
        const operand =
          condition.operator === "NUMBT" ? expression.split(" ").map(Number) : expression;
        query.addCondition(column, condition.operator, operand, condition.flags);
      }
    } else if (command === "setorder") query.setOrder(rest[0]!, ORDER_NAMES[Number(rest[1])]!);
    else if (command === "setlimit") query.setLimit(Number(rest[0]), Number(rest[1]));
    else if (command === "get") {
      mode = "get";
      columns = rest;
    } else if (command === "count") mode = "count";
    else if (command === "out") mode = "out";
    else if (command === "next") queries.push(new TableQuery({ namesOnWire }));
    else if (command === "mstype") operation = SET_OPERATIONS[Number(rest[0])]!;
    else throw new Error(`unexpected search argument ${command}`);
  }
  const options = { ...optionsFor(mode !== "out"), ...(hint ? { hint: true } : {}) };
  const withoutHint = (e: Buffer[]) => (hint ? e.slice(0, -1) : e);
  const extra = notSerializable === undefined ? {} : { notSerializable };
  if (functionName === "metasearch") {
    const request = tableMetaSearchRequest(queries, operation, options);
    return { request, expected: miscOf((e) => ok(withoutHint(e))), ...extra };
  }
  const [query] = queries as [TableQuery];
  switch (mode) {
    case "get":
      return {
        request: tableSearchGetRequest(query, columns, options),
        expected: miscOf((e) => ok(withoutHint(e).map(splitColumns))),
        ...extra,
      };
    case "count":
      return {
        request: tableSearchCountRequest(query, options),
        expected: miscOf((e) => ok(Number(withoutHint(e)[0]!.toString()))),
        ...extra,
      };
    case "out":
      return { request: tableSearchOutRequest(query, options), expected: none, ...extra };
    default:
      return {
        request: tableSearchRequest(query, options),
        expected: miscOf((e) => ok(withoutHint(e))),
        ...extra,
      };
  }
}

function parseOperator(
  op: string,
): { operator: ConditionOperator; flags: { negate: boolean; noIndex: boolean } } | undefined {
  if (/^\d+$/.test(op)) {
    const n = Number(op);
    const operator = OPERATOR_NAMES[n & 0xffffff];
    if (operator === undefined) return undefined;
    return { operator, flags: { negate: (n & (1 << 24)) !== 0, noIndex: (n & (1 << 25)) !== 0 } };
  }
  const named = /^([~!]?)(\+?)([A-Z]+)$/.exec(op);
  const operator = named && OPERATOR_NAMES.find((name) => name === named[3]);
  if (!named || !operator) return undefined;
  return { operator, flags: { negate: named[1] !== "", noIndex: named[2] !== "" } };
}
