/**
 * `pnpm bench` for @tier/mysql: loading 1,000 ids through the source, against 1,000 single-id
 * queries and against one hand-written `IN` query with mysql2 (the floor, which the source should
 * stay within 1.2x of), and against the same `IN` as a hand-written prepared statement, which is
 * what the source runs. All cases share one pool of 4 connections and the same id sets; the four
 * `IN` cases take turns run by run for 15 rounds, the single-id case runs 5 rounds on its own.
 * Queries issued are the server's own `Com_select` counters of the pool's connections over one
 * run.
 *
 * The server: `TIER_MYSQL_URL`, else mysql://root@127.0.0.1:3306/test. The benchmark creates a
 * table of 100,000 rows under a name of its own and drops it at the end.
 */

import { randomBytes } from "node:crypto";
import { mysqlSource } from "@tier/mysql";
import { createPool, type Pool } from "mysql2/promise";
import { formatRate, median, type RoundCase, runRounds } from "./rounds.js";

const MYSQL_URL = process.env.TIER_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const ROWS = 100_000;
const IDS_PER_RUN = 1000;
const ID_SETS = 50;
const POOL_SIZE = 4;
const ROUNDS = 15;
const ROUND_MS = 1000;
/** The single-id case is 20 times slower: its rate needs no such precision. */
const SINGLE_ID_ROUNDS = 5;

/** A small deterministic generator, so every run loads the same id sets. */
function idSets(): string[][] {
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % ROWS;
  };
  return Array.from({ length: ID_SETS }, () => {
    const ids = new Set<string>();
    while (ids.size < IDS_PER_RUN) ids.add(String(next() + 1));
    return [...ids];
  });
}

async function createBenchTable(pool: Pool): Promise<string> {
  const table = `tier_bench_${process.pid}_${randomBytes(4).toString("hex")}`;
  await pool.query(
    `CREATE TABLE \`${table}\` (id BIGINT PRIMARY KEY, title VARCHAR(200) NOT NULL, views INT NOT NULL, created DATETIME NOT NULL)`,
  );
  const created = new Date(Date.UTC(2024, 0, 1));
  for (let start = 1; start <= ROWS; start += 1000) {
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const id = start + i;
      return [id, `The title of article ${id}`, (id * 7919) % 100_000, created];
    });
    await pool.query(`INSERT INTO \`${table}\` (id, title, views, created) VALUES ?`, [rows]);
  }
  return table;
}

/**
 * SELECTs run so far on every connection of `pool`, by the server's per-session counters: other
 * clients of a shared server do not count, as they would in the global counter.
 */
