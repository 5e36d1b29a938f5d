import { randomBytes } from "node:crypto";
import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyEncoder, type WireKey } from "../../src/keys/index.js";
import {
  encodeMetaArithmetic,
  encodeMetaDelete,
  encodeMetaDeleteBatch,
  encodeMetaGet,
  encodeMetaGetBatch,
  encodeMetaSet,
  encodeMetaSetBatch,
  encodeNoop,
  type MetaGetOptions,
  type MetaSetEntry,
  type MetaSetOptions,
  metaArithmeticReplyDecoder,
  metaDeleteBatchDecoder,
  metaDeleteReplyDecoder,
  metaGetBatchDecoder,
  metaGetReplyDecoder,
  metaSetBatchDecoder,
  metaSetReplyDecoder,
  noopReplyDecoder,
  replyLimits,
} from "../../src/protocol/index.js";
import { decodeEveryWay, decodeInRandomChunks, seededRandom } from "./feed.js";
import { RETURN_EVERYTHING } from "./get-options.js";
import { MetaConnection } from "./meta-connection.js";

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));
/** Each run writes its own keys, so reruns against a reused server never see old items. */
const run = `live-${process.pid}-${Date.now()}`;
const keys = new KeyEncoder({ prefix: `${run}:` });
let server: MemcachedServer;
let connection: MetaConnection;

beforeAll(async () => {
  server = await startMemcached({ memoryMb: 64, maxItemSize: "1m" });
  connection = await MetaConnection.open(server.port);
});

afterAll(async () => {
  connection?.close();
  await server?.stop();
});

async function set(key: WireKey, value: Uint8Array, options: MetaSetOptions = {}) {
  return connection.send(encodeMetaSet(key, value, options), metaSetReplyDecoder(key, options));
}

async function get(key: WireKey, options: MetaGetOptions = { returnValue: true }, on = connection) {
  return on.send(encodeMetaGet(key, options), metaGetReplyDecoder(key, options));
}

