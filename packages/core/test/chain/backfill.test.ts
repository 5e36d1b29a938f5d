import { afterEach, describe, expect, it } from "vitest";
import { decodeEnvelope } from "../../src/codec/envelope.js";
import { type ChainEvents, jsonCodec } from "../../src/index.js";
import type { Row } from "../helpers/counting-source.js";
import {
  chainTracker,
  keysFrom,
  rowFor,
  seed,
  settleBackfill,
  storedRow,
  twoTierChain,
} from "../helpers/fixtures.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);

describe("backfill (rule 7)", () => {
  it("a hit at tier 1 is written to tier 0 only; a source load to every tier", async () => {
    const { chain, l1, l2 } = track(twoTierChain());
    seed(l2, ["in-l2"]);
    await chain.getMany(["in-l2", "in-source"]);
    await settleBackfill();
    // Tier hits go up first, source loads when the source has answered: two writes to l1.
    expect(l1.calls.filter((c) => c.op === "set").map((c) => c.keys)).toEqual([
      ["in-l2"],
      ["in-source"],
    ]);
    expect(l2.calls.filter((c) => c.op === "set").map((c) => c.keys)).toEqual([["in-source"]]);
    expect(l1.data.get("in-l2")).toEqual(storedRow("in-l2"));
    expect(decodeEnvelope("in-source", jsonCodec<Row>(), l2.data.get("in-source")!)).toMatchObject({
      absent: false,
      value: rowFor("in-source"),
    });
  });

  it("never delays the reply: a tier whose writes hang does not hold up the reader", async () => {
    const { chain, l1 } = track(twoTierChain({}, { l1: { timeoutMs: 60_000 } }));
    l1.writeBehaviour = "hang";
    const started = performance.now();
    for (let i = 0; i < 5; i++) expect(await chain.get(`w${i}`)).toEqual(rowFor(`w${i}`));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(chain.stats().backfill.active).toBeGreaterThan(0);
  });

  it("runs at most `concurrency` writes at once and drops (and counts) what overflows the queue", async () => {
    const { chain, l1 } = track(
      twoTierChain(
        { backfill: { concurrency: 1, maxQueued: 2, drainTimeoutMs: 0 } },
        { l1: { timeoutMs: 60_000 }, l2: false },
      ),
    );
    l1.writeBehaviour = "hang";
    const drops: ChainEvents["backfillDrop"][] = [];
    chain.on("backfillDrop", (e) => drops.push(e));
    for (let i = 0; i < 6; i++) await chain.get(`d${i}`);
    await settleBackfill();
    const stats = chain.stats();
    expect(stats.backfill).toEqual({ active: 1, queued: 2 });
    expect(stats.tiers[0]!.backfillDropped).toBe(3);
    expect(drops.map((d) => d.keys)).toEqual([["d3"], ["d4"], ["d5"]]);
  });

  it("does not backfill a tier whose breaker is open", async () => {
    const { chain, l1 } = track(
      twoTierChain({}, { l1: { breaker: { consecutiveFailures: 1, cooldownMs: 60_000 } } }),
    );
    l1.behaviour = "throw";
    await chain.get("x");
    await settleBackfill();
    expect(l1.calls.filter((c) => c.op === "set")).toHaveLength(0);
  });

  it("skips a tier for an entry larger than its maxValueBytes, and still writes the others", async () => {
    const { chain, l1, l2 } = track(twoTierChain({}, { l1Capabilities: { maxValueBytes: 60 } }));
    await chain.getMany(["s", "a-much-longer-key-whose-row-will-not-fit-in-sixty-bytes"]);
    await settleBackfill();
    expect([...l1.data.keys()]).toEqual(["s"]);
    expect(l2.data.size).toBe(2);
    expect(chain.stats().tiers[0]!.oversized).toBe(1);
  });
});

describe("TTL per tier with jitter (rule 8)", () => {
  it("writes each tier's own TTL; 0 means no expiry", async () => {
    const { chain, l1, l2 } = track(
      twoTierChain({}, { l1: { ttlSeconds: 60 }, l2: { ttlSeconds: 0 } }),
    );
    await chain.get("t");
    await settleBackfill();
    expect(l1.ttls.get("t")).toBe(60);
    expect(l2.ttls.get("t")).toBe(0);
  });

  it("takes a tier's default TTL from its capabilities, else 300 s", async () => {
    const { chain, l1, l2 } = track(twoTierChain({}, { l2Capabilities: { defaultTtlSeconds: 0 } }));
    await chain.get("d");
    await settleBackfill();
    expect(l1.ttls.get("d")).toBe(300);
    expect(l2.ttls.get("d")).toBe(0);
  });

  it("spreads TTLs over [ttl * (1 - jitter), ttl] so a mass load does not expire at one instant", async () => {
    const { chain, l1 } = track(
      twoTierChain({}, { l1: { ttlSeconds: 1000, ttlJitter: 0.2 }, l2: false }),
    );
    await chain.getMany(keysFrom("j", 500));
    await settleBackfill();
    const ttls = [...l1.ttls.values()];
    expect(ttls).toHaveLength(500);
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(800);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(1000);
    expect(new Set(ttls).size).toBeGreaterThan(50);
  });
});

describe("negative caching (rule 9)", () => {
  it("off by default: a missing key goes to the source every time", async () => {
    const { chain, source } = track(twoTierChain());
    source.missing.add("none");
    await chain.get("none");
    await settleBackfill();
    await chain.get("none");
    expect(source.calls).toEqual([["none"], ["none"]]);
  });

  it("caches absence for negativeTtlSeconds in every tier that honours TTLs", async () => {
    const { chain, l1, l2, source } = track(
      twoTierChain({ negativeTtlSeconds: 5 }, { l1: { ttlSeconds: 600 } }),
    );
    source.missing.add("none");
    expect(await chain.get("none")).toBeUndefined();
    await settleBackfill();
    expect(await chain.get("none")).toBeUndefined();
    expect(source.calls).toEqual([["none"]]);
    expect(l1.ttls.get("none")).toBe(5);
    expect(l2.ttls.get("none")).toBe(5);
  });

  it("never writes an absence marker into a tier that cannot expire entries", async () => {
    const { chain, l1, l2, source } = track(
      twoTierChain({ negativeTtlSeconds: 5 }, { l2Capabilities: { ttl: false } }),
    );
    source.missing.add("none");
    await chain.get("none");
    await settleBackfill();
    expect(l1.data.has("none")).toBe(true);
    expect(l2.data.has("none")).toBe(false);
  });
});

describe("backfill timing", () => {
  it("a tier hit is written up before the source has answered the rest of its batch", async () => {
    const { chain, l1, l2, source } = track(twoTierChain());
    seed(l2, ["warm"]);
    source.hold();
    const pending = chain.getMany(["warm", "cold"]);
    await settleBackfill();
    expect(l1.data.get("warm")).toEqual(storedRow("warm"));
    source.release();
    await pending;
  });
});
