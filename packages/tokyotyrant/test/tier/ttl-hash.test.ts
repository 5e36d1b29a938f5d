import { describe, expect, it } from "vitest";
import { createTokyoTyrantClient, type TokyoTyrantClient } from "../../src/client.js";
import { BUCKET_MS } from "../../src/tier/expiry-index.js";
import type { TokyoTyrantGcReport } from "../../src/tier.js";
import { useTierFixture } from "./fixture.js";
import {
  bytes,
  call,
  collectAfterRewrites,
  entries,
  eventually,
  expectComplete,
  keysOf,
  TestClock,
} from "./support.js";

/** Past the 60-second grace and the bucket width: what a 1-second entry needs to be collected. */
const COLLECTABLE_MS = 61_000 + 2 * BUCKET_MS;
const INDEX_PREFIX = Buffer.from("\xfftier-ttl\xff", "latin1");

const fixture = useTierFixture("hash", (f) => ({
  ttl: true,
  now: f.clock.now,
  keyPrefix: f.prefix,
}));
const open = fixture.open;

/** Index records of this test's prefix on `on`: the cursor and the bucket records. */
async function indexRecords(on: TokyoTyrantClient = fixture.direct): Promise<string[]> {
  const { prefix } = fixture;
  const keys = await on.fwmKeys(Buffer.concat([INDEX_PREFIX, Buffer.from(prefix)]));
  return keys.map((key) => key.subarray(INDEX_PREFIX.length + prefix.length + 1).toString());
}

describe("TTL on a hash database: reads", () => {
  it("stores each entry behind a header with its expiry", async () => {
    const tier = open();
    await tier.setMany(
      [
        { key: "a", value: bytes("expiring"), ttlSeconds: 30 },
        { key: "b", value: bytes("forever"), ttlSeconds: 0 },
      ],
      call(),
    );
    const a = (await fixture.direct.get(`${fixture.prefix}a`))!;
    expect(a.subarray(0, 2).toString("hex")).toBe("f701");
    expect(a.readDoubleBE(2)).toBe(fixture.clock.ms + 30_000);
    expect(a.subarray(10).toString()).toBe("expiring");
    const b = (await fixture.direct.get(`${fixture.prefix}b`))!;
    expect(b.readDoubleBE(2)).toBe(0);
  });

  it("never serves an expired entry, collected or not, and serves it until then", async () => {
    const tier = open();
    await tier.setMany([{ key: "k", value: bytes("v"), ttlSeconds: 2 }], call());
    fixture.clock.advance(1_999);
    expect((await tier.getMany(["k"], call())).get("k")).toEqual(bytes("v"));
    fixture.clock.advance(1);
    expect((await tier.getMany(["k"], call())).size).toBe(0);
    // Still on the server: only the header kept it from being served.
    expect(await fixture.direct.get(`${fixture.prefix}k`)).toBeDefined();
  });

  it("treats a value without the header (another client's, or the tier's without ttl) as a miss", async () => {
    const tier = open();
    const raw = open({ ttl: false });
    await raw.setMany([{ key: "raw", value: bytes("no header"), ttlSeconds: 0 }], call());
    await fixture.direct.put(`${fixture.prefix}text`, "plain text");
    expect((await tier.getMany(["raw", "text"], call())).size).toBe(0);
  });

  it("reads a batch with one mget, whatever the TTLs", async () => {
    const tier = open();
    await tier.setMany([...entries("x", 30, 5), ...entries("y", 30, 0)], call());
    fixture.server.resetRequestCounts();
    const found = await tier.getMany(
      [...keysOf(entries("x", 30, 5)), ...keysOf(entries("y", 30, 0))],
      call(),
    );
    expect(found.size).toBe(60);
    expect(fixture.server.requestCounts().commands).toMatchObject({ mget: 1, get: 0, misc: 0 });
  });
});

