import { describe, expect, it } from "vitest";
import { KeyEncoder } from "../../src/keys/index.js";
import {
  encodeMetaArithmetic,
  encodeMetaDelete,
  encodeMetaDeleteBatch,
  encodeMetaGet,
  encodeMetaGetBatch,
  encodeMetaSet,
  encodeMetaSetBatch,
  encodeNoop,
} from "../../src/protocol/index.js";

import { RETURN_EVERYTHING } from "./get-options.js";

const keys = new KeyEncoder();
const key = keys.encode("user:42");
/** "a b" is sent base64-encoded: YSBi. */
const spaced = keys.encode("a b");
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("latin1");
const utf8 = (s: string): Uint8Array => Buffer.from(s, "utf8");

describe("mg", () => {
  it.each([
    ["no flags", {}, "mg user:42\r\n"],
    ["value", { returnValue: true }, "mg user:42 v\r\n"],
    ["every return flag, in a fixed order", RETURN_EVERYTHING, "mg user:42 v c f h k l s t\r\n"],
    ["no LRU bump", { noLruBump: true }, "mg user:42 u\r\n"],
    [
      "vivify on miss, before the TTL it sets is read",
      { returnValue: true, returnTtl: true, vivifyOnMissTtl: 30 },
      "mg user:42 N30 v t\r\n",
    ],
    [
      "recache and touch",
      { recacheBelowTtl: 10, touchTtl: 300, returnTtl: true },
      "mg user:42 R10 T300 t\r\n",
    ],
    ["opaque", { returnValue: true, opaque: 7 }, "mg user:42 v O7\r\n"],
    ["TTL 0", { touchTtl: 0 }, "mg user:42 T0\r\n"],
  ] as const)("%s", (_, options, expected) => {
    expect(text(encodeMetaGet(key, options))).toBe(expected);
  });

  it("adds the b flag for a base64 key", () => {
    expect(text(encodeMetaGet(spaced, { returnValue: true }))).toBe("mg YSBi b v\r\n");
  });

  it.each([
    ["a fractional TTL", { touchTtl: 1.5 }],
    ["a negative TTL", { vivifyOnMissTtl: -1 }],
    ["a TTL over 2^31-1", { recacheBelowTtl: 2 ** 31 }],
    ["a negative opaque", { opaque: -1 }],
    ["an unsafe opaque", { opaque: 2 ** 60 }],
  ])("refuses %s with E_INVALID_OPTION", (_, options) => {
    expect(() => encodeMetaGet(key, options)).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });

  it("a batch is quiet gets with opaque tokens from the base, then mn", () => {
    const batch = encodeMetaGetBatch([key, spaced], { returnValue: true, returnCas: true }, 1000);
    expect(text(batch)).toBe("mg user:42 v c O1000 q\r\nmg YSBi b v c O1001 q\r\nmn\r\n");
  });

  it("an empty batch is just mn", () => {
    expect(text(encodeMetaGetBatch([], {}, 0))).toBe("mn\r\n");
  });

  it("refuses a batch whose tokens would pass the largest safe integer", () => {
    expect(() => encodeMetaGetBatch([key], {}, Number.MAX_SAFE_INTEGER)).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });
});

describe("ms", () => {
  it.each([
    ["plain set", {}, "ms user:42 5\r\nhello\r\n"],
    ["TTL and client flags", { ttl: 300, clientFlags: 7 }, "ms user:42 5 F7 T300\r\nhello\r\n"],
    ["add", { mode: "add" }, "ms user:42 5 ME\r\nhello\r\n"],
    ["replace", { mode: "replace" }, "ms user:42 5 MR\r\nhello\r\n"],
    ["append", { mode: "append" }, "ms user:42 5 MA\r\nhello\r\n"],
    ["prepend", { mode: "prepend" }, "ms user:42 5 MP\r\nhello\r\n"],
    ["set mode is the default, not written", { mode: "set" }, "ms user:42 5\r\nhello\r\n"],
    [
      "compare CAS and invalidate, returning CAS and key",
      { compareCas: 18446744073709551615n, invalidate: true, returnCas: true, returnKey: true },
      "ms user:42 5 c C18446744073709551615 I k\r\nhello\r\n",
    ],
    ["opaque", { opaque: 3 }, "ms user:42 5 O3\r\nhello\r\n"],
  ] as const)("%s", (_, options, expected) => {
    expect(text(encodeMetaSet(key, utf8("hello"), options))).toBe(expected);
  });

  it("sends binary values byte for byte, CR and LF included", () => {
    const value = Uint8Array.from([0, 13, 10, 255, 13, 10]);
    const bytes = encodeMetaSet(key, value, {});
    expect([...bytes]).toEqual([...Buffer.from("ms user:42 6\r\n", "latin1"), ...value, 13, 10]);
  });

  it("sends an empty value", () => {
    expect(text(encodeMetaSet(spaced, new Uint8Array(0), { ttl: 0 }))).toBe(
      "ms YSBi 0 b T0\r\n\r\n",
    );
  });

  it("a batch is quiet sets with their data, then mn", () => {
    const batch = encodeMetaSetBatch(
      [
        { key, value: utf8("a") },
        { key: spaced, value: utf8("bc"), options: { ttl: 9, mode: "add" } },
      ],
      5,
    );
    expect(text(batch)).toBe("ms user:42 1 O5 q\r\na\r\nms YSBi 2 b O6 q T9 ME\r\nbc\r\nmn\r\n");
  });

  it.each([
    ["a client flag over 32 bits", { clientFlags: 2 ** 32 }],
    ["a negative CAS", { compareCas: -1n }],
    ["a CAS over 64 bits", { compareCas: 1n << 64n }],
    ["invalidate without a CAS", { invalidate: true }],
    ["an unknown mode", { mode: "upsert" }],
    ["a fractional TTL", { ttl: 0.5 }],
  ])("refuses %s with E_INVALID_OPTION", (_, options) => {
    expect(() => encodeMetaSet(key, utf8("x"), options as never)).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });

  it("refuses a value that is not bytes", () => {
    expect(() => encodeMetaSet(key, "text" as never)).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });
});

