import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { type ChainEvents, createChain, memoryTier } from "@tier/core";
import { type FaultProxy, startFaultProxy } from "@tier/testkit";
import { createPool, type Pool } from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromDriverError } from "../src/failures.js";
import { type MysqlRow, type MysqlSource, mysqlSource } from "../src/index.js";
import { createRedactor } from "../src/redact.js";
import { adminPool, MYSQL_TARGET, MYSQL_URL, urlVia } from "./helpers/database.js";
import { outcomeOf } from "./helpers/outcome.js";

/**
 * Credentials must never show in an error, an event or anything a log could print. A real user
 * with a password is created for this file, and its password is also a table name that does not
 * exist, so that the server itself puts the password into an error message (the sources are
 * named, or the name would be the table's).
 */
const suffix = randomBytes(4).toString("hex");
const user = `tier_user_${suffix}`;
const password = `Secret_${suffix}`;
const database = new URL(MYSQL_URL).pathname.slice(1);

let admin: Pool;
let proxy: FaultProxy;

function everythingPrintable(value: unknown): string {
  const parts = [inspect(value, { depth: 20, showHidden: true })];
  try {
    parts.push(JSON.stringify(value) ?? "");
  } catch {
    // Not every value is JSON; what inspect prints is what a logger prints.
  }
  if (value instanceof Error) parts.push(value.message, value.stack ?? "");
  return parts.join("\n");
}

function withCredentials(host: string, port: number, secret = password): string {
  const url = new URL(urlVia(host, port));
  url.username = user;
  url.password = secret;
  return url.toString();
}

beforeAll(async () => {
  admin = adminPool();
  await admin.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user, password]);
  await admin.query(`GRANT SELECT ON \`${database}\`.* TO ?@'%'`, [user]);
  proxy = await startFaultProxy({ target: MYSQL_TARGET });
});

afterAll(async () => {
  await proxy?.close();
  await admin.query("DROP USER IF EXISTS ?@'%'", [user]);
  await admin.end();
});

async function expectNoPasswordIn(source: MysqlSource<MysqlRow>, keys: string[]): Promise<void> {
  const outcome = await outcomeOf(source.loadMany(keys));
  expect(outcome.error).toBeDefined();
  expect(everythingPrintable(outcome.error)).not.toContain(password);
}

describe("credentials in errors", () => {
  it("are redacted when the server names them in its own message", async () => {
    await using source = mysqlSource({
      connection: withCredentials(MYSQL_TARGET.host, MYSQL_TARGET.port),
      table: password,
      name: "articles",
    });
    const outcome = await outcomeOf(source.loadMany(["1"]));
    const printed = everythingPrintable(outcome.error);
    // The server did answer, about a table named like the password, which is now ***.
    expect(printed).toContain("ER_NO_SUCH_TABLE");
    expect(printed).toContain("***");
    expect(printed).not.toContain(password);
  });

  it("are redacted for a pool that was given, too", async () => {
    const pool = createPool({ uri: withCredentials(MYSQL_TARGET.host, MYSQL_TARGET.port) });
    try {
      const source = mysqlSource({ connection: { pool }, table: password, name: "articles" });
      await expectNoPasswordIn(source, ["1"]);
      await source.close();
    } finally {
      await pool.end();
    }
  });

  it("do not appear when the password is wrong", async () => {
    const wrong = `Wrong_${suffix}`;
    await using source = mysqlSource({
      connection: withCredentials(MYSQL_TARGET.host, MYSQL_TARGET.port, wrong),
      table: "t",
    });
    const outcome = await outcomeOf(source.loadMany(["1"]));
    expect(outcome.error).toHaveProperty("cause.driverCode", "ER_ACCESS_DENIED_ERROR");
    expect(outcome.error).toHaveProperty("cause.code", "E_MYSQL_CONNECTION");
    expect(everythingPrintable(outcome.error)).not.toContain(wrong);
  });

  it("do not appear when the server cannot be reached", async () => {
    proxy.setFault({ kind: "refuse" });
    try {
      await using source = mysqlSource({
        connection: { host: proxy.host, port: proxy.port, user, password, database },
        table: "t",
      });
      await expectNoPasswordIn(source, ["1"]);
    } finally {
      proxy.clearFault();
    }
  });

  it("do not appear in the source itself or in the chain's events", async () => {
    const source = mysqlSource({
      connection: withCredentials(MYSQL_TARGET.host, MYSQL_TARGET.port),
      table: password,
      name: "articles",
    });
    expect(everythingPrintable(source)).not.toContain(password);
    await using chain = createChain<MysqlRow>({ tiers: [memoryTier()], source });
    const events: ChainEvents["sourceLoad"][] = [];
    chain.on("sourceLoad", (event) => events.push(event));
    await outcomeOf(chain.get("1"));
    expect(events).toHaveLength(1);
    expect(events[0]?.error).toBeDefined();
    expect(everythingPrintable(events)).not.toContain(password);
  });
});

describe("the redactor", () => {
  const redact = createRedactor(["p@ss:word/1", "abc"]);

  it("removes a password however it is spelled, and any URI's userinfo password", () => {
    const text =
      "failed p@ss:word/1 and p%40ss%3Aword%2F1 at mysql://u:other-secret@h:3306/db, mariadb://x:y@h";
    const out = redact(text);
    expect(out).not.toContain("p@ss:word/1");
    expect(out).not.toContain("p%40ss%3Aword%2F1");
    expect(out).not.toContain("other-secret");
    expect(out).toContain("mysql://u:***@h:3306/db");
    expect(out).toContain("mariadb://x:***@h");
  });

  it("leaves passwords too short to mean anything, so messages stay readable", () => {
    expect(redact("abc is a prefix")).toBe("abc is a prefix");
  });

  it("is applied to driver errors, which are copied field by field", () => {
    const driverError = Object.assign(new Error("Access denied for p@ss:word/1"), {
      code: "ER_ACCESS_DENIED_ERROR",
      errno: 1045,
      sqlState: "28000",
      sql: "SELECT 'p@ss:word/1'",
      config: { password: "p@ss:word/1" },
    });
    const error = fromDriverError(driverError, "connect", redact);
    expect(error.message).toBe("[tier] [mysql] no connection: Access denied for ***");
    expect(error).toMatchObject({
      code: "E_MYSQL_CONNECTION",
      driverCode: "ER_ACCESS_DENIED_ERROR",
      errno: 1045,
      sqlState: "28000",
    });
    expect(everythingPrintable(error)).not.toContain("p@ss:word/1");
  });
});
