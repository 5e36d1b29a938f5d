import { describe, expect, it } from "vitest";
import { TokyoTyrantError } from "../../src/errors.js";
import {
  type ConditionOperator,
  type OrderType,
  type TableIndexType,
  TableQuery,
  type TtRequest,
  tableMetaSearchRequest,
  tableSearchCountRequest,
  tableSearchGetRequest,
  tableSearchOutRequest,
  tableSearchRequest,
  tableSetIndexRequest,
} from "../../src/protocol/index.js";
import { concatRequest } from "./support/feed.js";
import { readFrame } from "./support/request-reader.js";

/** The misc call a request makes: function name, option bits, arguments as text. */
function miscCall(request: TtRequest<unknown>) {
  const read = readFrame(concatRequest(request.bytes), 0);
  if ("malformed" in read) throw new Error(read.malformed);
  const { fields, numbers, list } = read.frame;
  return {
    name: fields.name!.toString(),
    opts: Number(numbers.opts),
    args: list.map((a) => a.toString("utf8")),
  };
}

const argsOf = (query: TableQuery) => miscCall(tableSearchRequest(query)).args;

/** PROTOCOL.md §5.4, condition op numbers. */
const OPERATORS: [ConditionOperator, number][] = [
  ["STREQ", 0],
  ["STRINC", 1],
  ["STRBW", 2],
  ["STREW", 3],
  ["STRAND", 4],
  ["STROR", 5],
  ["STROREQ", 6],
  ["STRRX", 7],
  ["NUMEQ", 8],
  ["NUMGT", 9],
  ["NUMGE", 10],
  ["NUMLT", 11],
  ["NUMLE", 12],
  ["NUMBT", 13],
  ["NUMOREQ", 14],
  ["FTSPH", 15],
  ["FTSAND", 16],
  ["FTSOR", 17],
  ["FTSEX", 18],
];

describe("conditions", () => {
  it.each(OPERATORS)("%s is sent as %d", (operator, number) => {
    expect(argsOf(new TableQuery().addCondition("col", operator, "x"))).toEqual([
      `addcond\0col\0${number}\0x`,
    ]);
  });

  it.each(OPERATORS)("%s with negate, no-index and both flags", (operator, number) => {
    const args = argsOf(
      new TableQuery()
        .addCondition("c", operator, "x", { negate: true })
        .addCondition("c", operator, "x", { noIndex: true })
        .addCondition("c", operator, "x", { negate: true, noIndex: true }),
    );
    expect(args).toEqual([
      `addcond\0c\0${number + 16_777_216}\0x`,
      `addcond\0c\0${number + 33_554_432}\0x`,
      `addcond\0c\0${number + 50_331_648}\0x`,
    ]);
  });

  it("by name: a ~ prefix negates, a + prefix skips the index", () => {
    const query = new TableQuery({ namesOnWire: true })
      .addCondition("name", "STRBW", "d")
      .addCondition("name", "STREQ", "x", { negate: true })
      .addCondition("age", "NUMGT", 3, { noIndex: true })
      .addCondition("body", "FTSEX", "a && b", { negate: true, noIndex: true });
    expect(argsOf(query)).toEqual([
      "addcond\0name\0STRBW\0d",
      "addcond\0name\0~STREQ\0x",
      "addcond\0age\0+NUMGT\x003",
      "addcond\0body\0~+FTSEX\0a && b",
    ]);
  });

  it("numbers and lists: NUMBT ranges and token lists are space-separated", () => {
    const query = new TableQuery()
      .addCondition("age", "NUMBT", [25, 35])
      .addCondition("age", "NUMOREQ", [1, 2.5, -3])
      .addCondition("tags", "STROR", ["red", "blue"])
      .addCondition("", "NUMEQ", 7);
    expect(argsOf(query)).toEqual([
      "addcond\0age\x0013\x0025 35",
      "addcond\0age\x0014\x001 2.5 -3",
      "addcond\0tags\x005\0red blue",
      "addcond\0\x008\x007",
    ]);
  });

  it("refuses NUL inside a part, unknown operators and non-finite numbers", () => {
    const refuses = (make: () => unknown) =>
      expect(make).toThrow(
        expect.objectContaining({ code: "E_TT_INVALID_ARGUMENT", name: "TokyoTyrantError" }),
      );
    refuses(() => new TableQuery().addCondition("a\0", "STREQ", "x"));
    refuses(() => new TableQuery().addCondition("a", "STREQ", "x\0y"));
    refuses(() => new TableQuery().addCondition("a", "BOGUS" as ConditionOperator, "x"));
    refuses(() => new TableQuery().addCondition("a", "NUMEQ", Number.NaN));
    refuses(() => new TableQuery().setOrder("a", "UP" as OrderType));
    refuses(() => new TableQuery().setLimit(1, -1));
    expect(() => new TableQuery().setLimit(2 ** 31)).toThrow(TokyoTyrantError);
  });
});

