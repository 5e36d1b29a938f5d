import { afterEach, describe, expect, it } from "vitest";
import {
  type Chain,
  type ChainEvents,
  createChain,
  type LeasedRead,
  type LeaseOptions,
} from "../../src/index.js";
import type { Row } from "../helpers/counting-source.js";
import { CountingSource, keysFrom, rowFor, settleBackfill } from "../helpers/fixtures.js";
import { LeaseStore, LeasingTier } from "../helpers/leasing-tier.js";

/**
 * Reads one key at a time, yielding between keys, so two processes reading the same keys at once
 * interleave the way two connections to one memcached do.
 */
class InterleavingTier extends LeasingTier {
  override async getManyLeased(keys: readonly string[]): Promise<LeasedRead> {
    const merged = {
      hits: new Map<string, Uint8Array>(),
      won: new Set<string>(),
      heldElsewhere: new Set<string>(),
    };
    for (const key of keys) {
      const read = await super.getManyLeased([key]);
      for (const [k, v] of read.hits) merged.hits.set(k, v);
      for (const k of read.won) merged.won.add(k);
      for (const k of read.heldElsewhere) merged.heldElsewhere.add(k);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return merged;
  }
}

const open: Chain<Row>[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((chain) => chain.close()));
});

/** One simulated process: its own chain and source connection, sharing `store` with the others. */
function process(store: LeaseStore, leases?: LeaseOptions | false, Tier = LeasingTier) {
  const source = new CountingSource();
  const tier = new Tier("shared", store);
  const chain = createChain<Row>({
    tiers: [{ tier, ttlJitter: 0, ...(leases === undefined ? {} : { leases }) }],
    source,
  });
  open.push(chain);
  return { chain, source };
}

describe("cross-process leases (DESIGN rule 18)", () => {
  it("loads each of 100 cold keys once between two processes reading them at the same time", async () => {
    const store = new LeaseStore();
    const a = process(store);
    const b = process(store);
    a.source.delayMs = 20;
    b.source.delayMs = 20;
    const keys = keysFrom("cold-", 100);
    const [fromA, fromB] = await Promise.all([a.chain.getMany(keys), b.chain.getMany(keys)]);
    expect(fromA).toEqual(keys.map((k) => rowFor(k)));
    expect(fromB).toEqual(keys.map((k) => rowFor(k)));
    expect(a.source.keysLoaded + b.source.keysLoaded).toBe(100);
    const waited =
      a.chain.stats().tiers[0]!.leaseWaitHits + b.chain.stats().tiers[0]!.leaseWaitHits;
    expect(waited).toBe(100);
  });

  it("two processes that each won some of the keys load their own at once instead of waiting for each other", async () => {
    const store = new LeaseStore();
    const a = process(store, { waitMs: 2000, pollMs: 5 }, InterleavingTier);
    const b = process(store, { waitMs: 2000, pollMs: 5 }, InterleavingTier);
    a.source.delayMs = 20;
    b.source.delayMs = 20;
    const keys = keysFrom("split-", 40);
    const started = performance.now();
    // Read in opposite orders, a key at a time: A wins the first half, B the second.
    const [fromA, fromB] = await Promise.all([
      a.chain.getMany(keys),
      b.chain.getMany([...keys].reverse()),
    ]);
    expect(fromA).toEqual(keys.map((k) => rowFor(k)));
    expect(fromB).toEqual([...keys].reverse().map((k) => rowFor(k)));
    expect(a.source.keysLoaded).toBeGreaterThan(0);
    expect(b.source.keysLoaded).toBeGreaterThan(0);
    expect(a.source.keysLoaded + b.source.keysLoaded).toBe(40);
    // Neither waited out its 2 s for the other.
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("releases a lease it won when the key does not exist, so nobody waits for it", async () => {
    const store = new LeaseStore();
    const a = process(store);
    a.source.missing.add("ghost");
    expect(await a.chain.get("ghost")).toBeUndefined();
    await settleBackfill();
    expect(store.releases).toEqual(["ghost"]);
    expect(store.isLeased("ghost")).toBe(false);
  });

  it("releases a lease it won when the load fails, and another process then loads the key", async () => {
    const store = new LeaseStore();
    const a = process(store);
    const b = process(store, { waitMs: 1000, pollMs: 5 });
    a.source.failWith = new Error("db down for A");
    a.source.delayMs = 30;
    const first = a.chain.get("k").catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    const second = b.chain.get("k");
    expect(await first).toMatchObject({ code: "E_SOURCE_FAILED" });
    expect(await second).toEqual(rowFor("k"));
    // B took the lease over when A released it, long before its 1 s wait would have run out.
    expect(performance.now() - started).toBeLessThan(600);
    expect(b.source.keysLoaded).toBe(1);
  });

  it("does not release a lease whose value it wrote", async () => {
    const store = new LeaseStore();
    const a = process(store);
    await a.chain.get("k");
    await settleBackfill();
    expect(store.releases).toEqual([]);
    expect(store.slots.get("k")?.value).toBeDefined();
  });

  it("waits at most waitMs for a lease holder that never delivers, then loads the key itself", async () => {
    const store = new LeaseStore(60_000);
    await new LeasingTier("dead process", store).getManyLeased(["orphan"]);
    const b = process(store, { waitMs: 80, pollMs: 10 });
    const waits: ChainEvents["leaseWait"][] = [];
    b.chain.on("leaseWait", (event) => waits.push(event));
    const started = performance.now();
    expect(await b.chain.get("orphan")).toEqual(rowFor("orphan"));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(75);
    expect(elapsed).toBeLessThan(1000);
    expect(b.source.keysLoaded).toBe(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toMatchObject({ tier: "shared", found: [], loading: ["orphan"] });
  });

  it("reads without leases when they are turned off", async () => {
    const store = new LeaseStore();
    const a = process(store, false);
    await a.chain.getMany(["x", "y"]);
    expect(store.leaseReads).toBe(0);
    expect(a.source.keysLoaded).toBe(2);
  });

  it("refuses invalid lease options", () => {
    const tier = new LeasingTier("shared", new LeaseStore());
    const source = new CountingSource();
    expect(() => createChain({ tiers: [{ tier, leases: { waitMs: -1 } }], source })).toThrow(
      /leases\.waitMs/,
    );
    expect(() =>
      createChain({ tiers: [{ tier, leases: { every: 1 } as LeaseOptions }], source }),
    ).toThrow(/unknown option "every"/);
  });
});
