import { createChain, memoryTier, SourceError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { MysqlError, type MysqlRow, mysqlSource } from "../src/index.js";
import { adminPool, MYSQL_URL, useTable } from "./helpers/database.js";
import { outcomeOf } from "./helpers/outcome.js";

const articles = useTable(
  "articles",
  "(id BIGINT PRIMARY KEY, title VARCHAR(200) NOT NULL, views INT NOT NULL, author_id INT NOT NULL)",
  {
    columns: ["id", "title", "views", "author_id"],
    rows: Array.from({ length: 50 }, (_, i) => [
      i + 1,
      `title ${i + 1}`,
      (i + 1) * 10,
      (i % 3) + 1,
    ]),
  },
);
const authors = useTable("authors", "(id INT PRIMARY KEY, name VARCHAR(100) NOT NULL)", {
  columns: ["id", "name"],
  rows: [
    [1, "Ada"],
    [2, "Grace"],
    [3, "Edsger"],
  ],
});

async function failureOf(promise: Promise<unknown>): Promise<SourceError> {
  const { error } = await outcomeOf(promise);
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe("loadMany", () => {
  it("returns the rows found, keyed by the caller's keys, and leaves absent ids out", async () => {
    await using source = mysqlSource({ connection: MYSQL_URL, table: articles.name });
    const rows = await source.loadMany(["3", "999", "7"], { signal: new AbortController().signal });
    expect([...rows.keys()].sort()).toEqual(["3", "7"]);
    expect(rows.get("3")).toEqual({ id: "3", title: "title 3", views: 30, author_id: 3 });
    expect(rows.get("7")).toEqual({ id: "7", title: "title 7", views: 70, author_id: 1 });
  });

  it("selects only the columns asked for, and always the id", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: articles.name,
      columns: ["title"],
    });
    const rows = await source.loadMany(["5"]);
    expect(rows.get("5")).toEqual({ id: "5", title: "title 5" });
  });

  it("finds the id column whatever the case it is named in", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: articles.name,
      idColumn: "ID",
    });
    const rows = await source.loadMany(["9"]);
    expect(rows.get("9")?.title).toBe("title 9");
  });

  it("maps rows with mapRow", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: articles.name,
      mapRow: (row: MysqlRow) => `${String(row.title)}:${String(row.views)}`,
    });
    const rows = await source.loadMany(["4", "6"]);
    expect(rows).toEqual(
      new Map([
        ["4", "title 4:40"],
        ["6", "title 6:60"],
      ]),
    );
  });

  it("fails the load with what mapRow threw", async () => {
    const thrown = new Error("no such shape");
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: articles.name,
      mapRow: () => {
        throw thrown;
      },
    });
    const error = await failureOf(source.loadMany(["1"]));
    expect(error.code).toBe("E_SOURCE_FAILED");
    expect(error.cause).toBe(thrown);
  });

  it("runs a query of its own with a join, binding the ids at IN (?)", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      query: `SELECT a.id AS article, a.title, u.name AS author FROM \`${articles.name}\` a JOIN \`${authors.name}\` u ON u.id = a.author_id WHERE a.id IN (?)`,
      idColumn: "article",
    });
    expect(source.name).toBe("mysql");
    const rows = await source.loadMany(["1", "2", "3", "404"]);
    expect(rows).toEqual(
      new Map([
        ["1", { article: "1", title: "title 1", author: "Ada" }],
        ["2", { article: "2", title: "title 2", author: "Grace" }],
        ["3", { article: "3", title: "title 3", author: "Edsger" }],
      ]),
    );
  });

  it("fails rather than guess when one id matches several rows", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      query: `SELECT u.id, a.title FROM \`${authors.name}\` u JOIN \`${articles.name}\` a ON a.author_id = u.id WHERE u.id IN (?)`,
    });
    const error = await failureOf(source.loadMany(["1"]));
    expect(error.code).toBe("E_SOURCE_FAILED");
    expect(error.cause).toBeInstanceOf(MysqlError);
    expect((error.cause as MysqlError).code).toBe("E_MYSQL_RESULT");
  });

  it("fails when the result has no id column", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      query: `SELECT title FROM \`${articles.name}\` WHERE id IN (?)`,
    });
    const error = await failureOf(source.loadMany(["1"]));
    expect((error.cause as MysqlError).code).toBe("E_MYSQL_RESULT");
    expect(error.message).toContain('source "mysql" failed for key "1"');
  });

  it("reports a server error as E_SOURCE_FAILED with the server's code", async () => {
    await using source = mysqlSource({ connection: MYSQL_URL, table: `${articles.name}_missing` });
    const error = await failureOf(source.loadMany(["1", "2"]));
    expect(error.code).toBe("E_SOURCE_FAILED");
    expect(error.keys).toEqual(["1", "2"]);
    const cause = error.cause as MysqlError;
    expect(cause.code).toBe("E_MYSQL_SERVER");
    expect(cause.driverCode).toBe("ER_NO_SUCH_TABLE");
    expect(cause.errno).toBe(1146);
    expect(cause.message).toMatch(/^\[tier\] \[mysql\] query failed: /);
  });

  it("sends nothing for an empty or all-unusable key list, and each id once", async () => {
    await using source = mysqlSource({ connection: MYSQL_URL, table: articles.name });
    expect(await source.loadMany([])).toEqual(new Map());
    expect(await source.loadMany(["007", "x"])).toEqual(new Map());
    expect(source.stats().queries).toBe(0);
    expect(source.stats().skippedKeys).toBe(2);
    const rows = await source.loadMany(["8", "8", "8"]);
    expect([...rows.keys()]).toEqual(["8"]);
    expect(source.stats()).toMatchObject({ loads: 3, queries: 1, ids: 1, rows: 1 });
  });
});

describe("ownership", () => {
  it("ends a pool it created on close, and refuses loads afterwards", async () => {
    const source = mysqlSource({ connection: MYSQL_URL, table: articles.name });
    await source.loadMany(["1"]);
    await source.close();
    await source.close();
    const error = await failureOf(source.loadMany(["1"]));
    expect((error.cause as MysqlError).code).toBe("E_MYSQL_CLOSED");
  });

  it("leaves a pool it was given open", async () => {
    const pool = adminPool();
    try {
      const source = mysqlSource({ connection: { pool }, table: articles.name });
      expect((await source.loadMany(["2"])).size).toBe(1);
      await source.close();
      const [rows] = await pool.query("SELECT 1 AS one");
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});

describe("in a chain", () => {
  it("serves from the memory tier what the source loaded once", async () => {
    const source = mysqlSource({ connection: MYSQL_URL, table: articles.name });
    await using chain = createChain<MysqlRow>({ tiers: [memoryTier()], source });
    const first = await chain.getMany(["10", "11", "12", "404"]);
    expect(first.map((row) => row?.title)).toEqual(["title 10", "title 11", "title 12", undefined]);
    expect(source.stats().queries).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await chain.getMany(["10", "11", "12"]);
    expect(second).toEqual(first.slice(0, 3));
    expect(source.stats().queries).toBe(1);
  });
});
