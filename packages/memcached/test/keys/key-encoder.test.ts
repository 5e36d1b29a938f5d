import { createHash } from "node:crypto";
import { InvalidKeyError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { MemcachedKeyError } from "../../src/errors.js";
import {
  KeyEncoder,
  MAX_BASE64_KEY_BYTES,
  MAX_KEY_BYTES,
  type WireKey,
} from "../../src/keys/index.js";
import { seededRandom } from "../protocol/feed.js";

const plain = new KeyEncoder();

/** The bytes memcached stores as the key: the text itself, or what the base64 text decodes to. */
function serverKey(wire: WireKey): string {
  return wire.base64
    ? Buffer.from(wire.text, "base64").toString("hex")
    : Buffer.from(wire.text, "latin1").toString("hex");
}

function expectOnTheWireSafe(wire: WireKey): void {
  expect(wire.text.length).toBeGreaterThan(0);
  expect(wire.text.length).toBeLessThanOrEqual(MAX_KEY_BYTES);
  expect(wire.text).toMatch(/^[\x21-\x7e]+$/);
}

function keyError(run: () => unknown): MemcachedKeyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MemcachedKeyError);
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect(error).toMatchObject({ code: "E_INVALID_KEY", name: "MemcachedKeyError" });
    expect((error as Error).message).toMatch(/^\[tier\] \[memcached\] /);
    return error as MemcachedKeyError;
  }
  throw new Error("expected a MemcachedKeyError");
}

