import { afterEach, describe, expect, it } from "vitest";
import type { ChainEvents } from "../../src/index.js";
import { chainTracker, rowFor, seed, settleBackfill, twoTierChain } from "../helpers/fixtures.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);

describe("a failing tier is a miss (rule 4)", () => {
  it("a tier that throws: the read falls through, the caller sees no error, an event reports it", async () => {
    const { chain, l1, l2, source } = track(twoTierChain());
    seed(l2, ["a"]);
    l1.behaviour = "throw";
    const errors: ChainEvents["tierError"][] = [];
    chain.on("tierError", (e) => errors.push(e));
    expect(await chain.getMany(["a", "b"])).toEqual([rowFor("a"), rowFor("b")]);
    expect(source.calls).toEqual([["b"]]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ tier: "l1", operation: "get", keys: ["a", "b"] });
    expect(chain.stats().tiers[0]).toMatchObject({ errors: 1, timeouts: 0 });
  });

  it("a tier that never answers is abandoned at its deadline", async () => {
    const { chain, l1 } = track(twoTierChain({}, { l1: { timeoutMs: 30 }, l2: false }));
    l1.behaviour = "hang";
    const timeouts: ChainEvents["timeout"][] = [];
    chain.on("timeout", (e) => timeouts.push(e));
    const started = performance.now();
    expect(await chain.get("x")).toEqual(rowFor("x"));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(timeouts).toEqual([{ tier: "l1", operation: "get", keys: ["x"], timeoutMs: 30 }]);
    expect(chain.stats().tiers[0]).toMatchObject({ errors: 1, timeouts: 1 });
  });

  it("an answer after the deadline is dropped, even if it holds the key", async () => {
    const { chain, l1, source } = track(twoTierChain({}, { l1: { timeoutMs: 20 }, l2: false }));
    seed(l1, ["late"]);
    l1.behaviour = { delayMs: 80 };
    // The source's value differs from the tier's, so we can tell which one answered.
    source.version = 2;
    expect(await chain.get("late")).toEqual(rowFor("late", 2));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(chain.stats().tiers[0]!.hits).toBe(0);
  });

  it("a tier that returns garbage instead of a Map is a failure, not a crash", async () => {
    const { chain, l1 } = track(twoTierChain({}, { l2: false }));
    l1.getMany = async () => "nonsense" as unknown as Map<string, Uint8Array>;
    expect(await chain.get("g")).toEqual(rowFor("g"));
    expect(chain.stats().tiers[0]!.errors).toBe(1);
  });
});

describe("circuit breaker (rule 5)", () => {
  it("opens after consecutive failures: the tier is then neither read nor backfilled", async () => {
    let now = 1_000_000;
    const { chain, l1 } = track(
      twoTierChain(
        { now: () => now },
        { l1: { breaker: { consecutiveFailures: 3, cooldownMs: 1_000 } } },
      ),
    );
    const transitions: string[] = [];
    chain.on("breaker", (e) => transitions.push(`${e.from}->${e.to}`));
    l1.behaviour = "throw";
    for (let i = 0; i < 3; i++) await chain.get(`f${i}`);
    expect(transitions).toEqual(["closed->open"]);
    await settleBackfill();
    const callsWhenOpened = l1.calls.length;

    await chain.get("while-open");
    await settleBackfill();
    expect(l1.calls.length).toBe(callsWhenOpened);
    expect(chain.stats().tiers[0]).toMatchObject({ breaker: "open", skipped: 1 });

    // After the cool-down one probe goes through; its success closes the breaker.
    l1.behaviour = "ok";
    now += 1_001;
    await Promise.all([chain.get("probe"), chain.get("probe-2")]);
    expect(l1.getCalls().at(-1)).toEqual(["probe", "probe-2"]);
    expect(transitions).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
    await settleBackfill();
    expect(l1.data.has("probe")).toBe(true);
  });

  it("a failed probe re-opens the breaker for another cool-down", async () => {
    let now = 0;
    const { chain, l1 } = track(
      twoTierChain(
        { now: () => now },
        { l1: { breaker: { consecutiveFailures: 1, cooldownMs: 500 } }, l2: false },
      ),
    );
    l1.behaviour = "throw";
    await chain.get("a");
    now += 600;
    await chain.get("b");
    expect(chain.stats().tiers[0]!.breaker).toBe("open");
    const calls = l1.calls.length;
    now += 100;
    await chain.get("c");
    expect(l1.calls.length).toBe(calls);
  });

  it("opens on a failure rate even without a run of consecutive failures", async () => {
    const { chain, l1 } = track(
      twoTierChain(
        {},
        {
          l1: { breaker: { consecutiveFailures: 100, failureRate: 0.5, minimumCalls: 10 } },
          l2: false,
        },
      ),
    );
    for (let i = 0; i < 10; i++) {
      l1.behaviour = i % 2 === 1 ? "throw" : "ok";
      await chain.get(`r${i}`);
    }
    expect(chain.stats().tiers[0]!.breaker).toBe("open");
  });

  it("with `breaker: false` a failing tier is asked every time", async () => {
    const { chain, l1 } = track(twoTierChain({}, { l1: { breaker: false }, l2: false }));
    l1.behaviour = "throw";
    for (let i = 0; i < 20; i++) await chain.get(`n${i}`);
    expect(l1.getCalls()).toHaveLength(20);
  });
});

describe("the operator's switch", () => {
  it("a switched-off tier is neither read nor written until switched on again", async () => {
    const { chain, l1, l2 } = track(twoTierChain());
    seed(l1, ["a"]);
    chain.disableTier("l1");
    expect(await chain.get("a")).toEqual(rowFor("a"));
    await settleBackfill();
    expect(l1.calls).toHaveLength(0);
    expect(l2.data.has("a")).toBe(true);
    expect(chain.stats().tiers[0]).toMatchObject({ enabled: false, skipped: 1 });

    chain.enableTier("l1");
    await chain.get("a");
    expect(l1.getCalls()).toEqual([["a"]]);
  });

  it("a tier can start switched off", async () => {
    const { chain, l1 } = track(twoTierChain({}, { l1: { enabled: false } }));
    await chain.get("a");
    expect(l1.calls).toHaveLength(0);
  });

  it("naming an unknown tier is a typed error", () => {
    const { chain } = track(twoTierChain());
    expect(() => chain.disableTier("nope")).toThrowError(
      expect.objectContaining({ code: "E_UNKNOWN_TIER" }),
    );
  });
});
