import { afterEach, describe, expect, it } from "vitest";
import { createChain, type Source } from "../../src/index.js";
import { CountingSource, type Row } from "../helpers/counting-source.js";
import { chainTracker, settleBackfill, twoTierChain } from "../helpers/fixtures.js";
import { ScriptedTier } from "../helpers/scripted-tier.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);

describe("bad arguments fail fast with a clear, typed error", () => {
  const source = new CountingSource();

  it.each([
    ["an unknown option", { source, maxBtch: 5 }, /unknown option "maxBtch"/],
    ["a missing source", {}, /`source` must be a Source/],
    [
      "a negative TTL",
      { source, tiers: [{ tier: new ScriptedTier("t"), ttlSeconds: -1 }] },
      /ttlSeconds/,
    ],
    [
      "a jitter above 1",
      { source, tiers: [{ tier: new ScriptedTier("t"), ttlJitter: 2 }] },
      /ttlJitter/,
    ],
    ["a zero maxBatch", { source, maxBatch: 0 }, /maxBatch/],
    ["a fractional concurrency", { source, admission: { maxConcurrent: 1.5 } }, /maxConcurrent/],
    [
      "an unknown breaker option",
      { source, tiers: [{ tier: new ScriptedTier("t"), breaker: { x: 1 } }] },
      /unknown option "x"/,
    ],
    [
      "something that is not a tier",
      { source, tiers: [{ tier: { name: "fake" } }] },
      /must be a Tier/,
    ],
    [
      "two tiers with one name",
      { source, tiers: [new ScriptedTier("t"), new ScriptedTier("t")] },
      /named "t"/,
    ],
  ])("refuses %s", (_label, options, message) => {
    expect(() => createChain(options as never)).toThrowError(message);
    expect(() => createChain(options as never)).toThrowError(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });

  it.each([
    ["an empty key", ""],
    ["a number", 42],
    ["undefined", undefined],
  ])("get refuses %s with E_INVALID_KEY and asks nobody", async (_label, key) => {
    const { chain, l1, source: counting } = track(twoTierChain());
    await expect(chain.get(key as string)).rejects.toMatchObject({ code: "E_INVALID_KEY" });
    await expect(chain.getMany(["ok", key as string])).rejects.toMatchObject({
      code: "E_INVALID_KEY",
    });
    await expect(chain.set(key as string, { id: "x", name: "y" })).rejects.toMatchObject({
      code: "E_INVALID_KEY",
    });
    expect(l1.calls.length + counting.calls.length).toBe(0);
  });

  it("getMany refuses a non-array", async () => {
    const { chain } = track(twoTierChain());
    await expect(chain.getMany("abc" as unknown as string[])).rejects.toMatchObject({
      code: "E_INVALID_KEY",
    });
  });
});

describe("close", () => {
  it("lets reads under way finish, drains backfill, closes tiers and source, then refuses calls", async () => {
    const l1 = new ScriptedTier("l1");
    l1.writeBehaviour = { delayMs: 20 };
    let sourceClosed = false;
    const counting = new CountingSource();
    const source: Source<Row> = {
      name: "s",
      loadMany: (k, o) => counting.loadMany(k, o),
      close: async () => {
        sourceClosed = true;
      },
    };
    const chain = createChain<Row>({ tiers: [l1], source });
    counting.delayMs = 10;
    const reading = chain.get("k");
    const closing = chain.close();
    expect(await reading).toMatchObject({ id: "k" });
    await closing;
    expect(l1.data.has("k")).toBe(true);
    expect(l1.closed).toBe(true);
    expect(sourceClosed).toBe(true);
    await expect(chain.get("k")).rejects.toMatchObject({ code: "E_CLOSED" });
    await expect(chain.set("k", { id: "k", name: "n" })).rejects.toMatchObject({
      code: "E_CLOSED",
    });
    await chain.close();
  });

  it("with closeTiers: false the tiers stay open for their owner", async () => {
    const l1 = new ScriptedTier("l1");
    const chain = createChain<Row>({
      tiers: [l1],
      source: new CountingSource(),
      closeTiers: false,
    });
    await chain.get("k");
    await settleBackfill();
    await chain.close();
    expect(l1.closed).toBe(false);
  });

  it("supports await using", async () => {
    const l1 = new ScriptedTier("l1");
    {
      await using chain = createChain<Row>({ tiers: [l1], source: new CountingSource() });
      await chain.get("k");
    }
    expect(l1.closed).toBe(true);
  });
});
