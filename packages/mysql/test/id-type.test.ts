import { describe, expect, it } from "vitest";
import { planChunks } from "../src/chunks.js";
import { canBeId, idText } from "../src/id-type.js";

describe("canBeId for integer ids", () => {
  it.each([
    "0",
    "42",
    "-7",
    "9007199254740993",
    "999999999999999999",
    "-9223372036854775808",
    "18446744073709551615",
  ])("sends %j", (key) => {
    expect(canBeId(key, "integer")).toBe(true);
  });

  it.each([
    "",
    "007",
    "-0",
    "+1",
    " 1",
    "1 ",
    "1abc",
    "1.0",
    "1e3",
    "0x1F",
    "1) OR (1=1",
    "١٢",
    "18446744073709551616",
    "-9223372036854775809",
    "99999999999999999999",
    "9".repeat(30),
  ])("never sends %j: no integer id is exactly that text", (key) => {
    expect(canBeId(key, "integer")).toBe(false);
  });
});

describe("canBeId for string ids", () => {
  it.each(["", "007", "a'b", "'; DROP TABLE x; --", "ü\u0000\n", "\u{1F600}"])(
    "sends %j",
    (key) => {
      expect(canBeId(key, "string")).toBe(true);
    },
  );
});

describe("idText", () => {
  it("gives the exact text of what mysql2 returns for an id", () => {
    expect(idText("abc")).toBe("abc");
    expect(idText(7)).toBe("7");
    expect(idText(-7)).toBe("-7");
    expect(idText(9007199254740993n)).toBe("9007199254740993");
    expect(idText(Buffer.from("ключ"))).toBe("ключ");
    expect(idText(new Uint8Array([0x61, 0x62]))).toBe("ab");
  });

  it("has no text for a value that is not exactly an id", () => {
    expect(idText(2 ** 53 + 2)).toBeUndefined();
    expect(idText(1.5)).toBeUndefined();
    expect(idText(Number.NaN)).toBeUndefined();
    expect(idText(null)).toBeUndefined();
    expect(idText(undefined)).toBeUndefined();
    expect(idText(new Date(0))).toBeUndefined();
    expect(idText(Buffer.from([0xff, 0xfe]))).toBeUndefined();
  });
});

describe("planChunks", () => {
  it("splits distinct usable keys into chunks of maxBatch, in order", () => {
    const keys = ["1", "2", "2", "x", "3", "4", "5", "007"];
    const plan = planChunks(keys, "integer", 2);
    expect(plan.skipped).toBe(2);
    expect(plan.chunks).toEqual([["1", "2"], ["3", "4"], ["5"]]);
    expect(plan.chunkOf.get("3")).toBe(1);
    expect(plan.chunkOf.get("007")).toBe(-1);
  });

  it("skips keys that are not strings", () => {
    const plan = planChunks([1, "1", null] as unknown as string[], "string", 10);
    expect(plan.skipped).toBe(2);
    expect(plan.chunks).toEqual([["1"]]);
  });
});
