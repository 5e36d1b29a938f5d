import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeyEncoder, type WireKey } from "../../src/keys/index.js";
import {
  encodeMetaDelete,
  encodeMetaGet,
  encodeMetaGetBatch,
  encodeMetaSet,
  type MetaGetOptions,
  type MetaGetReply,
  type MetaSetOptions,
  metaDeleteReplyDecoder,
  metaGetBatchDecoder,
  metaGetReplyDecoder,
  metaSetReplyDecoder,
  NO_FLAGS,
} from "../../src/protocol/index.js";
import { MetaConnection } from "./meta-connection.js";

/**
 * What memcached 1.6 answers to the lease flags, which the client builds cross-process stampede
 * control on. Two connections stand for two processes.
 */
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "utf8"));
const keys = new KeyEncoder({ prefix: `lease-${process.pid}-${Date.now()}:` });
let server: MemcachedServer;
let first: MetaConnection;
let second: MetaConnection;

beforeAll(async () => {
  server = await startMemcached();
  [first, second] = await Promise.all([
    MetaConnection.open(server.port),
    MetaConnection.open(server.port),
  ]);
});

afterAll(async () => {
  first?.close();
  second?.close();
  await server?.stop();
});

const LEASE: MetaGetOptions = {
  returnValue: true,
  returnCas: true,
  returnClientFlags: true,
  returnTtl: true,
  vivifyOnMissTtl: 30,
};

function get(
  on: MetaConnection,
  key: WireKey,
  options: MetaGetOptions = LEASE,
): Promise<MetaGetReply> {
  return on.send(encodeMetaGet(key, options), metaGetReplyDecoder(key, options));
}

function set(on: MetaConnection, key: WireKey, value: string, options: MetaSetOptions = {}) {
  return on.send(encodeMetaSet(key, utf8(value), options), metaSetReplyDecoder(key, options));
}

function flagsOf(reply: MetaGetReply) {
  expect(reply.kind).toBe("hit");
  return reply.kind === "hit" ? reply.flags : NO_FLAGS;
}

describe("N (vivify on miss)", () => {
  it("the first reader of a missing key wins a placeholder; every later reader sees Z", async () => {
    const key = keys.encode("cold");
    const winner = await get(first, key);
    expect(winner).toMatchObject({ kind: "hit", value: new Uint8Array(0) });
    expect(flagsOf(winner)).toMatchObject({
      win: true,
      alreadyWon: false,
      stale: false,
      clientFlags: 0,
      ttl: 30,
    });

    for (const on of [second, first, second]) {
      const loser = await get(on, key);
      expect(loser).toMatchObject({ kind: "hit", value: new Uint8Array(0) });
      expect(flagsOf(loser)).toMatchObject({
        win: false,
        alreadyWon: true,
        stale: false,
        clientFlags: 0,
      });
      // Same item: the placeholder's CAS, which the winner can use to store conditionally.
      expect(flagsOf(loser).cas).toBe(flagsOf(winner).cas);
    }
    // A reader without N sees the placeholder too (with Z): an empty value, not a miss.
    expect(flagsOf(await get(second, key, { returnValue: true }))).toMatchObject({
      alreadyWon: true,
    });
  });

  it("the winner's store replaces the placeholder: readers then get the value without lease flags", async () => {
    const key = keys.encode("filled");
    const winner = await get(first, key);
    expect(
      await set(first, key, "loaded", {
        compareCas: flagsOf(winner).cas as bigint,
        clientFlags: 1,
      }),
    ).toMatchObject({
      kind: "stored",
    });
    const reader = await get(second, key);
    expect(reader).toMatchObject({ kind: "hit", value: utf8("loaded") });
    expect(flagsOf(reader)).toMatchObject({
      win: false,
      alreadyWon: false,
      stale: false,
      clientFlags: 1,
    });
  });

  it("a store conditioned on the placeholder's CAS fails once someone else stored", async () => {
    const key = keys.encode("raced");
    const winner = await get(first, key);
    await set(second, key, "other writer");
    expect(
      await set(first, key, "late", { compareCas: flagsOf(winner).cas as bigint }),
    ).toMatchObject({ kind: "exists" });
    expect(await get(second, key, { returnValue: true })).toMatchObject({
      value: utf8("other writer"),
    });
  });

  it("the winner gives the lease back by deleting the placeholder with its CAS: the next reader wins", async () => {
    const key = keys.encode("released");
    const cas = flagsOf(await get(first, key)).cas as bigint;
    const release = { compareCas: cas };
    expect(
      await first.send(encodeMetaDelete(key, release), metaDeleteReplyDecoder(key, release)),
    ).toMatchObject({
      kind: "deleted",
    });
    expect(flagsOf(await get(second, key))).toMatchObject({ win: true });
  });

  it("a release after someone else stored the value deletes nothing", async () => {
    const key = keys.encode("released-late");
    const cas = flagsOf(await get(first, key)).cas as bigint;
    await set(second, key, "real value");
    const release = { compareCas: cas };
    expect(
      await first.send(encodeMetaDelete(key, release), metaDeleteReplyDecoder(key, release)),
    ).toMatchObject({
      kind: "exists",
    });
    expect(await get(second, key, { returnValue: true })).toMatchObject({
      value: utf8("real value"),
    });
  });

  it("a key that exists gives no lease flags, even with N", async () => {
    const key = keys.encode("warm");
    await set(first, key, "v");
    expect(flagsOf(await get(second, key))).toMatchObject({
      win: false,
      alreadyWon: false,
      stale: false,
    });
  });

  it("in a quiet batch, a missing key answers with its placeholder instead of staying silent", async () => {
    const wire = ["batch-a", "batch-b"].map((n) => keys.encode(n));
    await set(first, wire[1] as WireKey, "present");
    const options = { returnValue: true, vivifyOnMissTtl: 30 };
    const replies = await first.send(
      encodeMetaGetBatch(wire, options, 0),
      metaGetBatchDecoder(wire, options, 0),
    );
    expect(replies[0]).toMatchObject({
      kind: "hit",
      value: new Uint8Array(0),
      flags: { win: true },
    });
    expect(replies[1]).toMatchObject({
      kind: "hit",
      value: utf8("present"),
      flags: { win: false },
    });
    const again = await second.send(
      encodeMetaGetBatch(wire, options, 0),
      metaGetBatchDecoder(wire, options, 0),
    );
    expect(again[0]).toMatchObject({ flags: { win: false, alreadyWon: true } });
  });

  it("the placeholder lives for N seconds: if the winner never stores, a reader wins again after it expires", async () => {
    const key = keys.encode("abandoned");
    const options = { ...LEASE, vivifyOnMissTtl: 1 };
    expect(flagsOf(await get(first, key, options)).win).toBe(true);
    // memcached's clock ticks once a second: the placeholder is gone within about 2 s.
    const deadline = Date.now() + 5000;
    let won = false;
    while (!won && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      won = flagsOf(await get(second, key, options)).win;
    }
    expect(won).toBe(true);
  });
});

