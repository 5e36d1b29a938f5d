import type { Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysqlSource } from "../src/index.js";
import { adminPool, MYSQL_URL, useTable } from "./helpers/database.js";

/**
 * Queries are counted by the server itself: the general query log, written to the
 * `mysql.general_log` table for the length of this file, holds every statement it received and
 * every execution of a prepared one. The
 * table name is unique to this run, so queries of other test files never count.
 */
let restoreLog: (() => Promise<void>) | undefined;

interface LoggedQuery {
  readonly thread: string;
  /** Placeholders in the statement: lists are padded to a power of two or maxBatch. */
  readonly listed: number;
  /** Distinct ids among them. */
  readonly ids: number;
}

async function enableQueryLog(pool: Pool): Promise<() => Promise<void>> {
  const [rows] = await pool.query(
    "SELECT @@global.general_log AS enabled, @@global.log_output AS output",
  );
  const before = (rows as { enabled: number | string; output: string }[])[0]!;
  const wasEnabled = Number(before.enabled) === 1;
  // Only add the table to an existing log; a log that was off need not start writing its file.
  const output = !wasEnabled
    ? "TABLE"
    : before.output.includes("TABLE")
      ? before.output
      : `${before.output},TABLE`;
  await pool.query("SET GLOBAL log_output = ?", [output]);
  await pool.query("SET GLOBAL general_log = 1");
  return async () => {
    await pool.query(`SET GLOBAL general_log = ${wasEnabled ? "ON" : "OFF"}`);
    await pool.query("SET GLOBAL log_output = ?", [before.output]);
  };
}

/**
 * Every execution of a SELECT of the table that the server logged since `since` (the log shows
 * an executed statement with its bound values in place), with its ids counted.
 */
async function loggedQueries(since: string): Promise<LoggedQuery[]> {
  const prefix = `SELECT * FROM \`${table.name}\` WHERE \`id\` IN (`;
  const [rows] = await table.admin.query(
    "SELECT thread_id AS thread, CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log WHERE command_type IN ('Query', 'Execute') AND event_time >= ? AND LEFT(argument, ?) = ?",
    [since, Buffer.byteLength(prefix), prefix],
  );
  return (rows as { thread: string; sql_text: string }[]).map((row) => {
    const list = row.sql_text.slice(prefix.length, -1).split(",");
    return {
      thread: String(row.thread),
      listed: list.length,
      ids: new Set(list.map((id) => id.trim())).size,
    };
  });
}

const ROWS = 3000;

const table = useTable("chunks", "(id INT PRIMARY KEY, label VARCHAR(20))", {
  columns: ["id", "label"],
  rows: Array.from({ length: ROWS }, (_, i) => [i + 1, `row ${i + 1}`]),
});

beforeAll(async () => {
  restoreLog = await enableQueryLog(table.admin);
});

afterAll(async () => {
  await restoreLog?.();
});

/** The server's time now, to the microsecond as the log keeps it (a Date would cut it). */
async function mark(): Promise<string> {
  const [rows] = await table.admin.query("SELECT CAST(NOW(6) AS CHAR) AS now");
  return (rows as { now: string }[])[0]!.now;
}

const ids = (count: number, from = 1): string[] =>
  Array.from({ length: count }, (_, i) => String(from + i));

describe("chunking", () => {
  it("loads 2,500 ids with maxBatch 1,000 in exactly 3 queries", async () => {
    await using source = mysqlSource({ connection: MYSQL_URL, table: table.name, maxBatch: 1000 });
    const since = await mark();
    const rows = await source.loadMany(ids(2500));
    expect(rows.size).toBe(2500);
    expect(rows.get("2500")).toEqual({ id: 2500, label: "row 2500" });
    const logged = await loggedQueries(since);
    expect(logged.map((q) => q.ids).sort((a, b) => a - b)).toEqual([500, 1000, 1000]);
    // The last chunk's 500 ids fill a statement of 512 placeholders.
    expect(logged.map((q) => q.listed).sort((a, b) => a - b)).toEqual([512, 1000, 1000]);
    expect(source.stats()).toMatchObject({ queries: 3, ids: 2500, rows: 2500 });
  });

  it("runs the chunks of one load in parallel, up to the pool's size", async () => {
    // Run one after the other, the chunks would all take the one connection a fresh pool opens
    // first; in parallel, each takes its own.
    const pool = adminPool({ connectionLimit: 2 });
    try {
      await using source = mysqlSource({ connection: { pool }, table: table.name, maxBatch: 10 });
      const since = await mark();
      expect((await source.loadMany(ids(50, 2001))).size).toBe(50);
      const logged = await loggedQueries(since);
      expect(logged.map((q) => q.ids)).toEqual([10, 10, 10, 10, 10]);
      expect(logged.map((q) => q.listed)).toEqual([10, 10, 10, 10, 10]);
      expect(new Set(logged.map((q) => q.thread)).size).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it("runs them one at a time with maxConcurrentQueries 1", async () => {
    const pool = adminPool({ connectionLimit: 4 });
    try {
      await using source = mysqlSource({
        connection: { pool },
        table: table.name,
        maxBatch: 10,
        maxConcurrentQueries: 1,
      });
      const since = await mark();
      expect((await source.loadMany(ids(30, 2101))).size).toBe(30);
      const logged = await loggedQueries(since);
      expect(logged).toHaveLength(3);
      expect(new Set(logged.map((q) => q.thread)).size).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
