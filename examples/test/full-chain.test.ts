import { createChain, memoryTier, type Source } from "@tier/core";
import { mysqlSource } from "@tier/mysql";
import { tokyoTyrantTier } from "@tier/tokyotyrant";
import { startTokyoTyrantTestServer } from "@tier/tokyotyrant/testing";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The whole chain against the real servers this machine has: a memory tier, Tokyo Tyrant (the
 * TT-compatible test server, since no ttserver can be installed here) and MariaDB. This is the
 * production story in small: after the fast tier is lost, TT answers and MySQL sees nothing.
 */
const url = process.env.TIER_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const table = `tier_full_chain_${process.pid}_${Date.now()}`;

interface Article {
  readonly id: string;
  readonly title: string;
}

let admin: mysql.Pool;

beforeAll(async () => {
  admin = mysql.createPool({ uri: url, connectionLimit: 2 });
  await admin.query(
    `CREATE TABLE \`${table}\` (id BIGINT PRIMARY KEY, title VARCHAR(100) NOT NULL)`,
  );
  const rows = Array.from({ length: 200 }, (_, i) => [i + 1, `article ${i + 1}`]);
  await admin.query(`INSERT INTO \`${table}\` (id, title) VALUES ?`, [rows]);
});

afterAll(async () => {
  await admin.query(`DROP TABLE IF EXISTS \`${table}\``);
  await admin.end();
});

/** Counts the loads and ids that reach MySQL, on top of the source's own statistics. */
function counted<Row>(source: Source<Row>) {
  const counts = { queries: 0, ids: 0 };
  const wrapped: Source<Row> = {
    name: source.name,
    async loadMany(keys, options) {
      counts.queries += 1;
      counts.ids += keys.length;
      return source.loadMany(keys, options);
    },
  };
  return { wrapped, counts };
}

describe("memory tier + Tokyo Tyrant + MariaDB", () => {
  it("loads a cold key from MySQL once, then serves it from memory, then from TT alone", async () => {
    await using tt = await startTokyoTyrantTestServer({ database: "hash" });
    const source = mysqlSource<Article>({
      connection: url,
      table,
      columns: ["id", "title"],
      mapRow: (row) => ({ id: String(row.id), title: String(row.title) }),
    });
    const keys = Array.from({ length: 150 }, (_, i) => String(i + 1));
    const expected = keys.map((id) => ({ id, title: `article ${id}` }));

    const first = counted(source);
    const ttTier = tokyoTyrantTier({ servers: tt.address });
    const chain = createChain<Article>({
      tiers: [memoryTier({ maxEntries: 1000 }), ttTier],
      source: first.wrapped,
      closeTiers: false,
    });
    expect(await chain.getMany(keys)).toEqual(expected);
    expect(first.counts).toEqual({ queries: 2, ids: 150 });
    await chain.close();

    // Writes back are asynchronous; the chain's close() drained them into TT.
    expect(tt.recordCount).toBe(150);

    // The same chain again: memory answers, TT and MySQL see nothing.
    const warm = counted(source);
    const memory = memoryTier({ maxEntries: 1000 });
    const warmChain = createChain<Article>({
      tiers: [memory, ttTier],
      source: warm.wrapped,
      closeTiers: false,
    });
    expect(await warmChain.getMany(keys)).toEqual(expected);
    expect(warm.counts.queries).toBe(0);
    tt.resetRequestCounts();
    expect(await warmChain.getMany(keys)).toEqual(expected);
    expect(tt.requestCount("mget")).toBe(0);
    await warmChain.close();

    // The memory tier is gone (a restart): TT answers every key, MySQL sees zero queries.
    const afterRestart = counted(source);
    const restarted = createChain<Article>({
      tiers: [memoryTier({ maxEntries: 1000 }), ttTier],
      source: afterRestart.wrapped,
    });
    expect(await restarted.getMany(keys)).toEqual(expected);
    expect(afterRestart.counts).toEqual({ queries: 0, ids: 0 });
    expect(restarted.stats().tiers[1]?.hits).toBe(150);
    await restarted.close();
    await source.close();
  });
});
