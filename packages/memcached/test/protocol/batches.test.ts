import { describe, expect, it } from "vitest";
import { KeyEncoder } from "../../src/keys/index.js";
import {
  type MetaSetEntry,
  metaDeleteBatchDecoder,
  metaGetBatchDecoder,
  metaSetBatchDecoder,
  NO_FLAGS,
} from "../../src/protocol/index.js";
import {
  decodeEveryWay,
  decodeInRandomChunks,
  expectProtocolErrorEveryWay,
  latin1,
  seededRandom,
} from "./feed.js";

const keys = new KeyEncoder();
const five = ["a", "b", "c", "d", "e"].map((k) => keys.encode(k));
const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "latin1"));
const hit = (value: string, set: Record<string, unknown> = {}) => ({
  kind: "hit",
  value: bytesOf(value),
  flags: { ...NO_FLAGS, ...set },
});
const miss = { kind: "miss", flags: NO_FLAGS };
const getBatch = (base = 100) => metaGetBatchDecoder(five, { returnValue: true }, base);

describe("a quiet get batch", () => {
  it("matches hits to their keys by opaque and order; silent keys are misses", () => {
    const replies = "VA 1 O100\r\nA\r\nVA 2 O102\r\nCC\r\nVA 0 O104\r\n\r\nMN\r\n";
    const result = decodeEveryWay(() => getBatch(), latin1(replies));
    expect(result.value).toEqual([
      hit("A", { opaque: "100" }),
      miss,
      hit("CC", { opaque: "102" }),
      miss,
      hit("", { opaque: "104" }),
    ]);
    expect(result.length).toBe(replies.length);
  });

  it("is all misses when only MN comes", () => {
    expect(decodeEveryWay(() => getBatch(), latin1("MN\r\n")).value).toEqual([
      miss,
      miss,
      miss,
      miss,
      miss,
    ]);
  });

  it("accepts a miss that was not kept quiet (EN with its opaque)", () => {
    const replies = "EN O101\r\nVA 1 O102\r\nC\r\nMN\r\n";
    expect(decodeEveryWay(() => getBatch(), latin1(replies)).value).toEqual([
      miss,
      { kind: "miss", flags: { ...NO_FLAGS, opaque: "101" } },
      hit("C", { opaque: "102" }),
      miss,
      miss,
    ]);
  });

  it("reads lease flags per key", () => {
    const decoder = () =>
      metaGetBatchDecoder(five.slice(0, 2), { returnValue: true, vivifyOnMissTtl: 30 }, 0);
    expect(
      decodeEveryWay(decoder, latin1("VA 0 O0 W\r\n\r\nVA 0 O1 Z\r\n\r\nMN\r\n")).value,
    ).toEqual([hit("", { opaque: "0", win: true }), hit("", { opaque: "1", alreadyWon: true })]);
  });

  it("checks each echoed key against its own request", () => {
    const make = () => metaGetBatchDecoder(five.slice(0, 2), { returnKey: true }, 0);
    expect(decodeEveryWay(make, latin1("HD ka O0\r\nHD kb O1\r\nMN\r\n")).value).toHaveLength(2);
    expectProtocolErrorEveryWay(make, latin1("HD kb O0\r\nMN\r\n"));
  });

  it("gives an error line to every request between the replies around it", () => {
    const replies = "VA 1 O100\r\nA\r\nSERVER_ERROR out of memory\r\nVA 1 O103\r\nD\r\nMN\r\n";
    const error = { kind: "server-error", message: "out of memory" };
    expect(decodeEveryWay(() => getBatch(), latin1(replies)).value).toEqual([
      hit("A", { opaque: "100" }),
      error,
      error,
      hit("D", { opaque: "103" }),
      miss,
    ]);
  });

  it("gives an error before MN to every request after the last reply", () => {
    const replies = "VA 1 O101\r\nB\r\nCLIENT_ERROR bad command line format\r\nMN\r\n";
    const error = { kind: "client-error", message: "bad command line format" };
    expect(decodeEveryWay(() => getBatch(), latin1(replies)).value).toEqual([
      miss,
      hit("B", { opaque: "101" }),
      error,
      error,
      error,
    ]);
  });

  it.each([
    ["replies out of order", "VA 1 O102\r\nC\r\nVA 1 O100\r\nA\r\nMN\r\n"],
    ["the same reply twice", "VA 1 O100\r\nA\r\nVA 1 O100\r\nA\r\nMN\r\n"],
    ["a token before the batch", "VA 1 O99\r\nA\r\nMN\r\n"],
    ["a token after the batch", "VA 1 O105\r\nA\r\nMN\r\n"],
    ["a token spelled differently", "VA 1 O0100\r\nA\r\nMN\r\n"],
    ["a token in exponent form", "VA 1 O1e2\r\nA\r\nMN\r\n"],
    ["a reply without a token", "VA 1\r\nA\r\nMN\r\n"],
    ["ERROR", "ERROR\r\nMN\r\n"],
    ["a reply of another command", "NS O100\r\nMN\r\n"],
    ["a value over the cap", "VA 99999999 O100\r\n"],
  ])("throws ProtocolError for %s", (_, replies) => {
    expectProtocolErrorEveryWay(() => getBatch(), latin1(replies));
  });

  /** Replies to a batch of `count` keys where every third key misses. */
  function bigBatch(count: number, base: number) {
    const batchKeys = Array.from({ length: count }, (_, i) => keys.encode(`key:${i}`));
    let replies = "";
    const expected: unknown[] = [];
    for (let i = 0; i < count; i++) {
      if (i % 3 === 0) {
        expected.push(miss);
        continue;
      }
      const value = `value of key:${i}\r\n`;
      replies += `VA ${value.length} O${base + i}\r\n${value}\r\n`;
      expected.push(hit(value, { opaque: String(base + i) }));
    }
    return { batchKeys, bytes: latin1(`${replies}MN\r\n`), expected };
  }

  it("decodes a batch of 30 keys split at every byte boundary", () => {
    const { batchKeys, bytes, expected } = bigBatch(30, 7000);
    const make = () => metaGetBatchDecoder(batchKeys, { returnValue: true }, 7000);
    expect(decodeEveryWay(make, bytes).value).toEqual(expected);
  });

  it("decodes a batch of 1,000 keys arriving in random chunks", () => {
    const { batchKeys, bytes, expected } = bigBatch(1000, 0);
    const random = seededRandom(1000);
    for (let round = 0; round < 20; round++) {
      const decoder = metaGetBatchDecoder(batchKeys, { returnValue: true }, 0);
      const result = decodeInRandomChunks(decoder, bytes, random, round < 10 ? 64 : 4096);
      expect(result.length).toBe(bytes.length);
      expect(result.value).toEqual(expected);
    }
  });
});

