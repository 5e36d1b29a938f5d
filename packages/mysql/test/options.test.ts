import { inspect } from "node:util";
import { InvalidOptionError } from "@tier/core";
import { createPool as createCallbackPool } from "mysql2";
import { describe, expect, it } from "vitest";
import { type MysqlSourceOptions, mysqlSource } from "../src/index.js";
import { MYSQL_URL } from "./helpers/database.js";

function refusal(options: unknown): InvalidOptionError {
  let thrown: unknown;
  try {
    const source = mysqlSource(options as MysqlSourceOptions);
    void source.close();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidOptionError);
  const error = thrown as InvalidOptionError;
  expect(error.code).toBe("E_INVALID_OPTION");
  expect(error.message).toMatch(/^\[tier\] \[mysql\] /);
  return error;
}

const HOSTILE_NAMES = [
  "x`; DROP TABLE y; --",
  "articles` WHERE 1=1 --",
  "a b",
  "t;",
  "t'",
  't"',
  "t\u0000",
  "t\nDROP",
  "t/*",
  "t--",
  "",
  "1234",
  "x".repeat(65),
  "t\u{1F600}",
  "a.b.c",
  ".articles",
];

describe("table and column names", () => {
  it.each(HOSTILE_NAMES)("refuses the table name %j", (table) => {
    const error = refusal({ connection: MYSQL_URL, table });
    expect(error.message).toContain("table must be a plain identifier");
  });

  it.each(HOSTILE_NAMES.filter((n) => !n.includes(".") || n === "a.b.c"))(
    "refuses the id column %j",
    (idColumn) => {
      expect(refusal({ connection: MYSQL_URL, table: "t", idColumn }).message).toContain(
        "idColumn must be a plain identifier",
      );
    },
  );

  it.each(HOSTILE_NAMES)("refuses the column %j", (column) => {
    const error = refusal({ connection: MYSQL_URL, table: "t", columns: ["title", column] });
    expect(error.message).toContain("columns[1] must be a plain identifier");
  });

  it("refuses names that are not strings, and an empty column list", () => {
    refusal({ connection: MYSQL_URL, table: 42 });
    refusal({ connection: MYSQL_URL, table: "t", columns: [] });
    refusal({ connection: MYSQL_URL, table: "t", columns: [{ toString: () => "id" }] });
  });

  it("accepts plain, qualified and non-ASCII names", async () => {
    for (const options of [
      { table: "articles" },
      { table: "shop.articles", columns: ["id", "title_2", "$price"] },
      { table: "artículos", idColumn: "número" },
    ]) {
      await mysqlSource({ connection: MYSQL_URL, ...options }).close();
    }
  });
});

describe("a query of one's own", () => {
  it.each([
    ["no placeholder", "SELECT * FROM t WHERE id IN (1, 2)"],
    ["two placeholders", "SELECT * FROM t WHERE id IN (?) AND kind = ?"],
    ["a placeholder outside IN", "SELECT * FROM t WHERE id = ?"],
    ["an identifier placeholder", "SELECT * FROM ?? WHERE id IN (?)"],
  ])("refuses a query with %s", (_, query) => {
    expect(refusal({ connection: MYSQL_URL, query }).message).toContain("exactly one");
  });

  it("refuses a query together with a table, and an empty idColumn", () => {
    refusal({ connection: MYSQL_URL, query: "SELECT * FROM t WHERE id IN (?)", table: "t" });
    refusal({ connection: MYSQL_URL, query: "SELECT * FROM t WHERE id IN (?)", idColumn: "" });
  });
});

describe("other options", () => {
  it.each([
    ["an unknown option", { table: "t", tabel: "t" }],
    ["neither table nor query", {}],
    ["an unknown idType", { table: "t", idType: "uuid" }],
    ["maxBatch 0", { table: "t", maxBatch: 0 }],
    ["a fractional maxBatch", { table: "t", maxBatch: 1.5 }],
    ["a maxBatch as text", { table: "t", maxBatch: "100" }],
    ["a timeout no timer can hold", { table: "t", timeoutMs: 2 ** 31 }],
    ["maxConcurrentQueries 0", { table: "t", maxConcurrentQueries: 0 }],
    ["an empty name", { table: "t", name: "" }],
    ["a mapRow that is not a function", { table: "t", mapRow: "JSON.parse" }],
  ])("refuses %s", (_, options) => {
    refusal({ connection: MYSQL_URL, ...options });
  });

  it("refuses a missing or meaningless connection", () => {
    refusal({ table: "t" });
    refusal({ connection: 3306, table: "t" });
    refusal({ connection: { cluster: {} }, table: "t" });
    refusal({ connection: { primary: MYSQL_URL }, table: "t" });
    refusal({ connection: { primary: MYSQL_URL, replicas: [], selector: "FASTEST" }, table: "t" });
  });

  it("refuses a callback pool, saying how to pass it", async () => {
    const pool = createCallbackPool({ uri: MYSQL_URL });
    try {
      expect(refusal({ connection: { pool }, table: "t" }).message).toContain("pool.promise()");
    } finally {
      await new Promise((resolve) => pool.end(resolve));
    }
  });

  it("names the source after its table", async () => {
    const source = mysqlSource({ connection: MYSQL_URL, table: "articles" });
    expect(source.name).toBe("mysql:articles");
    await source.close();
    const named = mysqlSource({ connection: MYSQL_URL, table: "articles", name: "posts" });
    expect(named.name).toBe("posts");
    await named.close();
  });
});

describe("credentials in configuration errors", () => {
  const password = "Pw-9f2c71aa";

  it.each([
    ["an unparsable URI", `mysql://root:${password}@[127.0.0.1/test`],
    ["a URI with broken percent-encoding", `mysql://root:${password}%ZZ@127.0.0.1/test`],
    ["a URI of another scheme", `http://root:${password}@127.0.0.1/test`],
  ])("never repeats %s", (_, uri) => {
    const error = refusal({ connection: uri, table: "t" });
    const everything = `${error.message} ${error.stack ?? ""} ${inspect(error, { depth: 10 })} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(password);
    expect(error.cause).toBeUndefined();
  });

  it("checks a URI inside pool options too", () => {
    const error = refusal({ connection: { uri: `mysql://root:${password}@[x/test` }, table: "t" });
    expect(inspect(error, { depth: 10 })).not.toContain(password);
  });
});
