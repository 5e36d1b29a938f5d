import { afterEach, describe, expect, it } from "vitest";
import { type ChainEvents, SourceError } from "../../src/index.js";
import {
  chainTracker,
  keysFrom,
  rowFor,
  settleBackfill,
  twoTierChain,
} from "../helpers/fixtures.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);

describe("only the source can fail a call (rule 6)", () => {
  it("a source failure is a SourceError naming the keys, with the cause", async () => {
    const { chain, source } = track(twoTierChain());
    const cause = new Error("Too many connections");
    source.failWith = cause;
    const error = await chain.get("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({
      code: "E_SOURCE_FAILED",
      keys: ["k"],
      source: "counting",
      cause,
    });
    expect((error as Error).message).toMatch(/^\[tier\] source "counting" failed for key "k"/);
  });

  it("getMany names only the caller's keys that failed, not the ones served by a tier", async () => {
    const { chain, source } = track(twoTierChain());
    await chain.get("cached");
    await settleBackfill();
    source.failWith = new Error("down");
    await expect(chain.getMany(["cached", "a", "b"])).rejects.toMatchObject({
      code: "E_SOURCE_FAILED",
      keys: ["a", "b"],
    });
  });

  it("a caller sharing a failed load hears only of its own key", async () => {
    const { chain, source } = track(twoTierChain());
    source.failWith = new Error("down");
    const [a, b] = await Promise.allSettled([chain.get("a"), chain.get("b")]);
    expect(a).toMatchObject({ status: "rejected", reason: { keys: ["a"] } });
    expect(b).toMatchObject({ status: "rejected", reason: { keys: ["b"] } });
  });

  it("a source that never answers fails with E_SOURCE_TIMEOUT at its deadline", async () => {
    const { chain, source } = track(twoTierChain({ sourceTimeoutMs: 30 }));
    source.hang = true;
    await expect(chain.get("k")).rejects.toMatchObject({ code: "E_SOURCE_TIMEOUT", keys: ["k"] });
    expect(chain.stats().source).toMatchObject({ timeouts: 1, failures: 0, inFlight: 0 });
  });

  it("a source that returns something other than a Map is a failure", async () => {
    const { chain, source } = track(twoTierChain());
    source.loadMany = async () => [["k", rowFor("k")]] as unknown as Map<string, never>;
    await expect(chain.get("k")).rejects.toMatchObject({ code: "E_SOURCE_FAILED" });
  });

  it("after the source recovers, reads succeed again", async () => {
    const { chain, source } = track(twoTierChain());
    source.failWith = new Error("down");
    await expect(chain.get("k")).rejects.toBeInstanceOf(SourceError);
    source.failWith = undefined;
    expect(await chain.get("k")).toEqual(rowFor("k"));
  });
});

describe("admission control in front of the source (rule 20)", () => {
  it("10,000 concurrent gets of distinct cold keys with K = 4: never more than 4 loads at once", async () => {
    const { chain, source } = track(
      twoTierChain({
        maxBatch: 10,
        admission: { maxConcurrent: 4, maxQueued: 10_000, maxWaitMs: 30_000 },
      }),
    );
    source.delayMs = 1;
    const keys = keysFrom("cold", 10_000);
    const values = await Promise.all(keys.map((k) => chain.get(k)));
    expect(values.every((v, i) => v?.id === keys[i])).toBe(true);
    expect(source.maxRunning).toBe(4);
    expect(source.calls).toHaveLength(1_000);
  });

  it("refuses at once when the queue is full: E_SOURCE_OVERLOADED, and an event", async () => {
    const { chain, source } = track(
      twoTierChain({ admission: { maxConcurrent: 1, maxQueued: 1, maxWaitMs: 10_000 } }),
    );
    source.hold();
    const overloads: ChainEvents["sourceOverload"][] = [];
    chain.on("sourceOverload", (e) => overloads.push(e));
    const first = chain.get("a");
    await new Promise((resolve) => setImmediate(resolve));
    const second = chain.get("b");
    await new Promise((resolve) => setImmediate(resolve));
    await expect(chain.get("c")).rejects.toMatchObject({
      code: "E_SOURCE_OVERLOADED",
      keys: ["c"],
    });
    expect(overloads).toEqual([{ source: "counting", keys: ["c"], reason: "queue-full" }]);
    source.release();
    expect(await first).toEqual(rowFor("a"));
    expect(await second).toEqual(rowFor("b"));
    expect(chain.stats().source.overloaded).toBe(1);
  });

  it("a load that waits longer than maxWaitMs is refused", async () => {
    const { chain, source } = track(
      twoTierChain({ admission: { maxConcurrent: 1, maxQueued: 10, maxWaitMs: 20 } }),
    );
    source.hold();
    const first = chain.get("a");
    await new Promise((resolve) => setImmediate(resolve));
    await expect(chain.get("b")).rejects.toMatchObject({ code: "E_SOURCE_OVERLOADED" });
    source.release();
    await first;
    expect(chain.stats().source).toMatchObject({ queued: 0, inFlight: 0 });
  });

  it("overload serves a stale value when fail-safe allows it", async () => {
    let now = 1_000_000;
    const { chain, source } = track(
      twoTierChain({
        softTtlSeconds: 1,
        staleIfErrorSeconds: 60,
        now: () => now,
        admission: { maxConcurrent: 1, maxQueued: 0, maxWaitMs: 10 },
      }),
    );
    await chain.get("k");
    await settleBackfill();
    now += 2_000;
    source.hold();
    const blocker = chain.get("other");
    await new Promise((resolve) => setImmediate(resolve));
    expect(await chain.get("k")).toEqual(rowFor("k"));
    source.release();
    await blocker;
    expect(chain.stats().staleServed).toBe(1);
  });
});
