import type { ReplyDecoder } from "@tier/core/net";
import { describe, expect, it } from "vitest";
import { KeyEncoder } from "../../src/keys/index.js";
import {
  type MetaGetOptions,
  metaArithmeticReplyDecoder,
  metaDeleteReplyDecoder,
  metaGetReplyDecoder,
  metaSetReplyDecoder,
  NO_FLAGS,
  noopReplyDecoder,
  replyLimits,
} from "../../src/protocol/index.js";
import { decodeEveryWay, decodeWhole, expectProtocolErrorEveryWay, latin1 } from "./feed.js";
import { RETURN_EVERYTHING } from "./get-options.js";

const keys = new KeyEncoder();
const key = keys.encode("user:42");
const spaced = keys.encode("a b"); // YSBi
const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "latin1"));
const flags = (set: Record<string, unknown>) => ({ ...NO_FLAGS, ...set });

const everything: MetaGetOptions = { ...RETURN_EVERYTHING, opaque: 42 };

describe("mg replies", () => {
  it.each([
    [
      "a hit with every flag",
      everything,
      "VA 5 c12 f7 t-1 s5 kuser:42 h1 l30 O42\r\nhello\r\n",
      {
        kind: "hit",
        value: bytesOf("hello"),
        flags: flags({
          cas: 12n,
          clientFlags: 7,
          ttl: -1,
          size: 5,
          key: "user:42",
          hitBefore: true,
          lastAccessSeconds: 30,
          opaque: "42",
        }),
      },
    ],
    [
      "a hit whose value holds CR, LF and the reply codes",
      { returnValue: true },
      "VA 12\r\n\r\nMN\r\nEN\r\n\r\n\r\n",
      { kind: "hit", value: bytesOf("\r\nMN\r\nEN\r\n\r\n"), flags: NO_FLAGS },
    ],
    [
      "an empty value",
      { returnValue: true },
      "VA 0\r\n\r\n",
      { kind: "hit", value: new Uint8Array(0), flags: NO_FLAGS },
    ],
    [
      "the placeholder a vivifying miss creates, won",
      { returnValue: true, vivifyOnMissTtl: 30 },
      "VA 0 W\r\n\r\n",
      { kind: "hit", value: new Uint8Array(0), flags: flags({ win: true }) },
    ],
    [
      "a stale item another client is recaching",
      { returnValue: true },
      "VA 3 c9 Z X\r\nold\r\n",
      {
        kind: "hit",
        value: bytesOf("old"),
        flags: flags({ cas: 9n, stale: true, alreadyWon: true }),
      },
    ],
    [
      "a hit without the value",
      { returnCas: true },
      "HD c18446744073709551615\r\n",
      { kind: "hit", value: undefined, flags: flags({ cas: 18446744073709551615n }) },
    ],
    ["a miss", { returnValue: true }, "EN\r\n", { kind: "miss", flags: NO_FLAGS }],
    [
      "a miss echoing opaque and key",
      everything,
      "EN O42 kuser:42\r\n",
      { kind: "miss", flags: flags({ opaque: "42", key: "user:42" }) },
    ],
    [
      "a miss from an older server that does not echo",
      everything,
      "EN\r\n",
      { kind: "miss", flags: NO_FLAGS },
    ],
    [
      "a flag this codec does not know",
      { returnValue: true },
      "VA 1 Qsomething\r\nx\r\n",
      { kind: "hit", value: bytesOf("x"), flags: NO_FLAGS },
    ],
    [
      "SERVER_ERROR",
      { returnValue: true },
      "SERVER_ERROR refcount overflow during fetch\r\n",
      { kind: "server-error", message: "refcount overflow during fetch" },
    ],
    [
      "CLIENT_ERROR (one line: the stream is still in step)",
      { returnValue: true },
      "CLIENT_ERROR bad command line format\r\n",
      { kind: "client-error", message: "bad command line format" },
    ],
  ] as const)("%s", (_, options, reply, expected) => {
    const result = decodeEveryWay(() => metaGetReplyDecoder(key, options), latin1(reply));
    expect(result.value).toEqual(expected);
    expect(result.length).toBe(reply.length);
  });

  it("checks a base64 key's echo, b flag included", () => {
    const ok = decodeWhole(
      metaGetReplyDecoder(spaced, { returnKey: true }),
      latin1("HD kYSBi b\r\n"),
    );
    expect(ok.value).toEqual({
      kind: "hit",
      value: undefined,
      flags: flags({ key: "YSBi", base64Key: true }),
    });
    expectProtocolErrorEveryWay(
      () => metaGetReplyDecoder(spaced, { returnKey: true }),
      latin1("HD kYSBi\r\n"),
    );
  });

  it("returns a copy: the value does not change when the receive buffer is reused", () => {
    const buffer = Buffer.from("VA 3\r\nabc\r\n", "latin1");
    const decoded = metaGetReplyDecoder(key, { returnValue: true }).decode(
      buffer,
      0,
      buffer.length,
    );
    buffer.fill(0);
    expect(decoded?.value).toEqual({ kind: "hit", value: bytesOf("abc"), flags: NO_FLAGS });
  });

  it.each([
    ["ERROR (the server does not know mg)", { returnValue: true }, "ERROR\r\n", "does not know"],
    ["a reply code of another command", { returnValue: true }, "NS\r\n", "not a reply to mg"],
    ["MN where mg's reply belongs", { returnValue: true }, "MN\r\n", "not a reply to mg"],
    ["a value nobody asked for", {}, "VA 3\r\nabc\r\n", "did not ask for the value"],
    ["no value when one was asked for", { returnValue: true }, "HD\r\n", "asked for the value"],
    ["another request's opaque", { returnValue: true, opaque: 42 }, "VA 1 O41\r\nx\r\n", "opaque"],
    ["no opaque on a hit", { returnValue: true, opaque: 42 }, "VA 1\r\nx\r\n", "opaque"],
    ["an opaque nobody sent", {}, "HD O1\r\n", "opaque"],
    ["another key", { returnKey: true }, "HD kuser:43\r\n", "user:43"],
    ["no key on a hit that asked for it", { returnKey: true }, "HD\r\n", "does not echo the key"],
    ["a key nobody asked for", {}, "HD kuser:42\r\n", "nobody asked for"],
    ["a value over the cap", { returnValue: true }, "VA 1048577\r\n", "maxValueBytes"],
    ["a value not ended by CRLF", { returnValue: true }, "VA 2\r\nabc\r\n", "not followed by CRLF"],
    ["a line ended by LF alone", {}, "HD\n", "LF alone"],
    ["a CR inside a line", {}, "HD\rX\r\n", "CR inside"],
    ["a control byte", {}, "HD \u0001\r\n", "byte 0x1"],
    ["a byte above ASCII", {}, "HD \u00ff\r\n", "byte 0xff"],
    ["an unknown reply", {}, "OK\r\n", "unknown reply"],
    ["a lowercase code", {}, "hd\r\n", "unknown reply"],
    ["a size that is not a number", { returnValue: true }, "VA x\r\n", "value size"],
    ["a negative size", { returnValue: true }, "VA -1\r\n", "value size"],
    ["VA without a size", { returnValue: true }, "VA\r\n", "value size"],
    ["a negative CAS", { returnCas: true }, "HD c-1\r\n", "c-1"],
    ["a CAS over 64 bits", { returnCas: true }, "HD c18446744073709551616\r\n", "c18446744"],
    ["a TTL with letters", { returnTtl: true }, "HD t5x\r\n", "t5x"],
    ["client flags over 32 bits", { returnClientFlags: true }, "HD f4294967296\r\n", "f42949"],
    ["hit-before that is not 0 or 1", { returnHitBefore: true }, "HD h2\r\n", "h2"],
    ["a lease flag with a value", {}, "HD Wx\r\n", "Wx"],
    ["an opaque over 32 bytes", {}, `HD O${"1".repeat(33)}\r\n`, "O111"],
    ["two spaces", {}, "HD  c1\r\n", "malformed reply flag"],
  ] as const)("throws ProtocolError for %s", (_, options, reply, words) => {
    const message = expectProtocolErrorEveryWay(
      () => metaGetReplyDecoder(key, options),
      latin1(reply),
    );
    expect(message).toContain(words);
    expect(message).toMatch(/^\[tier\] \[memcached\] /);
  });

  it("refuses an announced size over the cap before its bytes arrive", () => {
    const limits = replyLimits({ maxValueBytes: 10 });
    const decoder = metaGetReplyDecoder(key, { returnValue: true }, limits);
    const line = latin1("VA 11\r\n");
    expect(() => decoder.decode(line, 0, line.length)).toThrowError(/maxValueBytes \(10\)/);
    const fits = latin1("VA 10\r\n0123456789\r\n");
    expect(
      decodeWhole(metaGetReplyDecoder(key, { returnValue: true }, limits), fits).value,
    ).toMatchObject({
      kind: "hit",
    });
  });

  it("refuses a line longer than the cap without waiting for its end", () => {
    const limits = replyLimits({ maxLineBytes: 100 });
    const long = latin1(`HD ${"Q".repeat(200)}`);
    const decoder = metaGetReplyDecoder(key, {}, limits);
    expect(decoder.decode(long, 0, 100)).toBeUndefined();
    expect(() => decoder.decode(long, 0, 101)).toThrowError(/maxLineBytes/);
  });

  it("refuses unusable caps with E_INVALID_OPTION", () => {
    expect(() => replyLimits({ maxValueBytes: -1 })).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
    expect(() => replyLimits({ maxLineBytes: 10 })).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });
});

