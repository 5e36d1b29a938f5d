import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChainEvents } from "../../src/index.js";
import { chainTracker, seed, settleBackfill, twoTierChain } from "../helpers/fixtures.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);

describe("events and stats (rule 19)", () => {
  it("reports hits and misses per tier, and each source load", async () => {
    const { chain, l1, l2 } = track(twoTierChain());
    seed(l1, ["a"]);
    seed(l2, ["b"]);
    const seen: string[] = [];
    chain.on("hit", (e) => seen.push(`hit ${e.tier} ${e.keys.join(",")}`));
    chain.on("miss", (e) => seen.push(`miss ${e.tier} ${e.keys.join(",")}`));
    const loads: ChainEvents["sourceLoad"][] = [];
    chain.on("sourceLoad", (e) => loads.push(e));
    await chain.getMany(["a", "b", "c"]);
    expect(seen).toEqual(["hit l1 a", "miss l1 b,c", "hit l2 b", "miss l2 c"]);
    expect(loads).toHaveLength(1);
    expect(loads[0]).toMatchObject({ source: "counting", keys: ["c"], found: 1 });
    expect(loads[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("counts per tier and for the source, with latency percentiles", async () => {
    const { chain, l1 } = track(twoTierChain());
    seed(l1, ["a", "b"]);
    await chain.getMany(["a", "b", "c", "d"]);
    await settleBackfill();
    await chain.get("c");
    const stats = chain.stats();
    expect(stats).toMatchObject({ keys: 5, sourceLoadsAvoided: 3, coalesced: 0, staleServed: 0 });
    expect(stats.tiers[0]).toMatchObject({
      name: "l1",
      hits: 3,
      misses: 2,
      backfilled: 2,
      breaker: "closed",
    });
    expect(stats.tiers[1]).toMatchObject({ name: "l2", hits: 0, misses: 2, backfilled: 2 });
    expect(stats.source).toMatchObject({ queries: 1, keysRequested: 2, keysFound: 2, failures: 0 });
    expect(stats.tiers[0]!.latency.count).toBe(2);
    expect(stats.tiers[0]!.latency.p99).toBeGreaterThanOrEqual(stats.tiers[0]!.latency.p50);
    chain.resetStats();
    expect(chain.stats().tiers[0]).toMatchObject({ hits: 0, latency: { count: 0 } });
  });

  it("a listener that throws breaks nothing and surfaces as a process warning", async () => {
    const { chain } = track(twoTierChain());
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    const after = vi.fn();
    chain.on("sourceLoad", () => {
      throw new Error("listener bug");
    });
    chain.on("sourceLoad", after);
    expect(await chain.get("k")).toMatchObject({ id: "k" });
    expect(after).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("listener bug"), expect.anything());
    warn.mockRestore();
  });

  it("unsubscribing stops delivery", async () => {
    const { chain } = track(twoTierChain());
    const listener = vi.fn();
    const off = chain.on("sourceLoad", listener);
    await chain.get("a");
    off();
    await chain.get("b");
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