describe("order and limit", () => {
  it.each([
    ["STRASC", 0],
    ["STRDESC", 1],
    ["NUMASC", 2],
    ["NUMDESC", 3],
  ] as [OrderType, number][])("order %s is %d, or its name", (order, number) => {
    expect(argsOf(new TableQuery().setOrder("age", order))).toEqual([`setorder\0age\0${number}`]);
    expect(argsOf(new TableQuery({ namesOnWire: true }).setOrder("", order))).toEqual([
      `setorder\0\0${order}`,
    ]);
  });

  it("setlimit always carries the skip; a negative max means no limit", () => {
    expect(argsOf(new TableQuery().setLimit(10))).toEqual(["setlimit\x0010\x000"]);
    expect(argsOf(new TableQuery().setLimit(-1, 5))).toEqual(["setlimit\0-1\x005"]);
  });

  it("keeps the order in which parts were added", () => {
    const query = new TableQuery()
      .setLimit(2)
      .addCondition("a", "STREQ", "b")
      .setOrder("a", "STRASC");
    expect(argsOf(query)).toEqual(["setlimit\x002\x000", "addcond\0a\x000\0b", "setorder\0a\x000"]);
  });
});

describe("search requests", () => {
  const query = new TableQuery().addCondition("age", "NUMGE", 10);
  const cond = "addcond\0age\x0010\x0010";

  it("keys, get, count and out: the modifier goes last; out is logged", () => {
    expect(miscCall(tableSearchRequest(query))).toEqual({ name: "search", opts: 1, args: [cond] });
    expect(miscCall(tableSearchGetRequest(query))).toEqual({
      name: "search",
      opts: 1,
      args: [cond, "get"],
    });
    expect(miscCall(tableSearchGetRequest(query, ["name", "age"])).args).toEqual([
      cond,
      "get\0name\0age",
    ]);
    expect(miscCall(tableSearchCountRequest(query)).args).toEqual([cond, "count"]);
    expect(miscCall(tableSearchOutRequest(query))).toEqual({
      name: "search",
      opts: 0,
      args: [cond, "out"],
    });
  });

  it("hint goes first; noUpdateLog can be overridden", () => {
    expect(miscCall(tableSearchCountRequest(query, { hint: true })).args).toEqual([
      "hint",
      cond,
      "count",
    ]);
    expect(miscCall(tableSearchRequest(query, { noUpdateLog: false })).opts).toBe(0);
  });

  it.each([
    ["union", 0],
    ["intersection", 1],
    ["difference", 2],
  ] as const)("metasearch %s: queries split by next, then mstype %d", (operation, type) => {
    const other = new TableQuery().addCondition("city", "STREQ", "tokyo").setLimit(3);
    expect(miscCall(tableMetaSearchRequest([query, other], operation))).toEqual({
      name: "metasearch",
      opts: 1,
      args: [cond, "next", "addcond\0city\x000\0tokyo", "setlimit\x003\x000", `mstype\0${type}`],
    });
  });

  it("metasearch needs a query", () => {
    expect(() => tableMetaSearchRequest([], "union")).toThrow(TokyoTyrantError);
  });
});

describe("setindex", () => {
  it.each([
    ["lexical", "0", "LEX"],
    ["decimal", "1", "DEC"],
    ["token", "2", "TOK"],
    ["qgram", "3", "QGR"],
    ["optimize", "9998", "OPT"],
    ["void", "9999", "VOID"],
  ] as [TableIndexType, string, string][])("%s is %s, or %s", (type, number, name) => {
    expect(miscCall(tableSetIndexRequest("col", type))).toEqual({
      name: "setindex",
      opts: 0,
      args: ["col", number],
    });
    expect(miscCall(tableSetIndexRequest("col", type, { keep: true })).args[1]).toBe(
      String(Number(number) + 16_777_216),
    );
    expect(miscCall(tableSetIndexRequest("col", type, { typeAsName: true })).args[1]).toBe(name);
    expect(
      miscCall(tableSetIndexRequest("col", type, { typeAsName: true, keep: true })).args[1],
    ).toBe(`+${name}`);
  });
});