describe("ms replies", () => {
  it.each([
    [
      "stored",
      { opaque: 3, returnCas: true },
      "HD c5 O3\r\n",
      { kind: "stored", flags: flags({ cas: 5n, opaque: "3" }) },
    ],
    ["not stored", { mode: "add" }, "NS\r\n", { kind: "not-stored", flags: NO_FLAGS }],
    [
      "CAS mismatch",
      { compareCas: 1n, returnCas: true },
      "EX c0\r\n",
      { kind: "exists", flags: flags({ cas: 0n }) },
    ],
    ["CAS on a missing item", { compareCas: 1n }, "NF\r\n", { kind: "not-found", flags: NO_FLAGS }],
    [
      "an item too large (the server skipped the data)",
      {},
      "SERVER_ERROR object too large for cache\r\n",
      { kind: "server-error", message: "object too large for cache" },
    ],
    [
      "out of memory",
      {},
      "SERVER_ERROR out of memory storing object\r\n",
      { kind: "server-error", message: "out of memory storing object" },
    ],
  ] as const)("%s", (_, options, reply, expected) => {
    expect(decodeEveryWay(() => metaSetReplyDecoder(key, options), latin1(reply)).value).toEqual(
      expected,
    );
  });

  it.each([
    [
      "CLIENT_ERROR: the data block may have run as commands",
      "CLIENT_ERROR bad data chunk\r\n",
      "may have been read as commands",
    ],
    ["ERROR", "ERROR\r\n", "does not know"],
    ["a value", "VA 1\r\nx\r\n", "not a reply to ms"],
    ["EN", "EN\r\n", "not a reply to ms"],
    ["a stored reply without the opaque sent", "HD\r\n", "opaque"],
  ])("throws ProtocolError for %s", (_, reply, words) => {
    expect(
      expectProtocolErrorEveryWay(() => metaSetReplyDecoder(key, { opaque: 1 }), latin1(reply)),
    ).toContain(words);
  });
});

