import { describe, expect, it } from "vitest";
import {
  encodeHashEntry,
  HASH_ENTRY_HEADER_BYTES,
  HASH_ENTRY_MAGIC,
  parseHashEntry,
} from "../../src/tier/hash-entry.js";

describe("hash entry format (ttl mode)", () => {
  it("round-trips the value byte-exact and the expiry, for empty and binary values", () => {
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const [value, expiresAt] of [
      [new Uint8Array(0), 0],
      [every, 1_700_000_000_123],
      [Buffer.from("plain text"), Number.MAX_SAFE_INTEGER],
    ] as const) {
      const stored = encodeHashEntry(value, expiresAt);
      expect(stored.length).toBe(HASH_ENTRY_HEADER_BYTES + value.byteLength);
      const parsed = parseHashEntry(stored);
      expect(parsed?.expiresAtMs).toBe(expiresAt);
      expect(Buffer.compare(parsed!.value, Buffer.from(value))).toBe(0);
    }
  });

  it("lays the header out as documented: magic, version, f64 BE expiry", () => {
    const stored = encodeHashEntry(Buffer.from("v"), 1_000);
    expect(stored.subarray(0, 10).toString("hex")).toBe(`f701${"408f400000000000"}`);
  });

  it("refuses bytes that are not an entry: short, other magic, other version, bad expiry", () => {
    const good = encodeHashEntry(Buffer.from("value"), 5_000);
    const variants: Buffer[] = [
      Buffer.alloc(0),
      good.subarray(0, HASH_ENTRY_HEADER_BYTES - 1),
      Buffer.from("plain text, as another client stored it"),
      Buffer.concat([Buffer.of(0x00), good.subarray(1)]),
      Buffer.concat([Buffer.of(HASH_ENTRY_MAGIC, 2), good.subarray(2)]),
    ];
    for (const expiry of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY, 2 ** 60]) {
      const bad = Buffer.from(good);
      bad.writeDoubleBE(expiry, 2);
      variants.push(bad);
    }
    for (const bytes of variants)
      expect(parseHashEntry(bytes), bytes.toString("hex")).toBeUndefined();
  });

  it("never reads a UTF-8 text value as an entry (0xF7 never starts UTF-8)", () => {
    for (const text of ["", "a", "é", "日本", "😀", "\u{10FFFF}", "\0\0\0\0\0\0\0\0\0\0\0"]) {
      const bytes = Buffer.from(text.padEnd(12, "x"), "utf8");
      expect(parseHashEntry(bytes)).toBeUndefined();
    }
  });
});
