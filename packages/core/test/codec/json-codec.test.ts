import { describe, expect, it } from "vitest";
import { bytesCodec, jsonCodec, stringCodec } from "../../src/index.js";

const json = jsonCodec<unknown>();

describe("json codec", () => {
  it("round-trips plain JSON values with the plain-mode byte", () => {
    for (const value of [
      0,
      -1.5,
      "text ✓ 日本語",
      true,
      null,
      [1, [2, [3]]],
      { a: { b: [null, "x"] } },
    ]) {
      const bytes = json.encode(value);
      expect(bytes[0]).toBe(0);
      expect(json.decode(bytes)).toEqual(value);
    }
  });

  it("keeps Date, bytes and bigint, which plain JSON loses", () => {
    const row = {
      created: new Date("2024-02-29T12:34:56.789Z"),
      blob: Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a]),
      view: new Uint8Array([9, 8, 7]),
      id: 9007199254740993n,
      nested: [{ at: new Date(0) }],
    };
    const bytes = json.encode(row);
    expect(bytes[0]).toBe(1);
    const back = json.decode(bytes) as typeof row;
    expect(back.created).toBeInstanceOf(Date);
    expect(back.created.toISOString()).toBe("2024-02-29T12:34:56.789Z");
    expect(Buffer.isBuffer(back.blob)).toBe(true);
    expect([...back.blob]).toEqual([0, 1, 2, 0xff, 0x0d, 0x0a]);
    expect([...back.view]).toEqual([9, 8, 7]);
    expect(back.id).toBe(9007199254740993n);
    expect(back.nested[0]!.at.getTime()).toBe(0);
  });

  it("an invalid Date stays an invalid Date", () => {
    const back = json.decode(json.encode({ d: new Date(Number.NaN) })) as { d: Date };
    expect(back.d).toBeInstanceOf(Date);
    expect(Number.isNaN(back.d.getTime())).toBe(true);
  });

  it("user data that looks like a tag is escaped, never misread", () => {
    const tricky = { $tier: "d", v: "2020-01-01T00:00:00.000Z", inner: { $tier: "n", v: "1" } };
    expect(json.decode(json.encode(tricky))).toEqual(tricky);
    const withDate = { when: new Date(5), fake: { $tier: "b", v: "AAAA" } };
    expect(json.decode(json.encode(withDate))).toEqual(withDate);
  });

  it("refuses what it cannot encode with E_ENCODE_FAILED", () => {
    const circular: Record<string, unknown> = {};
    circular.me = circular;
    expect(() => json.encode(circular)).toThrowError(
      expect.objectContaining({ code: "E_ENCODE_FAILED" }),
    );
    expect(() => json.encode(undefined)).toThrowError(
      expect.objectContaining({ code: "E_ENCODE_FAILED" }),
    );
  });

  it("refuses bytes it did not write with E_DECODE_FAILED", () => {
    expect(() => json.decode(Buffer.from([7, 0x7b]))).toThrowError(
      expect.objectContaining({ code: "E_DECODE_FAILED" }),
    );
    expect(() => json.decode(Buffer.from("\u0000{not json"))).toThrowError(
      expect.objectContaining({ code: "E_DECODE_FAILED" }),
    );
    expect(() => json.decode(Buffer.from('\u0001{"$tier":"zz","v":1}'))).toThrowError(
      expect.objectContaining({ code: "E_DECODE_FAILED" }),
    );
    expect(() => json.decode(new Uint8Array(0))).toThrowError(
      expect.objectContaining({ code: "E_DECODE_FAILED" }),
    );
  });
});

describe("bytes and string codecs", () => {
  it("bytes pass through unchanged; anything else is refused", () => {
    const codec = bytesCodec();
    const value = new Uint8Array([0, 255, 13, 10]);
    expect(codec.decode(codec.encode(value))).toEqual(value);
    expect(() => codec.encode("x" as unknown as Uint8Array)).toThrowError(
      expect.objectContaining({ code: "E_ENCODE_FAILED" }),
    );
  });

  it("strings round-trip as UTF-8", () => {
    const codec = stringCodec();
    const text = "héllo 👋 \r\n\u0000 end";
    expect(codec.decode(codec.encode(text))).toBe(text);
    expect(Buffer.from(codec.encode("é")).toString("hex")).toBe("c3a9");
  });
});