describe("TTL on a hash database: the garbage collector", () => {
  it("removes exactly the expired entries, and their index buckets", async () => {
    const tier = open();
    const short = entries("short-", 40, 1);
    const long = entries("long-", 40, 3600);
    const forever = entries("forever-", 40, 0);
    await tier.setMany([...short, ...long, ...forever], call());
    expect(await indexRecords()).toHaveLength(3); // cursor, and the buckets of 1 s and of 3600 s
    fixture.clock.advance(COLLECTABLE_MS);
    const report = await tier.gc();
    expectComplete(report);
    expect(report).toMatchObject({ removed: 40, scanned: 40, buckets: 1, now: fixture.clock.ms });
    for (const entry of short)
      expect(await fixture.direct.get(fixture.prefix + entry.key)).toBeUndefined();
    const kept = await tier.getMany([...keysOf(long), ...keysOf(forever)], call());
    expect(kept.size).toBe(80);
    expect((await indexRecords()).sort()).toEqual([`b${bucketOf(long)}`, "cursor"].sort());
    // Nothing is left to do: a second run reads nothing and removes nothing.
    const again = await tier.gc();
    expect(again).toMatchObject({ removed: 0, scanned: 0, buckets: 0 });
  });

  it("keeps an entry written again with a later TTL, and one written again without TTL", async () => {
    const report = await collectAfterRewrites(open(), () => fixture.clock.advance(COLLECTABLE_MS));
    expect(report).toMatchObject({ removed: 1, scanned: 3 });
  });

  it("leaves a bucket alone during the grace period after its end", async () => {
    const tier = open({ gc: { graceSeconds: 60 } });
    await tier.setMany(entries("g", 5, 1), call());
    fixture.clock.advance(30_000);
    expect(await tier.gc()).toMatchObject({ removed: 0, buckets: 0 });
    expect(await fixture.direct.get(`${fixture.prefix}g0`)).toBeDefined();
    fixture.clock.advance(COLLECTABLE_MS);
    expect(await tier.gc()).toMatchObject({ removed: 5, buckets: 1 });
  });

  it("costs what expired, not the size of the database: no scan, requests per bucket", async () => {
    const tier = open();
    // Many entries that never expire, and a few that do.
    await tier.setMany(entries("big-", 2_000, 0), call());
    await tier.setMany(entries("due-", 10, 1), call());
    fixture.clock.advance(COLLECTABLE_MS);
    fixture.server.resetRequestCounts();
    const report = await tier.gc();
    expect(report).toMatchObject({ removed: 10, scanned: 10 });
    const counts = fixture.server.requestCounts().commands;
    expect(counts.iterinit + counts.iternext + counts.fwmkeys).toBe(0);
    // The cursor, then one get per bucket that ended since the cursor was set (time, not data);
    // one mget; outlist of the entries and of the bucket; the cursor moved.
    const bucketsSinceCursor = Math.ceil(COLLECTABLE_MS / BUCKET_MS) + 1;
    expect(counts.get).toBeLessThanOrEqual(1 + bucketsSinceCursor);
    expect(counts.mget).toBe(1);
    expect(fixture.server.miscCallCount("outlist")).toBe(2);
    expect(counts.put).toBe(1);
  });

  it("stops at gc.maxBuckets and goes on from there in the next run", async () => {
    const tier = open({ gc: { maxBuckets: 2 } });
    for (let i = 0; i < 5; i++) {
      await tier.setMany(entries(`step${i}-`, 3, 1), call());
      fixture.clock.advance(BUCKET_MS);
    }
    fixture.clock.advance(COLLECTABLE_MS);
    const reports: TokyoTyrantGcReport[] = [];
    for (let i = 0; i < 10; i++) {
      const report = await tier.gc();
      reports.push(report);
      if (report.complete) break;
    }
    expect(reports[0]).toMatchObject({ complete: false });
    expect(reports.reduce((sum, r) => sum + r.removed, 0)).toBe(15);
    expect(reports.at(-1)?.complete).toBe(true);
    expect(await indexRecords()).toEqual(["cursor"]);
  });

  it("collects what every process wrote, through the index they share", async () => {
    const writerA = open();
    const writerB = open();
    await writerA.setMany(entries("a-", 5, 1), call());
    await writerB.setMany(entries("b-", 5, 2), call());
    fixture.clock.advance(COLLECTABLE_MS);
    const collector = open();
    expect(await collector.gc()).toMatchObject({ removed: 10 });
  });

  it("skips keys deleted since they were indexed", async () => {
    const tier = open();
    await tier.setMany(entries("d-", 4, 1), call());
    await tier.deleteMany(["d-0", "d-1"], call());
    fixture.clock.advance(COLLECTABLE_MS);
    expect(await tier.gc()).toMatchObject({ removed: 2, scanned: 4 });
  });

  it("works across shards: index records and entries may live on different servers", async () => {
    const servers = [fixture.server.address, fixture.shard.address];
    const tier = open({ servers, topology: "shards" });
    const expiring = entries("s-", 60, 1);
    await tier.setMany([...expiring, ...entries("keep-", 60, 0)], call());
    fixture.clock.advance(COLLECTABLE_MS);
    const report = await tier.gc();
    expectComplete(report);
    expect(report.removed).toBe(60);
    expect((await tier.getMany(keysOf(entries("keep-", 60, 0)), call())).size).toBe(60);
    const both = createTokyoTyrantClient({ servers, topology: "shards" });
    try {
      for (const entry of expiring)
        expect(await both.get(fixture.prefix + entry.key)).toBeUndefined();
    } finally {
      await both.close();
    }
  });

  it("reports a server that fails as an incomplete run, and resolves", async () => {
    const tier = open({ timeoutMs: 200 });
    await tier.setMany(entries("f-", 3, 1), call());
    fixture.clock.advance(COLLECTABLE_MS);
    fixture.server.stall();
    try {
      const report = await tier.gc();
      expect(report.complete).toBe(false);
      expect(report.perServer[0]?.error).toMatchObject({ code: expect.stringMatching(/^E_NET_/) });
    } finally {
      fixture.server.resume();
    }
    expect(await tier.gc()).toMatchObject({ removed: 3, complete: true });
  });

  it("shares one run between concurrent gc() calls, and tells onGc about every run", async () => {
    const heard: TokyoTyrantGcReport[] = [];
    const tier = open({ gc: { onGc: (report) => heard.push(report) } });
    await tier.setMany(entries("c-", 3, 1), call());
    fixture.clock.advance(COLLECTABLE_MS);
    const [one, two] = [tier.gc(), tier.gc()];
    expect(one).toBe(two);
    expect((await one).removed).toBe(3);
    expect(heard).toEqual([await one]);
  });

  it("runs on its interval, and stops when the tier closes", async () => {
    const heard: TokyoTyrantGcReport[] = [];
    const tier = open({ gc: { intervalMs: 10, onGc: (report) => heard.push(report) } });
    await tier.setMany(entries("i-", 3, 1), call());
    fixture.clock.advance(COLLECTABLE_MS);
    await eventually(() => heard.some((report) => report.removed === 3));
    await tier.close();
    const count = heard.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard.length).toBe(count);
    await expect(tier.gc()).rejects.toMatchObject({ code: "E_CLOSED" });
  });
});

function bucketOf(list: readonly { ttlSeconds: number }[]): number {
  const expiresAt = new TestClock().ms + list[0]!.ttlSeconds * 1000;
  return Math.ceil(expiresAt / BUCKET_MS) * BUCKET_MS;
}
