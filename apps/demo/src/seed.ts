import type mysql from "mysql2/promise";
import { DemoError } from "./errors.js";
import { payloadOf } from "./item.js";

const ROWS_PER_INSERT = 5_000;

export interface SeedResult {
  readonly created: boolean;
  readonly durationMs: number;
}

/**
 * Makes `table` hold exactly ids 1..items with their payloads. A table that already
 * does is kept (seeding 100,000 rows each run would only slow the demo down); any other is
 * recreated.
 */
export async function seedItems(
  admin: mysql.Pool,
  table: string,
  items: number,
): Promise<SeedResult> {
  const started = performance.now();
  try {
    if (await alreadySeeded(admin, table, items))
      return { created: false, durationMs: performance.now() - started };
    await admin.query(`DROP TABLE IF EXISTS \`${table}\``);
    await admin.query(
      `CREATE TABLE \`${table}\` (id BIGINT NOT NULL PRIMARY KEY, payload VARCHAR(64) NOT NULL) ENGINE=InnoDB`,
    );
    for (let first = 1; first <= items; first += ROWS_PER_INSERT) {
      const last = Math.min(items, first + ROWS_PER_INSERT - 1);
      const rows: [number, string][] = [];
      for (let id = first; id <= last; id++) rows.push([id, payloadOf(id)]);
      await admin.query(`INSERT INTO \`${table}\` (id, payload) VALUES ?`, [rows]);
    }
  } catch (error) {
    if (error instanceof DemoError) throw error;
    throw new DemoError("E_SEED_FAILED", `seeding ${table} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { created: true, durationMs: performance.now() - started };
}

async function alreadySeeded(admin: mysql.Pool, table: string, items: number): Promise<boolean> {
  const [tables] = await admin.query<mysql.RowDataPacket[]>("SHOW TABLES LIKE ?", [table]);
  if (tables.length === 0) return false;
  const [rows] = await admin.query<mysql.RowDataPacket[]>(
    `SELECT COUNT(*) AS n, MIN(id) AS low, MAX(id) AS high FROM \`${table}\``,
  );
  const summary = rows[0];
  if (Number(summary?.n) !== items || Number(summary?.low) !== 1 || Number(summary?.high) !== items)
    return false;
  const [edges] = await admin.query<mysql.RowDataPacket[]>(
    `SELECT id, payload FROM \`${table}\` WHERE id IN (1, ?)`,
    [items],
  );
  return (
    edges.length === (items === 1 ? 1 : 2) &&
    edges.every((row) => row.payload === payloadOf(Number(row.id)))
  );
}
