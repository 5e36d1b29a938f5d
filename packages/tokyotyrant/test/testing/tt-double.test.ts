import { describe, expect, it } from "vitest";
import { packTtDouble, unpackTtDouble } from "../../src/testing/wire/tt-double.js";

describe("adddouble's fixed-point numbers", () => {
  it.each([
    [1.5, "0000000000000001000000746a528800"],
    [-1.25, "ffffffffffffffffffffffc5cad6bc00"],
    [-1.249999, "ffffffffffffffffffffffc5cae5fe40"],
    [0, "00000000000000000000000000000000"],
    [Number.POSITIVE_INFINITY, "7fffffffffffffff0000000000000000"],
    [Number.NEGATIVE_INFINITY, "80000000000000000000000000000000"],
    [Number.NaN, "80000000000000008000000000000000"],
    [1e300, `8000000000000000${"0".repeat(16)}`],
  ])("packs %s as ttpackdouble does", (value, hex) => {
    expect(packTtDouble(value).toString("hex")).toBe(hex);
  });

  it("unpacks integ + fract / 10^12 and the special markers", () => {
    expect(unpackTtDouble(Buffer.from("fffffffffffffffeffffff5160843400", "hex"))).toBe(-2.75);
    expect(unpackTtDouble(Buffer.from("000000000000000000000000000f4240", "hex"))).toBe(1e-6);
    expect(unpackTtDouble(Buffer.from("80000000000000008000000000000000", "hex"))).toBeNaN();
    expect(unpackTtDouble(Buffer.from("7fffffffffffffff0000000000000005", "hex"))).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect(unpackTtDouble(Buffer.from("80000000000000000000000000000005", "hex"))).toBe(
      Number.NEGATIVE_INFINITY,
    );
  });
});