describe("a quiet set batch", () => {
  const entries: MetaSetEntry[] = five.slice(0, 3).map((key) => ({ key, value: bytesOf("v") }));

  it("reads silence as stored and refusals by opaque", () => {
    const make = () => metaSetBatchDecoder(entries, 10);
    expect(decodeEveryWay(make, latin1("NS O11\r\nMN\r\n")).value).toEqual([
      { kind: "stored", flags: NO_FLAGS },
      { kind: "not-stored", flags: { ...NO_FLAGS, opaque: "11" } },
      { kind: "stored", flags: NO_FLAGS },
    ]);
  });

  it("gives SERVER_ERROR (an item too large: data skipped) to the requests it may belong to", () => {
    const make = () => metaSetBatchDecoder(entries, 10);
    const error = { kind: "server-error", message: "object too large for cache" };
    expect(
      decodeEveryWay(make, latin1("SERVER_ERROR object too large for cache\r\nEX O12\r\nMN\r\n"))
        .value,
    ).toEqual([error, error, { kind: "exists", flags: { ...NO_FLAGS, opaque: "12" } }]);
  });

  it("throws ProtocolError for CLIENT_ERROR: a set's data may have been read as commands", () => {
    expectProtocolErrorEveryWay(
      () => metaSetBatchDecoder(entries, 10),
      latin1("CLIENT_ERROR bad data chunk\r\nMN\r\n"),
    );
  });
});

describe("a quiet delete batch", () => {
  it("reads silence as deleted and NF as not found", () => {
    const make = () => metaDeleteBatchDecoder(five.slice(0, 2), {}, 0);
    expect(decodeEveryWay(make, latin1("NF O1\r\nMN\r\n")).value).toEqual([
      { kind: "deleted", flags: NO_FLAGS },
      { kind: "not-found", flags: { ...NO_FLAGS, opaque: "1" } },
    ]);
  });
});
