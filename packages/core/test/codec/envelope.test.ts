import { describe, expect, it } from "vitest";
import {
  decodeEnvelope,
  ENVELOPE_HEADER_BYTES,
  encodeAbsence,
  encodeEnvelope,
  keyCheck,
} from "../../src/codec/envelope.js";
import { jsonCodec, stringCodec } from "../../src/index.js";

const codec = stringCodec();

describe("stored entry envelope (rule 13)", () => {
  it("writes the documented header: magic, version, codec, flags, key check, soft expiry", () => {
    const bytes = Buffer.from(encodeEnvelope("k", codec, "v", 1234.5));
    expect(bytes.length).toBe(ENVELOPE_HEADER_BYTES + 1);
    expect([bytes[0], bytes[1], bytes[2], bytes[3]]).toEqual([0xe7, 1, 2, 0]);
    expect(bytes.readUInt32BE(4)).toBe(keyCheck("k"));
    expect(bytes.readDoubleBE(8)).toBe(1234.5);
    expect(bytes.subarray(16).toString()).toBe("v");
  });

  it("round-trips a value with its soft expiry, and an absence marker", () => {
    expect(decodeEnvelope("k", codec, encodeEnvelope("k", codec, "value", 99))).toEqual({
      absent: false,
      value: "value",
      softExpiresAt: 99,
    });
    expect(decodeEnvelope("k", codec, encodeAbsence("k", codec.id, 0))).toEqual({
      absent: true,
      softExpiresAt: 0,
    });
  });

  it("an empty value is a value, not an absence", () => {
    expect(decodeEnvelope("k", codec, encodeEnvelope("k", codec, "", 0))).toMatchObject({
      absent: false,
      value: "",
    });
  });

  it.each([
    ["too short", new Uint8Array(5)],
    [
      "foreign bytes (plain JSON written by another client)",
      Buffer.from('{"id":1,"name":"a padded value"}'),
    ],
    [
      "unknown format version",
      (() => {
        const b = Buffer.from(encodeEnvelope("k", codec, "v", 0));
        b[1] = 9;
        return b;
      })(),
    ],
  ])("refuses %s with E_DECODE_FAILED", (_label, bytes) => {
    expect(() => decodeEnvelope("k", codec, bytes)).toThrowError(
      expect.objectContaining({ code: "E_DECODE_FAILED" }),
    );
  });

  it("refuses an entry written by another codec", () => {
    const bytes = encodeEnvelope("k", jsonCodec<string>(), "v", 0);
    expect(() => decodeEnvelope("k", codec, bytes)).toThrowError(/codec 1, expected 2/);
  });

  it("refuses an entry that belongs to another key", () => {
    const bytes = encodeEnvelope("user:1", codec, "alice", 0);
    expect(() => decodeEnvelope("user:2", codec, bytes)).toThrowError(/another key/);
  });

  it("the key check tells apart keys that differ in one character", () => {
    const checks = new Set(
      ["a", "b", "ab", "ba", "key:1", "key:2", "日本", "日本語"].map(keyCheck),
    );
    expect(checks.size).toBe(8);
  });
});
