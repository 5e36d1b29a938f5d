import mysql from "mysql2/promise";

const url = process.env.TIER_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";

/** A table name of this test process alone, so test files running at once never share one. */
export function scratchTable(label: string): string {
  return `tier_demo_test_${label}_${process.pid}`;
}

export async function dropTable(table: string): Promise<void> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    await connection.query(`DROP TABLE IF EXISTS \`${table}\``);
  } finally {
    await connection.end();
  }
}
