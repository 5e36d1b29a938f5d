import mysql from "mysql2/promise";
import { DemoError } from "../errors.js";
import type { ServiceUse } from "../report/model.js";
import { withoutPassword } from "./address.js";

/** A small admin pool for seeding and checks; the chain's source opens its own. */
export async function connectMysql(
  url: string,
  log: (line: string) => void,
): Promise<{ readonly admin: mysql.Pool; readonly use: ServiceUse }> {
  const shown = withoutPassword(url);
  let admin: mysql.Pool;
  try {
    admin = mysql.createPool({
      uri: url,
      connectionLimit: 4,
      connectTimeout: 3_000,
      multipleStatements: false,
    });
  } catch (error) {
    throw unreachable(shown, error);
  }
  try {
    await admin.query("SELECT 1");
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw unreachable(shown, error);
  }
  const use: ServiceUse = {
    role: "mysql",
    url: shown,
    substituted: false,
    note: `MySQL at ${shown}`,
  };
  log(use.note);
  return { admin, use };
}

function unreachable(shown: string, error: unknown): DemoError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DemoError(
    "E_MYSQL_UNREACHABLE",
    [
      `MySQL is required and ${shown} cannot be used: ${reason}`,
      "Point the demo at one with TIER_MYSQL_URL=mysql://user:password@host:3306/database or",
      "--mysql-url <url>. A local MariaDB or MySQL works (the demo creates its own table,",
      "tier_demo_items unless --table says otherwise, in that database).",
    ].join("\n"),
    { cause: error },
  );
}
