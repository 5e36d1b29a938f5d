import { describe, expect, it } from "vitest";
import { splitColumns } from "../../src/testing/engine/column-map.js";
import { ConditionOp } from "../../src/testing/engine/condition-op.js";
import { OrderType } from "../../src/testing/engine/order-type.js";
import { TableDatabase } from "../../src/testing/engine/table-db.js";
import { IndexType } from "../../src/testing/engine/table-index.js";
import { MetasearchType, metasearch } from "../../src/testing/engine/table-metasearch.js";
import { TableQuery } from "../../src/testing/engine/table-query.js";

const b = (text: string): Buffer => Buffer.from(text, "latin1");

function people(): TableDatabase {
  const db = new TableDatabase();
  const rows: [string, string][] = [
    ["p1", "name\0alice\0age\x0030\0city\0tokyo"],
    ["p2", "name\0bob\0age\x0025\0city\0osaka"],
    ["p3", "name\0carol\0age\x0035\0city\0tokyo"],
    ["p4", "name\0dave\0age\x0028\0city\0kyoto"],
    ["p5", "name\0eve\0age\x0041"],
  ];
  for (const [key, columns] of rows) db.putColumns(b(key), splitColumns(b(columns)), "overwrite");
  return db;
}

function search(
  db: TableDatabase,
  build: (query: TableQuery) => void,
): { keys: string[]; hint: string } {
  const query = new TableQuery();
  build(query);
  const keys = query.search(db).map((key) => key.toString("latin1"));
  return { keys, hint: query.hint };
}

describe("table query planner", () => {
  it("scans the whole table in file order when no index serves a condition", () => {
    const result = search(people(), (q) =>
      q.addCondition(b("city"), ConditionOp.strEq, b("tokyo")),
    );
    expect(result.keys).toEqual(["p1", "p3"]);
    expect(result.hint).toBe(
      "scanning the whole table\nresult set size: 2\nleaving the natural order\n",
    );
  });

  it("walks a decimal index for a range and keeps its order for the same order", () => {
    const db = people();
    expect(db.setIndex(b("age"), IndexType.decimal)).toBe(true);
    const result = search(db, (q) => {
      q.addCondition(b("age"), ConditionOp.numGe, b("28"));
      q.setOrder(b("age"), OrderType.numberAscending);
    });
    expect(result.keys).toEqual(["p4", "p1", "p3", "p5"]);
    expect(result.hint).toBe(
      'using an index: "age" asc (NUMGT/NUMGE)\nresult set size: 4\nleaving the index order\n',
    );
  });

  it("walks a decimal index backwards for NUMLT and sorts by another column afterwards", () => {
    const db = people();
    db.setIndex(b("age"), IndexType.decimal);
    const result = search(db, (q) => {
      q.addCondition(b("age"), ConditionOp.numLt, b("35"));
      q.setOrder(b("name"), OrderType.stringDescending);
    });
    expect(result.keys).toEqual(["p4", "p2", "p1"]);
    expect(result.hint).toBe(
      'using an index: "age" desc (NUMLT/NUMLE)\nresult set size: 3\nsorting the result set: "name"\n',
    );
  });

  it("narrows a main index walk with an auxiliary index and reports both", () => {
    const db = people();
    db.setIndex(b("city"), IndexType.lexical);
    db.setIndex(b("age"), IndexType.decimal);
    const result = search(db, (q) => {
      q.addCondition(b("city"), ConditionOp.strEq, b("tokyo"));
      q.addCondition(b("age"), ConditionOp.numGt, b("32"));
    });
    expect(result.keys).toEqual(["p3"]);
    expect(result.hint).toBe(
      'using an auxiliary index: "age" asc (NUMGT/NUMGE)\nauxiliary result set size: 2\n' +
        'using an index: "city" asc (STREQ)\nlimited matching: 2\nresult set size: 1\n' +
        "leaving the natural order\n",
    );
  });

  it("uses the index of the order column when the limit is small, with a limit of max + skip", () => {
    const db = people();
    db.setIndex(b("name"), IndexType.lexical);
    const result = search(db, (q) => {
      q.setOrder(b("name"), OrderType.stringDescending);
      q.setLimit(0, 0);
    });
    expect(result.keys).toEqual([]);
    expect(result.hint).toBe(
      'using an index: "name" desc (order)\nlimited matching: 0\nresult set size: 0\nleaving the index order\n',
    );
  });

  it("matches a negated condition on records without the column, and sorts by primary key", () => {
    const result = search(people(), (q) => {
      q.addCondition(b("city"), ConditionOp.strEq | (1 << 24), b("tokyo"));
      q.setOrder(b(""), OrderType.stringDescending);
      q.setLimit(2, 1);
    });
    expect(result.keys).toEqual(["p4", "p2"]);
  });

  it("intersects metasearch results in the first query's order and prefixes the hints", () => {
    const db = people();
    const first = new TableQuery();
    first.addCondition(b("age"), ConditionOp.numGe, b("25"));
    const second = new TableQuery();
    second.addCondition(b("city"), ConditionOp.strOrEq, b("osaka,kyoto"));
    const keys = metasearch([first, second], MetasearchType.intersection, db).map((key) =>
      key.toString(),
    );
    expect(keys).toEqual(["p2", "p4"]);
    expect(first.count).toBe(2);
    expect(
      first.hint
        .split("\n")
        .filter(Boolean)
        .every((line) => /^\[[01]\] /.test(line)),
    ).toBe(true);
  });

  it("keeps index definitions but not their entries across vanish, and restarts unique ids", () => {
    const db = people();
    db.setIndex(b("age"), IndexType.decimal);
    expect(db.generateUniqueId()).toBe(1);
    db.vanish();
    expect(db.indexes.map((index) => index.column.toString())).toEqual(["age"]);
    expect(db.indexes[0]!.size).toBe(0);
    expect(db.generateUniqueId()).toBe(1);
  });
});
