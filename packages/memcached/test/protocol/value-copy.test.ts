import { describe, expect, it } from "vitest";
import { copyValue } from "../../src/protocol/value-copy.js";

describe("copyValue", () => {
  it("returns copies the caller owns: the source may be overwritten, and values never overlap", () => {
    const source = Buffer.from("aaaa-bbbb-cccc");
    const values = [copyValue(source, 0, 4), copyValue(source, 5, 4), copyValue(source, 10, 4)];
    source.fill(0);
    values[1]?.fill(0x7a);
    expect(values.map((v) => Buffer.from(v).toString())).toEqual(["aaaa", "zzzz", "cccc"]);
  });

  it("copies values of every size, across slab boundaries and past the slab size", () => {
    const source = Buffer.alloc(40_000);
    for (let i = 0; i < source.length; i++) source[i] = (i * 31) & 0xff;
    const taken: [number, number, Uint8Array][] = [];
    for (let size = 0, from = 0; from + size <= source.length; size = (size * 7 + 13) % 3001) {
      taken.push([from, size, copyValue(source, from, size)]);
      from += size + 1;
    }
    taken.push([0, 20_000, copyValue(source, 0, 20_000)]);
    for (const [from, size, value] of taken) {
      expect(value.length).toBe(size);
      expect(Buffer.compare(value, source.subarray(from, from + size))).toBe(0);
    }
    // Small values sit 8-byte aligned in their slab.
    expect(taken.every(([, size, value]) => size > 2048 || value.byteOffset % 8 === 0)).toBe(true);
  });
});
