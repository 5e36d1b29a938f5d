import { describe, expect, it } from "vitest";
import { HashFileLayout } from "../../src/testing/engine/hash-file-layout.js";

/** Keys in file order. */
function order(layout: HashFileLayout<string>): string[] {
  return layout.inFileOrder().map((record) => record.owner);
}

describe("hash file layout (where Tokyo Cabinet puts records)", () => {
  it("starts records after the header, bucket array and free block pool of a default file", () => {
    const layout = new HashFileLayout<string>();
    // 256 header + 131071 buckets × 4 + 64 + 1024 pool entries × 4, rounded up to 16.
    expect(layout.firstRecordOffset).toBe(528_704);
    expect(layout.fileSize).toBe(528_704);
  });

  it("appends records padded to 16 bytes, in insertion order", () => {
    const layout = new HashFileLayout<string>();
    layout.insert("a", 4, 1);
    layout.insert("b", 9, 5);
    expect(order(layout)).toEqual(["a", "b"]);
    // 14-byte header + key + value, padded: 19 → 32, 28 → 32.
    expect(layout.fileSize).toBe(528_704 + 64);
  });

  it("rewrites a record in place while it fits its padded slot", () => {
    const layout = new HashFileLayout<string>();
    const first = layout.insert("a", 4, 6);
    layout.insert("b", 4, 6);
    const rewritten = layout.rewrite(first, 4, 10);
    expect(rewritten.offset).toBe(first.offset);
    expect(order(layout)).toEqual(["a", "b"]);
  });

  it("moves a record that outgrows its slot to the end, leaving a hole", () => {
    const layout = new HashFileLayout<string>();
    const first = layout.insert("a", 2, 16);
    layout.insert("b", 2, 16);
    layout.rewrite(first, 2, 100);
    expect(order(layout)).toEqual(["b", "a"]);
  });

  it("puts a new small record into the hole a moved or removed record left", () => {
    const layout = new HashFileLayout<string>();
    const grown = layout.insert("p2", 2, 16);
    layout.insert("p3", 2, 28);
    layout.rewrite(grown, 2, 27);
    layout.insert("p4", 2, 27);
    layout.insert("cnt", 3, 6);
    expect(order(layout)).toEqual(["cnt", "p3", "p2", "p4"]);
    const removed = layout.recordAtOrAfter(0)!;
    layout.remove(removed);
    layout.insert("dcnt", 4, 8);
    expect(order(layout)[0]).toBe("dcnt");
  });

  it("closes every gap on compact, keeping the order", () => {
    const layout = new HashFileLayout<string>();
    const a = layout.insert("a", 1, 40);
    layout.insert("b", 1, 1);
    layout.insert("c", 1, 1);
    layout.remove(a);
    layout.compact();
    expect(order(layout)).toEqual(["b", "c"]);
    expect(layout.recordAtOrAfter(0)!.offset).toBe(layout.firstRecordOffset);
    expect(layout.fileSize).toBe(layout.firstRecordOffset + 32);
  });
});