describe("md replies", () => {
  it.each([
    ["deleted", "HD\r\n", { kind: "deleted", flags: NO_FLAGS }],
    ["nothing to delete", "NF\r\n", { kind: "not-found", flags: NO_FLAGS }],
    ["CAS mismatch", "EX\r\n", { kind: "exists", flags: NO_FLAGS }],
    [
      "CLIENT_ERROR",
      "CLIENT_ERROR bad command line format\r\n",
      { kind: "client-error", message: "bad command line format" },
    ],
  ] as const)("%s", (_, reply, expected) => {
    expect(decodeEveryWay(() => metaDeleteReplyDecoder(key), latin1(reply)).value).toEqual(
      expected,
    );
  });

  it("checks the key echo", () => {
    expect(
      decodeWhole(metaDeleteReplyDecoder(key, { returnKey: true }), latin1("NF kuser:42\r\n"))
        .value,
    ).toEqual({
      kind: "not-found",
      flags: flags({ key: "user:42" }),
    });
    expectProtocolErrorEveryWay(
      () => metaDeleteReplyDecoder(key, { returnKey: true }),
      latin1("HD kuser:4\r\n"),
    );
    expectProtocolErrorEveryWay(() => metaDeleteReplyDecoder(key), latin1("NS\r\n"));
  });
});

