import { afterEach, describe, expect, it } from "vitest";
import { createChain } from "../../src/index.js";
import { CountingSource, type Row } from "../helpers/counting-source.js";
import {
  chainTracker,
  keysFrom,
  rowFor,
  seed,
  settleBackfill,
  twoTierChain,
} from "../helpers/fixtures.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);

describe("reads through the tiers (rule 1)", () => {
  it("asks each tier once for what is still missing, then the source in ceil(n/maxBatch) calls", async () => {
    const { chain, l1, l2, source } = track(twoTierChain({ maxBatch: 64 }));
    const keys = keysFrom("k", 1000);
    seed(l1, keys.slice(0, 100));
    seed(l2, keys.slice(100, 600));

    const values = await chain.getMany(keys);

    expect(values).toEqual(keys.map((k) => rowFor(k)));
    expect(l1.getCalls()).toEqual([keys]);
    expect(l2.getCalls()).toEqual([keys.slice(100)]);
    expect(source.calls).toHaveLength(Math.ceil(400 / 64));
    expect(source.calls.flat().sort()).toEqual(keys.slice(600).sort());
    expect(Math.max(...source.calls.map((c) => c.length))).toBeLessThanOrEqual(64);
  });

  it("answers in the caller's order, duplicates included, and loads each key once", async () => {
    const { chain, source } = track(twoTierChain());
    const values = await chain.getMany(["b", "a", "b", "c", "a"]);
    expect(values.map((v) => v?.id)).toEqual(["b", "a", "b", "c", "a"]);
    expect(source.calls).toHaveLength(1);
    expect([...source.calls[0]!].sort()).toEqual(["a", "b", "c"]);
  });

  it("returns undefined for keys the source does not have", async () => {
    const { chain, source } = track(twoTierChain());
    source.missing.add("gone");
    expect(await chain.getMany(["here", "gone"])).toEqual([rowFor("here"), undefined]);
    expect(await chain.get("gone")).toBeUndefined();
  });

  it("serves a second read from the first tier without touching the source", async () => {
    const { chain, l1, source } = track(twoTierChain());
    await chain.get("42");
    await settleBackfill();
    expect(l1.data.has("42")).toBe(true);
    expect(await chain.get("42")).toEqual(rowFor("42"));
    expect(source.calls).toHaveLength(1);
    expect(chain.stats().sourceLoadsAvoided).toBe(1);
  });

  it("works with no tiers at all (every read goes to the source)", async () => {
    const source = new CountingSource();
    const { chain } = track({ chain: createChain<Row>({ source }) });
    expect(await chain.getMany(["1", "2"])).toEqual([rowFor("1"), rowFor("2")]);
    expect(source.calls).toEqual([["1", "2"]]);
  });

  it("an empty getMany asks nobody", async () => {
    const { chain, l1, source } = track(twoTierChain());
    expect(await chain.getMany([])).toEqual([]);
    expect(l1.calls).toHaveLength(0);
    expect(source.calls).toHaveLength(0);
  });
});

describe("coalescing and single-flight (rules 2 and 3)", () => {
  it("100 get() calls in one tick make one getMany per tier and one source call", async () => {
    const { chain, l1, l2, source } = track(twoTierChain());
    const keys = keysFrom("t", 100);
    const values = await Promise.all(keys.map((k) => chain.get(k)));
    expect(values).toEqual(keys.map((k) => rowFor(k)));
    expect(l1.getCalls()).toHaveLength(1);
    expect(l2.getCalls()).toHaveLength(1);
    expect(source.calls).toHaveLength(1);
  });

  it("1,000 concurrent gets of one cold key make exactly one source call", async () => {
    const { chain, source } = track(twoTierChain());
    source.delayMs = 5;
    const pending: Promise<Row | undefined>[] = [];
    for (let i = 0; i < 1000; i++) {
      pending.push(chain.get("cold"));
      if (i % 100 === 0) await Promise.resolve();
    }
    const values = await Promise.all(pending);
    expect(values.every((v) => v?.id === "cold")).toBe(true);
    expect(source.calls).toEqual([["cold"]]);
    expect(chain.stats().coalesced).toBe(999);
  });

  it("get and getMany share one in-flight load, in either order and across ticks", async () => {
    const { chain, source } = track(twoTierChain());
    source.hold();
    const many = chain.getMany(["a", "b"]);
    await new Promise((resolve) => setImmediate(resolve));
    const single = chain.get("a");
    const again = chain.getMany(["b", "c"]);
    await new Promise((resolve) => setImmediate(resolve));
    source.release();
    expect(await many).toEqual([rowFor("a"), rowFor("b")]);
    expect(await single).toEqual(rowFor("a"));
    expect(await again).toEqual([rowFor("b"), rowFor("c")]);
    expect(source.calls.flat().sort()).toEqual(["a", "b", "c"]);
  });

  it("without coalescing, each get makes its own round trip", async () => {
    const { chain, l1 } = track(twoTierChain({ coalesceGets: false }));
    await Promise.all(["x", "y", "z"].map((k) => chain.get(k)));
    expect(l1.getCalls()).toHaveLength(3);
  });

  it("a hit does not wait for other keys of its batch that go to the source", async () => {
    const { chain, l1, source } = track(twoTierChain());
    seed(l1, ["hot"]);
    source.hold();
    const hot = chain.get("hot");
    const cold = chain.get("cold");
    expect(await hot).toEqual(rowFor("hot"));
    source.release();
    expect(await cold).toEqual(rowFor("cold"));
  });
});
