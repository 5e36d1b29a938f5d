import { beforeEach, describe, expect, it } from "vitest";
import { useTierFixture } from "./fixture.js";
import { bytes, call, collectAfterRewrites, entries, expectComplete, keysOf } from "./support.js";

const fixture = useTierFixture("table", (f) => ({
  ttl: true,
  now: f.clock.now,
  keyPrefix: f.prefix,
}));
const open = fixture.open;
let run = 0;

function columnsOf(record: Map<string, Buffer> | undefined): Record<string, string> | undefined {
  if (record === undefined) return undefined;
  return Object.fromEntries([...record].map(([name, value]) => [name, value.toString()]));
}

beforeEach(() => {
  run += 1;
  // The collector removes every expired record of the table, whoever wrote it: each test's fixture.clock
  // starts a day before the previous test's, so earlier tests' records are never due in a later one.
  fixture.clock.advance(-run * 86_400_000);
});

describe("TTL on a table database", () => {
  it("stores the value in column v and the expiry in column x, which other clients read", async () => {
    const tier = open();
    await tier.setMany(
      [
        { key: "a", value: bytes("expiring"), ttlSeconds: 30 },
        { key: "b", value: bytes("forever"), ttlSeconds: 0 },
        { key: "c", value: new Uint8Array(0), ttlSeconds: 30 },
      ],
      call(),
    );
    expect(columnsOf(await fixture.direct.table.get(`${fixture.prefix}a`))).toEqual({
      x: String(fixture.clock.ms + 30_000),
      v: "expiring",
    });
    expect(columnsOf(await fixture.direct.table.get(`${fixture.prefix}b`))).toEqual({
      v: "forever",
    });
    expect(columnsOf(await fixture.direct.table.get(`${fixture.prefix}c`))).toEqual({
      x: String(fixture.clock.ms + 30_000),
      v: "",
    });
  });

  it("indexes the expiry column once, before the first write with a TTL", async () => {
    const tier = open();
    await tier.setMany(entries("n", 5, 0), call());
    expect(fixture.server.miscCallCount("setindex")).toBe(0);
    await tier.setMany(entries("e", 5, 30), call());
    await tier.setMany(entries("f", 5, 30), call());
    expect(fixture.server.miscCallCount("setindex")).toBe(1);
    // Another process finds the index there (KEEP fails) and goes on.
    const other = open();
    await other.ensureSchema();
    await other.setMany(entries("g", 5, 30), call());
    expect(fixture.server.miscCallCount("setindex")).toBe(2);
    expect((await other.getMany(keysOf(entries("g", 5, 30)), call())).size).toBe(5);
  });

  it("never serves an expired record, collected or not", async () => {
    const tier = open();
    await tier.setMany([{ key: "k", value: bytes("v"), ttlSeconds: 2 }], call());
    fixture.clock.advance(1_999);
    expect((await tier.getMany(["k"], call())).get("k")).toEqual(bytes("v"));
    fixture.clock.advance(1);
    expect((await tier.getMany(["k"], call())).size).toBe(0);
    expect(await fixture.direct.table.get(`${fixture.prefix}k`)).toBeDefined();
  });

  it("collects with one search per server that removes every expired record, plus a count", async () => {
    const tier = open();
    const short = entries("short-", 50, 1);
    const long = entries("long-", 50, 3600);
    const forever = entries("forever-", 50, 0);
    await tier.setMany([...short, ...long, ...forever], call());
    fixture.clock.advance(2_000);
    fixture.server.resetRequestCounts();
    const report = await tier.gc();
    expectComplete(report);
    expect(report).toMatchObject({ removed: 50, scanned: 50, buckets: 0, now: fixture.clock.ms });
    expect(report.perServer).toEqual([
      { server: fixture.server.address, removed: 50, scanned: 50 },
    ]);
    // One `search ... count`, one `search ... out`: nothing per record.
    expect(fixture.server.requestCounts().commands).toMatchObject({ misc: 2, mget: 0, get: 0 });
    expect(fixture.server.miscCallCount("search")).toBe(2);
    for (const entry of short)
      expect(await fixture.direct.table.get(fixture.prefix + entry.key)).toBeUndefined();
    expect((await tier.getMany([...keysOf(long), ...keysOf(forever)], call())).size).toBe(100);
  });

  it("keeps a record written again with a later TTL or without one", async () => {
    const report = await collectAfterRewrites(open(), () => fixture.clock.advance(2_000));
    expect(report).toMatchObject({ removed: 1, scanned: 1 });
  });

  it("collects on every shard, one search-out each", async () => {
    const tier = open({
      servers: [fixture.server.address, fixture.shard.address],
      topology: "shards",
    });
    await tier.setMany([...entries("s-", 60, 1), ...entries("k-", 60, 0)], call());
    fixture.clock.advance(2_000);
    fixture.server.resetRequestCounts();
    fixture.shard.resetRequestCounts();
    const report = await tier.gc();
    expectComplete(report);
    expect(report.removed).toBe(60);
    expect(report.perServer.map((part) => part.server)).toEqual([
      fixture.server.address,
      fixture.shard.address,
    ]);
    expect(report.perServer.every((part) => part.removed > 0)).toBe(true);
    expect(fixture.server.miscCallCount("search")).toBe(2);
    expect(fixture.shard.miscCallCount("search")).toBe(2);
    expect((await tier.getMany(keysOf(entries("k-", 60, 0)), call())).size).toBe(60);
  });

  it("reports a shard that fails and still collects the others", async () => {
    const tier = open({
      servers: [fixture.server.address, fixture.shard.address],
      topology: "shards",
      timeoutMs: 200,
    });
    await tier.setMany(entries("f-", 40, 1), call());
    fixture.clock.advance(2_000);
    fixture.shard.stall();
    try {
      const report = await tier.gc();
      expect(report.complete).toBe(false);
      const [ok, failed] = report.perServer;
      expect(ok).toMatchObject({ server: fixture.server.address });
      expect(ok?.error).toBeUndefined();
      expect(failed?.error).toMatchObject({ code: expect.stringMatching(/^E_NET_/) });
      expect(report.removed).toBe(ok?.removed);
    } finally {
      fixture.shard.resume();
    }
    expect(await tier.gc()).toMatchObject({ complete: true });
  });

  it("without ttl: refuses TTLs, writes no expiry column and collects nothing", async () => {
    const tier = open({ ttl: false });
    await tier.setMany([{ key: "i", value: bytes("immutable"), ttlSeconds: 0 }], call());
    expect(columnsOf(await fixture.direct.table.get(`${fixture.prefix}i`))).toEqual({
      v: "immutable",
    });
    await expect(
      tier.setMany([{ key: "j", value: bytes("x"), ttlSeconds: 5 }], call()),
    ).rejects.toMatchObject({ code: "E_TT_INVALID_ARGUMENT" });
    expect(await tier.gc()).toMatchObject({ removed: 0, complete: true });
    expect(fixture.server.miscCallCount("setindex") + fixture.server.miscCallCount("search")).toBe(
      0,
    );
  });

  it("keeps the data across a server restart, and collects after it", async () => {
    const tier = open();
    await tier.setMany([...entries("p-", 5, 1), ...entries("q-", 5, 0)], call());
    await fixture.server.restart();
    fixture.clock.advance(2_000);
    // The first request may still go out on a pooled connection the restart closed.
    const found = await tier
      .getMany(keysOf(entries("q-", 5, 0)), call())
      .catch(() => tier.getMany(keysOf(entries("q-", 5, 0)), call()));
    expect(found.size).toBe(5);
    expect(await tier.gc()).toMatchObject({ removed: 5, complete: true });
  });
});
