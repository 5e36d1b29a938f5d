import { describe, expect, it } from "vitest";
import { isItemOf, payloadOf } from "../src/item.js";
import { rankToIdMapper, ZipfSampler } from "../src/load/zipf.js";
import { summarizeLatency } from "../src/metrics/percentiles.js";

/** mulberry32: the same draws on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("the read load's building blocks", () => {
  it("draws Zipf ranks: rank 1 about twice as often as rank 2 with exponent 1, all within 1..n", () => {
    const sampler = new ZipfSampler(1_000, 1, seeded(7));
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      const rank = sampler.next();
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    expect(Math.min(...counts.keys())).toBe(1);
    expect(Math.max(...counts.keys())).toBeLessThanOrEqual(1_000);
    expect([...counts.keys()].every(Number.isInteger)).toBe(true);
    const ratio = (counts.get(1) ?? 0) / (counts.get(2) ?? 1);
    expect(ratio).toBeGreaterThan(1.8);
    expect(ratio).toBeLessThan(2.2);
    // The hottest 10% of items take most reads: the shape the caches are for.
    let top = 0;
    for (let rank = 1; rank <= 100; rank++) top += counts.get(rank) ?? 0;
    expect(top / 100_000).toBeGreaterThan(0.6);
  });

  it("spreads ranks over every id exactly once", () => {
    for (const n of [100, 2_000, 100_000]) {
      const toId = rankToIdMapper(n);
      const seen = new Set<number>();
      for (let rank = 1; rank <= n; rank++) seen.add(toId(rank));
      expect(seen.size).toBe(n);
      expect(Math.min(...seen)).toBe(1);
      expect(Math.max(...seen)).toBe(n);
    }
  });

  it("checks a value against its id: another item's row or a missing one is wrong", () => {
    expect(isItemOf("42", { id: "42", payload: payloadOf(42) })).toBe(true);
    expect(isItemOf("42", { id: "43", payload: payloadOf(43) })).toBe(false);
    expect(isItemOf("42", { id: "42", payload: payloadOf(43) })).toBe(false);
    expect(isItemOf("42", undefined)).toBe(false);
  });

  it("gives nearest-rank percentiles", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(summarizeLatency(samples)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summarizeLatency([])).toEqual({ p50: 0, p95: 0, p99: 0, max: 0 });
  });
});
