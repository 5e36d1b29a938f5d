import { mysqlSource } from "@tier/mysql";
import mysql from "mysql2/promise";

/** A row that carries its own id, so every value read can be checked against the key asked for. */
export interface Article {
  readonly id: string;
  readonly title: string;
}

export interface ArticleTable extends AsyncDisposable {
  readonly table: string;
  /** A key prefix of this run alone, so examples sharing a memcached or TT never meet. */
  readonly keyPrefix: string;
  readonly ids: readonly string[];
}

/** Creates and fills `tier_example_<name>_<pid>`; disposing it drops the table. */
export async function seedArticles(
  mysqlUrl: string,
  name: string,
  count: number,
): Promise<ArticleTable> {
  const table = `tier_example_${name}_${process.pid}`;
  const connection = await mysql.createConnection({ uri: mysqlUrl });
  try {
    await connection.query(`DROP TABLE IF EXISTS \`${table}\``);
    await connection.query(
      `CREATE TABLE \`${table}\` (id BIGINT PRIMARY KEY, title VARCHAR(100) NOT NULL)`,
    );
    const rows = Array.from({ length: count }, (_, i) => [i + 1, `article ${i + 1}`]);
    await connection.query(`INSERT INTO \`${table}\` (id, title) VALUES ?`, [rows]);
  } finally {
    await connection.end();
  }
  return {
    table,
    keyPrefix: `tier-example-${name}-${process.pid}-${Date.now()}:`,
    ids: Array.from({ length: count }, (_, i) => String(i + 1)),
    async [Symbol.asyncDispose]() {
      const cleanup = await mysql.createConnection({ uri: mysqlUrl });
      await cleanup.query(`DROP TABLE IF EXISTS \`${table}\``);
      await cleanup.end();
    },
  };
}

export function articleSource(mysqlUrl: string, table: string) {
  return mysqlSource<Article>({
    connection: mysqlUrl,
    table,
    columns: ["id", "title"],
    mapRow: (row) => ({ id: String(row.id), title: String(row.title) }),
  });
}

/** Values that are not the row of the id asked for: must always be 0. */
export function countWrongValues(
  ids: readonly string[],
  values: readonly (Article | undefined)[],
): number {
  return ids.filter((id, i) => values[i]?.id !== id || values[i]?.title !== `article ${id}`).length;
}