async function poolSelects(pool: Pool): Promise<number> {
  const connections = await Promise.all(
    Array.from({ length: POOL_SIZE }, () => pool.getConnection()),
  );
  try {
    const counts = await Promise.all(
      connections.map(async (connection) => {
        const [rows] = await connection.query("SHOW SESSION STATUS LIKE 'Com_select'");
        return Number((rows as { Value: string }[])[0]?.Value);
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  } finally {
    for (const connection of connections) connection.release();
  }
}

/** SELECTs that one call of `run` sends through `pool`, less what counting itself costs. */
async function selectsOf(pool: Pool, run: () => Promise<unknown>): Promise<number> {
  const idle = -(await poolSelects(pool)) + (await poolSelects(pool));
  const before = await poolSelects(pool);
  await run();
  return (await poolSelects(pool)) - before - idle;
}

const RAW_QUERY = "raw `IN` query, hand-written with mysql2 (floor)";
const SOURCE = "tier source.loadMany(1,000), maxBatch 1,000";
const SOURCE_BY_250 = "tier source.loadMany(1,000), maxBatch 250 (4 in parallel)";
const RAW_PREPARED = "raw prepared `IN` (execute, 1,000 placeholders)";
const SINGLE_IDS = "1,000 single-id queries (pool of 4)";

async function main(): Promise<void> {
  const admin = createPool({ uri: MYSQL_URL, connectionLimit: 1 });
  const pool = createPool({ uri: MYSQL_URL, connectionLimit: POOL_SIZE });
  const table = await createBenchTable(admin);
  const columns = ["id", "title", "views", "created"];
  const source = mysqlSource({ connection: { pool }, table, columns, maxBatch: 1000 });
  const sourceBy250 = mysqlSource({ connection: { pool }, table, columns, maxBatch: 250 });
  try {
    const [version] = await admin.query("SELECT VERSION() AS v");
    console.log(`server ${(version as { v: string }[])[0]?.v}, Node ${process.version}`);
    const sets = idSets();
    const select = `SELECT id, title, views, created FROM \`${table}\``;
    const placeholders = Array.from({ length: IDS_PER_RUN }, () => "?").join(", ");
    const rotating = (name: string, run: (ids: string[]) => Promise<unknown>): RoundCase => {
      let i = 0;
      return { name, idsPerRun: IDS_PER_RUN, run: () => run(sets[i++ % sets.length]!) };
    };
    const cases: RoundCase[] = [
      rotating(RAW_QUERY, (ids) => pool.query(`${select} WHERE id IN (?)`, [ids.map(Number)])),
      rotating(SOURCE, (ids) => source.loadMany(ids)),
      rotating(SOURCE_BY_250, (ids) => sourceBy250.loadMany(ids)),
      rotating(RAW_PREPARED, (ids) => pool.execute(`${select} WHERE id IN (${placeholders})`, ids)),
      rotating(SINGLE_IDS, (ids) =>
        Promise.all(ids.map((id) => pool.query(`${select} WHERE id = ?`, [Number(id)]))),
      ),
    ];

    // Queries per run, by the server's count, and a check that the source finds every row.
    const queries = new Map<string, number>();
    for (const c of cases) queries.set(c.name, await selectsOf(pool, () => c.run()));
    const check = await source.loadMany(sets[0]!);
    if (check.size !== IDS_PER_RUN) throw new Error(`source found ${check.size} of 1,000 rows`);

    const singles = cases.filter((c) => c.name === SINGLE_IDS);
    const results = [
      ...(await runRounds(
        cases.filter((c) => c.name !== SINGLE_IDS),
        { rounds: ROUNDS, roundMs: ROUND_MS, warmupMs: 1000 },
      )),
      ...(await runRounds(singles, { rounds: SINGLE_ID_ROUNDS, roundMs: ROUND_MS, warmupMs: 500 })),
    ];
    const byName = new Map(results.map((r) => [r.name, r]));
    const rate = (name: string): number => byName.get(name)!.medianIdsPerSecond;
    // The cases of one round share its noise, so the median of their per-round ratios is
    // steadier than a ratio of medians.
    const slower = (name: string, than: string): number =>
      median(byName.get(name)!.rounds.map((r, i) => byName.get(than)!.rounds[i]! / r));
    console.log("\n| case | ids/s (median of rounds) | queries per 1,000 ids | time vs floor |");
    console.log("|---|---|---|---|");
    for (const r of results) {
      const vsFloor = (rate(RAW_QUERY) / r.medianIdsPerSecond).toFixed(2);
      console.log(
        `| ${r.name} | ${formatRate(r.medianIdsPerSecond)} | ${queries.get(r.name)} | ${vsFloor}x |`,
      );
    }
    const ratio = slower(SOURCE, RAW_QUERY);
    console.log(
      `\nsource / raw IN query (floor), median of per-round ratios: ${ratio.toFixed(2)}x the time (target: within 1.2x, ${ratio <= 1.2 ? "met" : "NOT met"})`,
    );
    console.log(
      `source / raw prepared IN (what the source runs), median of per-round ratios: ${slower(SOURCE, RAW_PREPARED).toFixed(2)}x the time`,
    );
    console.log(
      `1,000 single-id queries / source: ${(rate(SOURCE) / rate(SINGLE_IDS)).toFixed(1)}x the time`,
    );
    for (const r of results)
      console.log(`rounds, ${r.name}: ${r.rounds.map(formatRate).join(" ")}`);
  } finally {
    await source.close();
    await sourceBy250.close();
    await admin.query(`DROP TABLE IF EXISTS \`${table}\``);
    await pool.end();
    await admin.end();
  }
}

await main();