describe("md with I (invalidate)", () => {
  it("keeps the old value, marked stale: the first reader wins (X W), later readers see X Z", async () => {
    const key = keys.encode("stale");
    await set(first, key, "old", { ttl: 300 });
    const before = flagsOf(await get(second, key, { returnValue: true, returnCas: true }));
    const options = { invalidate: true, ttl: 30 };
    expect(
      await first.send(encodeMetaDelete(key, options), metaDeleteReplyDecoder(key, options)),
    ).toMatchObject({
      kind: "deleted",
    });
    const winner = await get(second, key, { returnValue: true, returnCas: true, returnTtl: true });
    expect(winner).toMatchObject({ kind: "hit", value: utf8("old") });
    expect(flagsOf(winner)).toMatchObject({ stale: true, win: true, alreadyWon: false });
    expect(flagsOf(winner).cas).not.toBe(before.cas);
    expect(flagsOf(winner).ttl).toBeLessThanOrEqual(30);
    for (const on of [first, second]) {
      const loser = await get(on, key, { returnValue: true });
      expect(loser).toMatchObject({ kind: "hit", value: utf8("old") });
      expect(flagsOf(loser)).toMatchObject({ stale: true, win: false, alreadyWon: true });
    }
    await set(second, key, "new");
    expect(flagsOf(await get(first, key, { returnValue: true }))).toMatchObject({
      stale: false,
      win: false,
      alreadyWon: false,
    });
  });

  it("invalidating again hands out a new win", async () => {
    const key = keys.encode("stale-twice");
    await set(first, key, "v");
    const invalidate = () =>
      first.send(
        encodeMetaDelete(key, { invalidate: true }),
        metaDeleteReplyDecoder(key, { invalidate: true }),
      );
    await invalidate();
    expect(flagsOf(await get(second, key, { returnValue: true })).win).toBe(true);
    await invalidate();
    expect(flagsOf(await get(second, key, { returnValue: true })).win).toBe(true);
  });

  it("on a missing key it answers not-found and creates nothing", async () => {
    const key = keys.encode("stale-missing");
    expect(
      await first.send(
        encodeMetaDelete(key, { invalidate: true }),
        metaDeleteReplyDecoder(key, { invalidate: true }),
      ),
    ).toMatchObject({
      kind: "not-found",
    });
    expect(await get(second, key, { returnValue: true })).toMatchObject({ kind: "miss" });
  });
});

describe("ms with I and an older CAS", () => {
  it("stores the value but marks it stale, so the next reader wins a refresh", async () => {
    const key = keys.encode("ms-invalidate");
    const stored = await set(first, key, "v1", { returnCas: true });
    const oldCas = stored.kind === "stored" ? (stored.flags.cas as bigint) : 0n;
    await set(second, key, "v2");
    expect(
      await set(first, key, "v1-late", { compareCas: oldCas, invalidate: true }),
    ).toMatchObject({ kind: "stored" });
    const reader = await get(second, key, { returnValue: true });
    expect(reader).toMatchObject({ kind: "hit", value: utf8("v1-late") });
    expect(flagsOf(reader)).toMatchObject({ stale: true, win: true });
  });
});

describe("R (recache below a TTL)", () => {
  it("the first reader of an item with less TTL left than R wins; later readers see Z", async () => {
    const key = keys.encode("recache");
    await set(first, key, "v", { ttl: 20 });
    expect(flagsOf(await get(first, key, { returnValue: true, recacheBelowTtl: 10 })).win).toBe(
      false,
    );
    const winner = flagsOf(await get(first, key, { returnValue: true, recacheBelowTtl: 60 }));
    expect(winner).toMatchObject({ win: true, alreadyWon: false, stale: false });
    const loser = flagsOf(await get(second, key, { returnValue: true, recacheBelowTtl: 60 }));
    expect(loser).toMatchObject({ win: false, alreadyWon: true });
    // Z is reported to plain readers too, until the item is replaced.
    expect(flagsOf(await get(second, key, { returnValue: true })).alreadyWon).toBe(true);
  });

  it("never fires for an item without expiry", async () => {
    const key = keys.encode("recache-forever");
    await set(first, key, "v", { ttl: 0 });
    expect(flagsOf(await get(first, key, { returnValue: true, recacheBelowTtl: 1000 })).win).toBe(
      false,
    );
  });
});
