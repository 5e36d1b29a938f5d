import { InvalidOptionError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { type MysqlRow, mysqlSource } from "../src/index.js";
import { MYSQL_URL, type TestTable, tableExists, useTable } from "./helpers/database.js";

const INT_ROWS: [string, string][] = [
  ["1", "one"],
  ["2", "two"],
  ["7", "seven"],
  ["-5", "minus five"],
  ["9007199254740992", "two to the 53"],
  ["9007199254740993", "two to the 53 plus one"],
  ["9223372036854775807", "largest"],
];

// utf8mb4_general_ci: case-insensitive, pads trailing spaces, and weighs every character beyond
// the BMP alike, so the server itself returns rows that are not exact matches.
const STRING_IDS = ["abc", "Ümlaut", "emoji\u{1F600}", "O'Brien", "a\\b", "x%", "", "tab\t", "１"];

const intTable = useTable("int_ids", "(id BIGINT PRIMARY KEY, label VARCHAR(50))", {
  columns: ["id", "label"],
  rows: INT_ROWS,
});
const stringTable = useTable(
  "str_ids",
  "(id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY, label VARCHAR(50)) CHARACTER SET utf8mb4",
  { columns: ["id", "label"], rows: STRING_IDS.map((id, i) => [id, `row ${i}`]) },
);

async function rowCount(table: TestTable): Promise<number> {
  const [rows] = await table.admin.query(`SELECT COUNT(*) AS n FROM \`${table.name}\``);
  return Number((rows as { n: number }[])[0]?.n);
}

function labels(rows: Map<string, MysqlRow>): Record<string, unknown> {
  return Object.fromEntries([...rows].map(([key, row]) => [key, row.label]));
}

function hostileKeys(victim: string): string[] {
  return [
    "1) OR (1=1",
    "1 OR 1=1",
    `'; DROP TABLE ${victim}; --`,
    `1; DROP TABLE \`${victim}\``,
    "' OR ''='",
    "\\' OR 1=1 -- ",
    "1abc",
    "007",
    " 1",
    "1 ",
    "1.0",
    "1e0",
    "0x1",
    "-0",
    "",
    "\u0000",
    "\u0661",
    "２",
    "ключ",
    "\u{1F600}",
  ];
}

describe("an integer id column", () => {
  it("returns only exact matches for hostile keys, and the table survives", async () => {
    await using source = mysqlSource({ connection: MYSQL_URL, table: intTable.name });
    const keys = [...hostileKeys(intTable.name), "2", "-5", "9007199254740993"];
    const rows = await source.loadMany(keys);
    expect(labels(rows)).toEqual({
      "2": "two",
      "-5": "minus five",
      "9007199254740993": "two to the 53 plus one",
    });
    expect(source.stats().skippedKeys).toBe(hostileKeys(intTable.name).length);
    expect(await tableExists(intTable)).toBe(true);
    expect(await rowCount(intTable)).toBe(INT_ROWS.length);
  });

  it("keeps BIGINT ids beyond 2^53 exact and apart", async () => {
    await using source = mysqlSource({ connection: MYSQL_URL, table: intTable.name });
    const rows = await source.loadMany([
      "9007199254740992",
      "9007199254740993",
      "9223372036854775807",
    ]);
    expect(labels(rows)).toEqual({
      "9007199254740992": "two to the 53",
      "9007199254740993": "two to the 53 plus one",
      "9223372036854775807": "largest",
    });
    expect(rows.get("9223372036854775807")?.id).toBe("9223372036854775807");
  });

  it("drops rows the server matched by coercion when ids are declared as strings", async () => {
    // Misdeclared on purpose: keys go out as strings, and MySQL compares '1abc' = 1 as true.
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: intTable.name,
      idType: "string",
    });
    const rows = await source.loadMany([...hostileKeys(intTable.name), "7"]);
    expect(labels(rows)).toEqual({ "7": "seven" });
    // The server did return coerced rows ("1abc", "007", " 1"... for ids 1 and 7): all dropped.
    expect(source.stats().droppedRows).toBeGreaterThan(0);
    expect(await rowCount(intTable)).toBe(INT_ROWS.length);
  });
});

describe("a string id column with a case-insensitive collation", () => {
  it("returns each stored id for itself only", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: stringTable.name,
      idType: "string",
    });
    const rows = await source.loadMany(STRING_IDS);
    expect(labels(rows)).toEqual(Object.fromEntries(STRING_IDS.map((id, i) => [id, `row ${i}`])));
  });

  it("drops what only the collation matches: case, trailing spaces, other emoji", async () => {
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: stringTable.name,
      idType: "string",
    });
    const near = ["ABC", "abc ", "ümlaut", "UMLAUT", "emoji\u{1F601}", "o'brien", "1", "TAB\t"];
    const rows = await source.loadMany([...near, ...hostileKeys(stringTable.name)]);
    // "" is stored, so the one exact match among the hostile keys is the empty string.
    expect(labels(rows)).toEqual({ "": "row 6" });
    // The server returned (once each) the rows "abc", "Ümlaut", "emoji😀", "O'Brien", "tab\t".
    expect(source.stats().droppedRows).toBeGreaterThanOrEqual(5);
    expect(await rowCount(stringTable)).toBe(STRING_IDS.length);
  });
});

describe("hostile names", () => {
  it("are refused before anything is sent, and the table survives", async () => {
    for (const options of [
      { table: `${intTable.name}\`; DROP TABLE \`${intTable.name}` },
      { table: intTable.name, idColumn: "id` IN (1) OR 1=1; DROP TABLE x; --" },
      { table: intTable.name, columns: [`label\` FROM \`${intTable.name}\`; --`] },
    ]) {
      expect(() => mysqlSource({ connection: MYSQL_URL, ...options })).toThrow(InvalidOptionError);
    }
    expect(await tableExists(intTable)).toBe(true);
  });

  it("a database-qualified table name works", async () => {
    const database = new URL(MYSQL_URL).pathname.slice(1);
    await using source = mysqlSource({
      connection: MYSQL_URL,
      table: `${database}.${intTable.name}`,
    });
    expect(labels(await source.loadMany(["1"]))).toEqual({ "1": "one" });
  });
});