describe("md", () => {
  it.each([
    ["plain delete", {}, "md user:42\r\n"],
    ["compare CAS", { compareCas: 12n }, "md user:42 C12\r\n"],
    ["invalidate with a TTL", { invalidate: true, ttl: 30 }, "md user:42 I T30\r\n"],
    ["key and opaque", { returnKey: true, opaque: 9 }, "md user:42 k O9\r\n"],
  ] as const)("%s", (_, options, expected) => {
    expect(text(encodeMetaDelete(key, options))).toBe(expected);
  });

  it("refuses a TTL without invalidate", () => {
    expect(() => encodeMetaDelete(key, { ttl: 5 })).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });

  it("a batch is quiet deletes, then mn", () => {
    expect(text(encodeMetaDeleteBatch([key, spaced], {}, 0))).toBe(
      "md user:42 O0 q\r\nmd YSBi b O1 q\r\nmn\r\n",
    );
  });
});

describe("ma", () => {
  it.each([
    ["increment by one", {}, "ma user:42\r\n"],
    ["decrement by a delta", { mode: "decrement", delta: 5 }, "ma user:42 D5 MD\r\n"],
    [
      "create on miss with an initial value, return value, CAS and TTL",
      { autoCreateTtl: 60, initialValue: 10n, returnValue: true, returnCas: true, returnTtl: true },
      "ma user:42 N60 J10 v c t\r\n",
    ],
    ["update TTL, compare CAS", { ttl: 5, compareCas: 3n }, "ma user:42 T5 C3\r\n"],
    ["key and opaque", { returnKey: true, opaque: 1 }, "ma user:42 k O1\r\n"],
    ["a 64-bit delta", { delta: 18446744073709551615n }, "ma user:42 D18446744073709551615\r\n"],
  ] as const)("%s", (_, options, expected) => {
    expect(text(encodeMetaArithmetic(key, options))).toBe(expected);
  });

  it.each([
    ["an initial value without auto-create", { initialValue: 1 }],
    ["a negative delta", { delta: -1 }],
    ["an unsafe number delta", { delta: 2 ** 60 }],
    ["an unknown mode", { mode: "multiply" }],
  ])("refuses %s with E_INVALID_OPTION", (_, options) => {
    expect(() => encodeMetaArithmetic(key, options as never)).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });
});

describe("mn", () => {
  it("is mn CRLF, a fresh buffer each time", () => {
    const a = encodeNoop();
    a[0] = 0;
    expect(text(encodeNoop())).toBe("mn\r\n");
  });
});

describe("the shared writer", () => {
  it("does not let one request's bytes leak into the next", () => {
    const big = encodeMetaSet(key, new Uint8Array(300_000).fill(120));
    const small = encodeMetaGet(key, { returnValue: true });
    expect(text(small)).toBe("mg user:42 v\r\n");
    expect(big.length).toBe("ms user:42 300000\r\n".length + 300_000 + 2);
    const batch = encodeMetaGetBatch(
      Array.from({ length: 2000 }, (_, i) => keys.encode(`k${i}`)),
      {},
      0,
    );
    expect(text(batch).split("\r\n")).toHaveLength(2002);
    expect(text(encodeMetaGet(key))).toBe("mg user:42\r\n");
  });
});
