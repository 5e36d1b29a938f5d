import { randomBytes } from "node:crypto";
import { createPool, type Pool, type PoolOptions } from "mysql2/promise";
import { afterAll, beforeAll } from "vitest";

/** The MariaDB (or MySQL) the tests use: `TIER_MYSQL_URL`, else the local one. */
export const MYSQL_URL = process.env.TIER_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

const parsed = new URL(MYSQL_URL);

/** Where the server listens, for a fault proxy in front of it. */
export const MYSQL_TARGET = {
  host: parsed.hostname,
  port: parsed.port === "" ? 3306 : Number(parsed.port),
};

/** The test URL pointed at another host and port (a fault proxy), same user and database. */
export function urlVia(host: string, port: number): string {
  const url = new URL(MYSQL_URL);
  url.hostname = host;
  url.port = String(port);
  return url.toString();
}

/** A pool for the test's own setup and checks, separate from the source under test. */
export function adminPool(options: PoolOptions = {}): Pool {
  return createPool({
    uri: MYSQL_URL,
    connectionLimit: 2,
    supportBigNumbers: true,
    bigNumberStrings: true,
    ...options,
  });
}

/** A table name no other test run uses: test files run in parallel against one server. */
export function uniqueTableName(label: string): string {
  return `tier_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/**
 * Creates a table with a unique name, returns its name and a `drop()` for `afterAll`. The
 * definition is SQL written by the test itself, with `{table}` where the name goes.
 */
export async function createTable(
  pool: Pool,
  label: string,
  definition: string,
): Promise<{ readonly name: string; drop(): Promise<void> }> {
  const name = uniqueTableName(label);
  await pool.query(`CREATE TABLE \`${name}\` ${definition}`);
  return {
    name,
    drop: async () => {
      await pool.query(`DROP TABLE IF EXISTS \`${name}\``);
    },
  };
}

/** Inserts rows in batches of 1,000 (`rows` are arrays in column order). */
export async function insertRows(
  pool: Pool,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  const list = columns.map((c) => `\`${c}\``).join(", ");
  for (let i = 0; i < rows.length; i += 1000) {
    await pool.query(`INSERT INTO \`${table}\` (${list}) VALUES ?`, [rows.slice(i, i + 1000)]);
  }
}

/** Whether the table still exists (after hostile input was thrown at it). */
export async function tableExists(table: TestTable): Promise<boolean> {
  const [rows] = await table.admin.query(
    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
    [table.name],
  );
  return Number((rows as { n: number | string }[])[0]?.n) === 1;
}

/** A table created for one test file, with the pool that created it. */
export interface TestTable {
  readonly name: string;
  /** A pool of the file's own, for setup and checks. */
  readonly admin: Pool;
}

/**
 * Creates a table with a unique name before the file's tests (`definition` is the SQL after the
 * name) and fills it with `rows` (arrays in `columns` order), or with `seed` for anything else;
 * drops it after them. The returned object is filled in by `beforeAll`.
 */
export function useTable(
  label: string,
  definition: string,
  fill:
    | { columns: readonly string[]; rows: readonly (readonly unknown[])[] }
    | ((table: TestTable) => Promise<void>),
): TestTable {
  const table = { name: "", admin: undefined as unknown as Pool };
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    table.admin = adminPool();
    const created = await createTable(table.admin, label, definition);
    table.name = created.name;
    drop = created.drop;
    if (typeof fill === "function") await fill(table);
    else await insertRows(table.admin, table.name, fill.columns, fill.rows);
  });
  afterAll(async () => {
    try {
      await drop?.();
    } finally {
      await table.admin?.end();
    }
  });
  return table;
}