describe("KeyEncoder", () => {
  it.each(["user:42", "a", "x/y?z=1", "~!@#$%^&*()_+{}|:<>?", "x".repeat(250)])(
    "sends printable ASCII as it is: %s",
    (key) => {
      expect(plain.encode(key)).toEqual({ text: key, base64: false });
    },
  );

  it.each([
    ["a space", "a b"],
    ["CR LF and a command", "k\r\nflush_all\r\n"],
    ["a tab", "\t"],
    ["NUL", "a\u0000b"],
    ["DEL", "\u007f"],
    ["é (NFC)", "caf\u00e9"],
    ["e + combining accent (NFD)", "cafe\u0301"],
    ["emoji", "emoji-😀🎉"],
    ["CJK", "日本語のキー"],
    ["the last code point", "\u{10FFFF}"],
  ])("sends a key with %s base64-encoded, the stored key being its exact UTF-8 bytes", (_, key) => {
    const wire = plain.encode(key);
    expect(wire.base64).toBe(true);
    expectOnTheWireSafe(wire);
    expect(Buffer.from(wire.text, "base64").toString("utf8")).toBe(key);
    expect(Buffer.from(wire.text, "base64").toString("base64")).toBe(wire.text);
  });

  it("takes plain keys up to 250 bytes and encoded keys up to 186 bytes", () => {
    expect(plain.encode("p".repeat(250)).text).toHaveLength(250);
    const longest = plain.encode(" ".repeat(MAX_BASE64_KEY_BYTES));
    expect(longest.base64).toBe(true);
    expect(longest.text).toHaveLength(248);
    expect(plain.encode("é".repeat(93)).text).toHaveLength(248);
  });

  it.each([
    ["a 251-byte plain key", "p".repeat(251), 251, 250],
    ["a 187-byte key that needs base64", " ".repeat(187), 187, 186],
    ["94 two-byte characters", "é".repeat(94), 188, 186],
    ["a 1,000-character key", "x".repeat(1000), 1000, 250],
  ])("refuses %s as too-long", (_, key, bytes, limit) => {
    const error = keyError(() => plain.encode(key));
    expect(error.problem).toBe("too-long");
    expect(error.byteLength).toBe(bytes);
    expect(error.message).toContain(`${limit} bytes`);
  });

  it("refuses the empty key", () => {
    expect(keyError(() => plain.encode("")).problem).toBe("empty");
  });

  it("refuses a key that is not a string", () => {
    expect(keyError(() => plain.encode(42 as unknown as string)).problem).toBe("malformed");
  });

  it.each(["\uD800", "a\uDC00", "x\uD83D"])(
    "refuses a lone surrogate in %j: it has no UTF-8 form",
    (key) => {
      expect(keyError(() => plain.encode(key)).problem).toBe("malformed");
    },
  );

  describe("with a prefix", () => {
    const app = new KeyEncoder({ prefix: "app1:" });

    it("puts the prefix in front, as text or inside the base64", () => {
      expect(app.encode("user:42")).toEqual({ text: "app1:user:42", base64: false });
      const wire = app.encode("a b");
      expect(wire.base64).toBe(true);
      expect(Buffer.from(wire.text, "base64").toString("utf8")).toBe("app1:a b");
    });

    it("counts the prefix in the key's length", () => {
      expect(app.encode("p".repeat(245)).text).toHaveLength(250);
      expect(keyError(() => app.encode("p".repeat(246))).byteLength).toBe(251);
      expect(keyError(() => app.encode(" ".repeat(182))).byteLength).toBe(187);
    });

    it.each([["a b"], ["é"], ["x".repeat(129)], [7]])(
      "refuses the prefix %j with E_INVALID_OPTION",
      (prefix) => {
        expect(() => new KeyEncoder({ prefix: prefix as string })).toThrowError(
          expect.objectContaining({ code: "E_INVALID_OPTION" }),
        );
      },
    );
  });

  describe('with longKeys: "hash"', () => {
    const hashing = new KeyEncoder({ prefix: "ns:", longKeys: "hash" });

    it("sends a long key as prefix, 0xFF and its SHA-256, base64-encoded", () => {
      const key = `${"x".repeat(999)}a`;
      const wire = hashing.encode(key);
      expect(wire.base64).toBe(true);
      expectOnTheWireSafe(wire);
      const raw = Buffer.from(wire.text, "base64");
      expect(raw.subarray(0, 3).toString("latin1")).toBe("ns:");
      expect(raw[3]).toBe(0xff);
      expect(raw.subarray(4)).toEqual(createHash("sha256").update(key, "utf8").digest());
    });

    it("keeps long keys that differ anywhere apart", () => {
      const longKeys = [
        `${"x".repeat(999)}a`,
        `${"x".repeat(999)}b`,
        `a${"x".repeat(999)}`,
        "x".repeat(1000),
        "é".repeat(94),
      ];
      expect(new Set(longKeys.map((k) => serverKey(hashing.encode(k)))).size).toBe(longKeys.length);
    });

    it("leaves keys that fit alone", () => {
      expect(hashing.encode("user:42")).toEqual({ text: "ns:user:42", base64: false });
      expect(Buffer.from(hashing.encode("a b").text, "base64").toString()).toBe("ns:a b");
    });

    it("still refuses empty and malformed keys", () => {
      expect(keyError(() => hashing.encode("")).problem).toBe("empty");
      expect(keyError(() => hashing.encode(`${"x".repeat(300)}\uD800`)).problem).toBe("malformed");
    });

    it("refuses an unknown policy", () => {
      expect(() => new KeyEncoder({ longKeys: "truncate" as "hash" })).toThrowError(
        expect.objectContaining({ code: "E_INVALID_OPTION" }),
      );
    });
  });

  it("encodes random keys to safe wire text, and distinct keys to distinct server keys", () => {
    const random = seededRandom(250);
    const alphabet = [
      "a",
      "Z",
      "0",
      ":",
      " ",
      "\r",
      "\n",
      "\t",
      "\u0000",
      "\u007f",
      "é",
      "e\u0301",
      "😀",
      "日",
      "\u{10FFFF}",
      "%20",
      "_",
      "+",
    ];
    const encoders = [
      plain,
      new KeyEncoder({ prefix: "p:" }),
      new KeyEncoder({ longKeys: "hash" }),
    ];
    for (const encoder of encoders) {
      const seen = new Map<string, string>();
      for (let i = 0; i < 5000; i++) {
        let key = "";
        const length = 1 + Math.floor(random() * (i % 10 === 0 ? 120 : 12));
        for (let j = 0; j < length; j++) key += alphabet[Math.floor(random() * alphabet.length)];
        let wire: WireKey;
        try {
          wire = encoder.encode(key);
        } catch (error) {
          expect((error as MemcachedKeyError).problem).toBe("too-long");
          expect(encoder.longKeys).toBe("refuse");
          continue;
        }
        expectOnTheWireSafe(wire);
        const stored = serverKey(wire);
        const before = seen.get(stored);
        if (before !== undefined) expect(before).toBe(key);
        seen.set(stored, key);
      }
      expect(seen.size).toBeGreaterThan(4000);
    }
  });
});
