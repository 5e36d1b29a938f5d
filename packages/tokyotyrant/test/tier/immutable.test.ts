import { describe, expect, it } from "vitest";
import { useTierFixture } from "./fixture.js";
import { bytes, call, entries, keysOf } from "./support.js";

const fixture = useTierFixture("hash", () => ({}));
const open = fixture.open;

describe("immutable data on a hash database", () => {
  it("declares what it is: persistent, no TTL, no expiry by default", () => {
    const tier = open();
    expect(tier.name).toBe("tokyotyrant");
    expect(tier.capabilities).toEqual({
      ttl: false,
      maxValueBytes: 256 * 1024 * 1024,
      defaultTtlSeconds: 0,
      persistent: true,
    });
  });

  it("reads a batch with one mget and nothing else", async () => {
    const tier = open();
    const written = entries("one-mget-", 100, 0);
    await tier.setMany(written, call());
    fixture.server.resetRequestCounts();
    const found = await tier.getMany([...keysOf(written), "one-mget-absent"], call());
    expect(found.size).toBe(100);
    const counts = fixture.server.requestCounts().commands;
    const sent = Object.entries(counts).filter(([, n]) => n > 0);
    expect(sent).toEqual([["mget", 1]]);
  });

  it("reads a batch over two shards with one mget per server", async () => {
    const tier = open({
      servers: [fixture.server.address, fixture.shard.address],
      topology: "shards",
    });
    const written = entries("sharded-", 100, 0);
    await tier.setMany(written, call());
    expect(fixture.server.recordCount).toBeGreaterThan(0);
    expect(fixture.shard.recordCount).toBeGreaterThan(0);
    fixture.server.resetRequestCounts();
    fixture.shard.resetRequestCounts();
    const found = await tier.getMany(keysOf(written), call());
    expect(found.size).toBe(100);
    for (const entry of written) expect(found.get(entry.key)).toEqual(entry.value);
    expect(fixture.server.requestCount("mget")).toBe(1);
    expect(fixture.shard.requestCount("mget")).toBe(1);
  });

  it("stores values raw, byte for byte, as other Tokyo Tyrant clients read them", async () => {
    const tier = open();
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    await tier.setMany(
      [
        { key: "raw-binary", value: every, ttlSeconds: 0 },
        { key: "raw-empty", value: new Uint8Array(0), ttlSeconds: 0 },
      ],
      call(),
    );
    expect(Buffer.compare((await fixture.direct.get("raw-binary"))!, every)).toBe(0);
    expect((await fixture.direct.get("raw-empty"))?.length).toBe(0);
    // And what another client stored, the tier reads as it is.
    await fixture.direct.put("raw-foreign", "written elsewhere");
    const found = await tier.getMany(["raw-foreign"], call());
    expect(found.get("raw-foreign")).toEqual(bytes("written elsewhere"));
  });

  it("writes a batch with one putlist per server, and one entry with one put", async () => {
    const tier = open();
    await tier.setMany(entries("putlist-", 20, 0), call());
    expect(fixture.server.miscCallCount("putlist")).toBe(1);
    expect(fixture.server.requestCount("put")).toBe(0);
    await tier.setMany(entries("single-", 1, 0), call());
    expect(fixture.server.requestCount("put")).toBe(1);
    await tier.deleteMany(keysOf(entries("putlist-", 20, 0)), call());
    expect(fixture.server.miscCallCount("outlist")).toBe(1);
    expect(fixture.server.requestCount("misc")).toBe(2);
  });

  it("writes with putnr when asked to, and the values arrive", async () => {
    const tier = open({ backfillWrites: "putnr", poolSize: 1 });
    const written = entries("putnr-", 10, 0);
    // Resolves once the requests are written: the server may not have read them yet.
    await tier.setMany(written, call());
    // A later request on the same connection is answered after the putnr requests were applied.
    const found = await tier.getMany(keysOf(written), call());
    expect([...found.keys()].sort()).toEqual(keysOf(written).sort());
    expect(fixture.server.requestCount("putnr")).toBe(10);
    expect(fixture.server.requestCount("misc") + fixture.server.requestCount("put")).toBe(0);
  });

  it("puts keyPrefix in front of every key on the server, and only its own keys are visible", async () => {
    const tier = open({ keyPrefix: "app1:" });
    await tier.setMany([{ key: "k", value: bytes("prefixed"), ttlSeconds: 0 }], call());
    expect(await fixture.direct.get("app1:k")).toEqual(bytes("prefixed"));
    await fixture.direct.put("k", "not the tier's");
    expect((await tier.getMany(["k"], call())).get("k")).toEqual(bytes("prefixed"));
    await tier.deleteMany(["k"], call());
    expect(await fixture.direct.get("app1:k")).toBeUndefined();
    expect(await fixture.direct.get("k")).toEqual(bytes("not the tier's"));
  });

  it("refuses an entry with a TTL, writing none of the batch", async () => {
    const tier = open();
    const error = await tier
      .setMany(
        [
          { key: "ttl-refused-ok", value: bytes("x"), ttlSeconds: 0 },
          { key: "ttl-refused", value: bytes("x"), ttlSeconds: 60 },
        ],
        call(),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_TT_INVALID_ARGUMENT" });
    expect(String((error as Error).message)).toMatch(/^\[tier\] \[tokyotyrant\] .*ttl: true/);
    expect(await fixture.direct.get("ttl-refused-ok")).toBeUndefined();
  });

  it("has nothing to collect", async () => {
    const tier = open();
    const report = await tier.gc();
    expect(report).toMatchObject({ removed: 0, scanned: 0, complete: true });
    expect(
      fixture.server.requestCounts().commands.misc + fixture.server.requestCounts().commands.get,
    ).toBe(0);
  });
});