describe("against a real memcached", () => {
  it("stores and reads a value with its flags; the live reply decodes the same split every way", async () => {
    const key = keys.encode("round-trip");
    expect(
      await set(key, utf8("hello"), { ttl: 300, clientFlags: 7, returnCas: true, opaque: 1 }),
    ).toMatchObject({
      kind: "stored",
      flags: { opaque: "1", cas: expect.any(BigInt) },
    });
    const options: MetaGetOptions = { ...RETURN_EVERYTHING, opaque: 99 };
    const { value, bytes } = await connection.exchange(
      encodeMetaGet(key, options),
      metaGetReplyDecoder(key, options),
    );
    expect(value).toMatchObject({
      kind: "hit",
      value: utf8("hello"),
      flags: { clientFlags: 7, size: 5, hitBefore: false, opaque: "99", key: key.text, win: false },
    });
    const flags = value.kind === "hit" ? value.flags : undefined;
    expect(flags?.ttl).toBeGreaterThan(290);
    expect(flags?.ttl).toBeLessThanOrEqual(300);
    expect(decodeEveryWay(() => metaGetReplyDecoder(key, options), bytes).value).toEqual(value);
  });

  it("round-trips binary values: every byte, CR/LF runs, empty, 900 KB of random bytes", async () => {
    const values = [
      Uint8Array.from({ length: 256 }, (_, i) => i),
      utf8("\r\n\r\nMN\r\nEN\r\nVA 5\r\n"),
      new Uint8Array(0),
      new Uint8Array(randomBytes(900_000)),
      utf8("日本語 😀 café"),
    ];
    for (const [i, value] of values.entries()) {
      const key = keys.encode(`binary:${i}`);
      expect((await set(key, value)).kind).toBe("stored");
      const read = await get(key);
      expect(read.kind).toBe("hit");
      // Compared as buffers: a deep equality over 900,000 elements takes seconds.
      const bytes = read.kind === "hit" ? (read.value as Uint8Array) : new Uint8Array(0);
      expect(Buffer.compare(bytes, value), `value ${i}`).toBe(0);
      expect(bytes.length).toBe(value.length);
    }
  });

  it("misses an absent key, deletes, and refuses a delete of nothing", async () => {
    const key = keys.encode("to-delete");
    expect(await get(key, { returnValue: true, opaque: 5, returnKey: true })).toEqual({
      kind: "miss",
      flags: expect.objectContaining({ opaque: "5", key: key.text }),
    });
    await set(key, utf8("x"));
    const del = (options = {}) =>
      connection.send(encodeMetaDelete(key, options), metaDeleteReplyDecoder(key, options));
    expect((await del({ compareCas: 1n })).kind).toBe("exists");
    expect((await del()).kind).toBe("deleted");
    expect((await del()).kind).toBe("not-found");
    expect((await get(key)).kind).toBe("miss");
  });

  it("applies set modes and CAS", async () => {
    const key = keys.encode("modes");
    expect((await set(key, utf8("b"), { mode: "replace" })).kind).toBe("not-stored");
    expect((await set(key, utf8("b"), { mode: "add", returnCas: true })).kind).toBe("stored");
    expect((await set(key, utf8("x"), { mode: "add" })).kind).toBe("not-stored");
    expect((await set(key, utf8("c"), { mode: "append" })).kind).toBe("stored");
    expect((await set(key, utf8("a"), { mode: "prepend" })).kind).toBe("stored");
    const read = await get(key, { returnValue: true, returnCas: true });
    expect(read).toMatchObject({ kind: "hit", value: utf8("abc") });
    const cas = read.kind === "hit" ? (read.flags.cas as bigint) : 0n;
    expect((await set(key, utf8("new"), { compareCas: cas + 1n })).kind).toBe("exists");
    expect((await set(key, utf8("new"), { compareCas: cas })).kind).toBe("stored");
    expect((await set(keys.encode("modes:gone"), utf8("x"), { compareCas: cas })).kind).toBe(
      "not-found",
    );
  });

  it("touches with T and reads TTLs", async () => {
    const key = keys.encode("touch");
    await set(key, utf8("t"), { ttl: 100 });
    expect(await get(key, { touchTtl: 1000, returnTtl: true })).toMatchObject({
      kind: "hit",
      value: undefined,
    });
    const after = await get(key, { returnTtl: true });
    expect(after.kind === "hit" ? after.flags.ttl : 0).toBeGreaterThan(900);
    await set(key, utf8("t"), { ttl: 0 });
    expect(await get(key, { returnTtl: true })).toMatchObject({ flags: { ttl: -1 } });
  });

  it("counts with ma: auto-create, increment, decrement to 0, CAS; a non-number is a client error", async () => {
    const key = keys.encode("counter");
    const ma = (options: Parameters<typeof encodeMetaArithmetic>[1]) =>
      connection.send(encodeMetaArithmetic(key, options), metaArithmeticReplyDecoder(key, options));
    expect((await ma({})).kind).toBe("not-found");
    expect(await ma({ autoCreateTtl: 0, initialValue: 10n, returnValue: true })).toMatchObject({
      value: 10n,
    });
    expect(await ma({ delta: 5, returnValue: true, returnCas: true })).toMatchObject({
      value: 15n,
    });
    expect(await ma({ mode: "decrement", delta: 100n, returnValue: true })).toMatchObject({
      value: 0n,
    });
    expect((await ma({ compareCas: 1n })).kind).toBe("exists");
    await set(key, utf8("not a number"));
    expect(await ma({ returnValue: true })).toEqual({
      kind: "client-error",
      message: "cannot increment or decrement non-numeric value",
    });
    expect(await connection.send(encodeNoop(), noopReplyDecoder())).toBe("MN");
  });

  it("reads 600 keys in one batch, each value matching its key, base64 keys included", async () => {
    const names = Array.from({ length: 600 }, (_, i) =>
      i % 5 === 0 ? `batch key ${i}\r\n` : `batch:${i}`,
    );
    const wire = names.map((n) => keys.encode(n));
    const entries: MetaSetEntry[] = wire
      .map((key, i) => ({ key, value: utf8(`value of ${names[i]}`) }))
      .filter((_, i) => i % 3 !== 0);
    const stored = await connection.send(
      encodeMetaSetBatch(entries, 0),
      metaSetBatchDecoder(entries, 0),
    );
    expect(stored.every((r) => r.kind === "stored")).toBe(true);
    const options = { returnValue: true, returnKey: true };
    const { value, bytes } = await connection.exchange(
      encodeMetaGetBatch(wire, options, 5000),
      metaGetBatchDecoder(wire, options, 5000),
    );
    value.forEach((reply, i) => {
      if (i % 3 === 0) expect(reply).toMatchObject({ kind: "miss" });
      else expect(reply).toMatchObject({ kind: "hit", value: utf8(`value of ${names[i]}`) });
    });
    const random = seededRandom(600);
    const again = decodeInRandomChunks(
      metaGetBatchDecoder(wire, options, 5000),
      bytes,
      random,
      700,
    );
    expect(again.value).toEqual(value);
  });

  it("deletes in a batch; keys that were not there answer not-found", async () => {
    const wire = ["del:a", "del:b", "del:c"].map((n) => keys.encode(n));
    await set(wire[1] as WireKey, utf8("b"));
    const result = await connection.send(
      encodeMetaDeleteBatch(wire, {}, 9),
      metaDeleteBatchDecoder(wire, {}, 9),
    );
    expect(result.map((r) => r.kind)).toEqual(["not-found", "deleted", "not-found"]);
  });

  describe("values over the item size limit (-I 1m)", () => {
    const tooBig = new Uint8Array(1024 * 1024 + 1);

    it("a single set gets a server error, and the connection stays in step", async () => {
      const key = keys.encode("too-big");
      await set(key, utf8("old"));
      expect(await set(key, tooBig)).toEqual({
        kind: "server-error",
        message: "object too large for cache",
      });
      // memcached also drops the old item, so no stale value outlives a failed set.
      expect(await get(key)).toMatchObject({ kind: "miss" });
      await set(key, utf8("after"));
      expect(await get(key)).toMatchObject({ kind: "hit", value: utf8("after") });
    });

    it("in a batch, the error goes to the requests it may belong to and the others are stored", async () => {
      const wire = ["b0", "b1", "b2", "b3"].map((n) => keys.encode(`big-batch:${n}`));
      const entries: MetaSetEntry[] = wire.map((key, i) => ({
        key,
        value: i === 2 ? tooBig : utf8(`v${i}`),
      }));
      const result = await connection.send(
        encodeMetaSetBatch(entries, 0),
        metaSetBatchDecoder(entries, 0),
      );
      expect(result.map((r) => r.kind)).toEqual([
        "server-error",
        "server-error",
        "server-error",
        "server-error",
      ]);
      const read = await connection.send(
        encodeMetaGetBatch(wire, { returnValue: true }, 0),
        metaGetBatchDecoder(wire, { returnValue: true }, 0),
      );
      expect(read.map((r) => r.kind)).toEqual(["hit", "hit", "miss", "hit"]);
    });

    it("a reply announcing more than maxValueBytes is refused before its bytes are read", async () => {
      const key = keys.encode("over-the-cap");
      await set(key, new Uint8Array(2000));
      const own = await MetaConnection.open(server.port);
      const small = replyLimits({ maxValueBytes: 1000 });
      await expect(
        own.send(
          encodeMetaGet(key, { returnValue: true }),
          metaGetReplyDecoder(key, { returnValue: true }, small),
        ),
      ).rejects.toMatchObject({
        code: "E_PROTOCOL",
        message: expect.stringContaining("maxValueBytes (1000)"),
      });
      own.close();
    });
  });
});

describe("a memcached out of memory (-M: no evictions)", () => {
  it("refuses stores with a server error and keeps answering on the same connection", async () => {
    await using full = await startMemcached({ memoryMb: 8, args: ["-M"] });
    const own = await MetaConnection.open(full.port);
    const value = new Uint8Array(500_000);
    let refusal: unknown;
    for (let i = 0; i < 100 && refusal === undefined; i++) {
      const key = keys.encode(`fill:${i}`);
      const reply = await own.send(encodeMetaSet(key, value), metaSetReplyDecoder(key));
      if (reply.kind !== "stored") refusal = reply;
    }
    expect(refusal).toEqual({ kind: "server-error", message: "out of memory storing object" });
    expect(await own.send(encodeNoop(), noopReplyDecoder())).toBe("MN");
    const first = keys.encode("fill:0");
    expect(await get(first, { returnSize: true }, own)).toMatchObject({
      kind: "hit",
      flags: { size: 500_000 },
    });
    own.close();
  });
});
