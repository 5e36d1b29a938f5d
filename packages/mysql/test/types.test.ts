import { createChain, memoryTier } from "@tier/core";
import { describe, expect, it } from "vitest";
import { type MysqlRow, mysqlSource } from "../src/index.js";
import { MYSQL_URL, type TestTable, useTable } from "./helpers/database.js";

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const DOCUMENT = { a: [1, 2.5, { b: null, c: true }], s: 'ü\u{1F600}\n"q"', empty: {} };

const COLUMNS = `(
  id BIGINT UNSIGNED PRIMARY KEY,
  big BIGINT,
  amount DECIMAL(30,10),
  price DECIMAL(10,2),
  created DATETIME(3),
  precise DATETIME(6),
  day DATE,
  doc JSON,
  data BLOB,
  code VARBINARY(16),
  body TEXT CHARACTER SET utf8mb4,
  n INT,
  ratio DOUBLE,
  flag TINYINT(1),
  missing INT NULL,
  duration TIME,
  kind ENUM('draft','live'),
  bits BIT(8),
  small SMALLINT,
  medium MEDIUMINT,
  yr YEAR,
  single FLOAT,
  stamp TIMESTAMP(3) NULL,
  fixed CHAR(3),
  tags SET('a','b','c'),
  raw BINARY(4)
)`;

async function fill({ admin, name }: TestTable): Promise<void> {
  const insert = `INSERT INTO \`${name}\` VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, b'10100101', ?, ?, ?, ?, ?, ?, ?, ?)`;
  await admin.query(insert, [
    "18446744073709551615",
    "-9223372036854775808",
    "12345678901234567890.0123456789",
    "0.10",
    "2024-02-29 23:59:59.123",
    "2024-02-29 23:59:59.123456",
    "1999-12-31",
    JSON.stringify(DOCUMENT),
    ALL_BYTES,
    Buffer.from([0, 1, 2, 0xff]),
    "Grüße \u{1F600} \u0000 end",
    -2147483648,
    0.1 + 0.2,
    1,
    null,
    "-838:59:59",
    "live",
    -32768,
    8388607,
    2024,
    1.5,
    "2024-03-01 12:00:00.250",
    "abc",
    "a,c",
    Buffer.from([1, 0, 0, 2]),
  ]);
  await admin.query(
    `INSERT INTO \`${name}\` (id, big, amount, doc) VALUES (9007199254740993, 9007199254740993, '-0.0000000001', '[]')`,
  );
}

const table = useTable("types", COLUMNS, fill);

const IDS = ["18446744073709551615", "9007199254740993"];

describe("column types", () => {
  it("come back from mysql2 as documented", async () => {
    await using source = mysqlSource({ connection: MYSQL_URL, table: table.name });
    const rows = await source.loadMany(IDS);
    const row = rows.get("18446744073709551615")!;
    expect(row).toEqual({
      id: "18446744073709551615",
      big: "-9223372036854775808",
      amount: "12345678901234567890.0123456789",
      price: "0.10",
      created: new Date(2024, 1, 29, 23, 59, 59, 123),
      // A Date holds milliseconds: the microseconds are cut (use dateStrings to keep them).
      precise: new Date(2024, 1, 29, 23, 59, 59, 123),
      day: new Date(1999, 11, 31),
      doc: DOCUMENT,
      data: ALL_BYTES,
      code: Buffer.from([0, 1, 2, 0xff]),
      body: "Grüße \u{1F600} \u0000 end",
      n: -2147483648,
      ratio: 0.1 + 0.2,
      flag: 1,
      missing: null,
      duration: "-838:59:59",
      kind: "live",
      bits: Buffer.from([0b10100101]),
      small: -32768,
      medium: 8388607,
      yr: 2024,
      single: 1.5,
      stamp: new Date(2024, 2, 1, 12, 0, 0, 250),
      fixed: "abc",
      tags: "a,c",
      raw: Buffer.from([1, 0, 0, 2]),
    });
    expect(rows.get("9007199254740993")).toMatchObject({
      id: "9007199254740993",
      big: "9007199254740993",
      amount: "-0.0000000001",
      doc: [],
    });
  });

  it("survive the chain's default codec through a memory tier, value for value", async () => {
    const source = mysqlSource({ connection: MYSQL_URL, table: table.name });
    await using chain = createChain<MysqlRow>({ tiers: [memoryTier()], source });
    const loaded = await chain.getMany(IDS);
    expect(source.stats().queries).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cached = await chain.getMany(IDS);
    // Served by the memory tier, so every value went through encode and decode.
    expect(source.stats().queries).toBe(1);
    expect(cached).toEqual(loaded);
    const row = cached[0]!;
    expect(row.data).toBeInstanceOf(Buffer);
    expect((row.data as Buffer).equals(ALL_BYTES)).toBe(true);
    expect(row.created).toBeInstanceOf(Date);
    expect(typeof row.id).toBe("string");
    expect(row.amount).toBe("12345678901234567890.0123456789");
  });

  it("keep microseconds as text with the pool's dateStrings", async () => {
    await using source = mysqlSource({
      connection: { uri: MYSQL_URL, dateStrings: true },
      table: table.name,
      columns: ["created", "precise", "day"],
    });
    const rows = await source.loadMany(IDS.slice(0, 1));
    expect(rows.get(IDS[0]!)).toEqual({
      id: IDS[0],
      created: "2024-02-29 23:59:59.123",
      precise: "2024-02-29 23:59:59.123456",
      day: "1999-12-31",
    });
  });
});