describe("ma replies", () => {
  it.each([
    [
      "the new value",
      { returnValue: true },
      "VA 2\r\n10\r\n",
      { kind: "applied", value: 10n, flags: NO_FLAGS },
    ],
    [
      "the largest counter",
      { returnValue: true },
      "VA 20\r\n18446744073709551615\r\n",
      { kind: "applied", value: 18446744073709551615n, flags: NO_FLAGS },
    ],
    [
      "applied without the value",
      {},
      "HD\r\n",
      { kind: "applied", value: undefined, flags: NO_FLAGS },
    ],
    [
      "value, CAS, TTL, key and opaque",
      { returnValue: true, returnCas: true, returnTtl: true, returnKey: true, opaque: 5 },
      "VA 1 c19 t-1 O5 kuser:42\r\n1\r\n",
      {
        kind: "applied",
        value: 1n,
        flags: flags({ cas: 19n, ttl: -1, opaque: "5", key: "user:42" }),
      },
    ],
    ["no counter", {}, "NF\r\n", { kind: "not-found", flags: NO_FLAGS }],
    ["not created", {}, "NS\r\n", { kind: "not-stored", flags: NO_FLAGS }],
    ["CAS mismatch", {}, "EX\r\n", { kind: "exists", flags: NO_FLAGS }],
    [
      "a value that is not a number",
      {},
      "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n",
      { kind: "client-error", message: "cannot increment or decrement non-numeric value" },
    ],
  ] as const)("%s", (_, options, reply, expected) => {
    expect(
      decodeEveryWay(() => metaArithmeticReplyDecoder(key, options), latin1(reply)).value,
    ).toEqual(expected);
  });

  it.each([
    ["a counter that is not digits", { returnValue: true }, "VA 2\r\nab\r\n"],
    ["a counter over 20 digits", { returnValue: true }, "VA 21\r\n123456789012345678901\r\n"],
    ["HD when the value was asked for", { returnValue: true }, "HD\r\n"],
    ["VA when it was not", {}, "VA 1\r\n1\r\n"],
    ["EN", {}, "EN\r\n"],
  ] as const)("throws ProtocolError for %s", (_, options, reply) => {
    expectProtocolErrorEveryWay(() => metaArithmeticReplyDecoder(key, options), latin1(reply));
  });
});

describe("mn replies", () => {
  it("reads MN", () => {
    expect(decodeEveryWay(() => noopReplyDecoder(), latin1("MN\r\n")).value).toBe("MN");
  });

  it.each(["HD\r\n", "SERVER_ERROR x\r\n", "EN\r\n"])("throws ProtocolError for %j", (reply) => {
    expectProtocolErrorEveryWay(() => noopReplyDecoder(), latin1(reply));
  });
});

describe("several replies in one chunk", () => {
  it("each decoder takes exactly its own reply and leaves the next one", () => {
    const chunk = latin1(
      "VA 5 O1\r\nhello\r\nEN O2\r\nHD\r\nSERVER_ERROR object too large for cache\r\nNF\r\nVA 1\r\n7\r\nMN\r\n",
    );
    const decoders: ReplyDecoder<unknown>[] = [
      metaGetReplyDecoder(key, { returnValue: true, opaque: 1 }),
      metaGetReplyDecoder(key, { returnValue: true, opaque: 2 }),
      metaSetReplyDecoder(key),
      metaSetReplyDecoder(key),
      metaDeleteReplyDecoder(key),
      metaArithmeticReplyDecoder(key, { returnValue: true }),
      noopReplyDecoder(),
    ];
    let at = 0;
    const kinds: unknown[] = [];
    for (const decoder of decoders) {
      const decoded = decoder.decode(chunk, at, chunk.length);
      expect(decoded).toBeDefined();
      at = decoded?.end ?? at;
      const value = decoded?.value;
      kinds.push(
        typeof value === "object" && value !== null && "kind" in value ? value.kind : value,
      );
    }
    expect(kinds).toEqual(["hit", "miss", "stored", "server-error", "not-found", "applied", "MN"]);
    expect(at).toBe(chunk.length);
  });
});
