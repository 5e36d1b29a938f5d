import { describe, expect, it } from "vitest";
import { DEFAULT_TABLE_COLUMNS, TableRecordFormat } from "../../src/tier/table-record.js";

/** Joins columns the way the server's `mget` returns a table record: name\0value\0... */
function joined(columns: Map<string, Uint8Array | string>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of columns) {
    if (parts.length > 0) parts.push(Buffer.of(0));
    parts.push(Buffer.from(name), Buffer.of(0), Buffer.from(value as Uint8Array));
  }
  return Buffer.concat(parts);
}

describe("table record format", () => {
  const format = new TableRecordFormat(DEFAULT_TABLE_COLUMNS);

  it("puts the expiry first and the value last, and leaves the expiry out for no TTL", () => {
    expect([...format.columns(Buffer.from("a"), 0).keys()]).toEqual(["v"]);
    const columns = format.columns(Buffer.from("a"), 1_700_000_000_000);
    expect([...columns.keys()]).toEqual(["x", "v"]);
    expect(columns.get("x")).toBe("1700000000000");
  });

  it("parses what it writes, values with NUL bytes and empty values included", () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const values = [new Uint8Array(0), every, Buffer.from("\0x\x00123\0v\0"), Buffer.of(0)];
    for (const value of values) {
      for (const expiresAt of [0, 1, 1_700_000_000_000]) {
        const parsed = format.parse(joined(format.columns(value, expiresAt)));
        expect(parsed?.expiresAtMs).toBe(expiresAt);
        expect(Buffer.compare(parsed!.value, Buffer.from(value))).toBe(0);
      }
    }
  });

  it("is a miss for records of any other shape", () => {
    const foreign = [
      "",
      "v",
      "x\x00123",
      "x\x00123\0w\0value",
      "x\0\0v\0value",
      "x\x00012\0v\0value",
      "x\0-12\0v\0value",
      "x\x001.5\0v\0value",
      "x\0 12\0v\0value",
      "x\x0012345678901234567\0v\0value",
      "name\0dave\0v\0value",
      "vv\0value",
    ];
    for (const record of foreign) {
      expect(format.parse(Buffer.from(record, "latin1")), JSON.stringify(record)).toBeUndefined();
    }
  });

  it("uses the column names it is given", () => {
    const custom = new TableRecordFormat({ value: "body", expiry: "expires" });
    const record = joined(custom.columns(Buffer.from("hi"), 42));
    expect(record.toString("latin1")).toBe("expires\u000042\u0000body\u0000hi");
    expect(custom.parse(record)?.expiresAtMs).toBe(42);
    expect(format.parse(record)).toBeUndefined();
  });
});
