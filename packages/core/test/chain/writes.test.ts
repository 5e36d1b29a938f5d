import { afterEach, describe, expect, it } from "vitest";
import { decodeEnvelope } from "../../src/codec/envelope.js";
import { type ChainEvents, jsonCodec, TierWriteError, versionedKeys } from "../../src/index.js";
import type { Row } from "../helpers/counting-source.js";
import { chainTracker, rowFor, seed, settleBackfill, twoTierChain } from "../helpers/fixtures.js";
import type { ScriptedTier } from "../helpers/scripted-tier.js";

const { track, closeAll } = chainTracker();
afterEach(closeAll);
const codec = jsonCodec<Row>();

function valueIn(tier: ScriptedTier, key: string): Row | undefined {
  const bytes = tier.data.get(key);
  if (bytes === undefined) return undefined;
  const entry = decodeEnvelope(key, codec, bytes);
  return entry.absent ? undefined : entry.value;
}

const edited: Row = { id: "k", name: "edited" };

describe("set and delete through every tier (rule 10)", () => {
  it("set writes the tier nearest the source first, then upward", async () => {
    const { chain, l1, l2, journal } = track(twoTierChain());
    await chain.set("k", edited);
    expect(journal).toEqual(["l2:set", "l1:set"]);
    expect(valueIn(l1, "k")).toEqual(edited);
    expect(valueIn(l2, "k")).toEqual(edited);
  });

  it("delete removes from the tier nearest the source first, then upward", async () => {
    const { chain, l1, l2, journal } = track(twoTierChain());
    seed(l1, ["k"]);
    seed(l2, ["k"]);
    await chain.delete("k");
    expect(journal).toEqual(["l2:delete", "l1:delete"]);
    expect(l1.data.has("k") || l2.data.has("k")).toBe(false);
  });

  it("a load that started before a delete does not write its older value back", async () => {
    const { chain, l1, l2, source } = track(twoTierChain());
    source.hold();
    const reading = chain.get("k");
    await new Promise((resolve) => setImmediate(resolve));
    await chain.delete("k");
    source.release();
    expect(await reading).toEqual(rowFor("k"));
    await settleBackfill();
    expect(l1.data.has("k")).toBe(false);
    expect(l2.data.has("k")).toBe(false);
  });

  it("a load that read the old value from a lower tier during a set does not copy it up", async () => {
    const { chain, l1, l2 } = track(twoTierChain());
    seed(l2, ["k"]);
    l2.behaviour = { delayMs: 30 };
    const reading = chain.get("k");
    await new Promise((resolve) => setImmediate(resolve));
    const writing = chain.set("k", edited);
    expect(await reading).toEqual(rowFor("k"));
    await writing;
    await settleBackfill();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(valueIn(l1, "k")).toEqual(edited);
    expect(valueIn(l2, "k")).toEqual(edited);
  });

  it("a set waits for a running backfill of the key, so the older value cannot land last", async () => {
    const { chain, l1 } = track(twoTierChain({}, { l2: false }));
    l1.writeBehaviour = { delayMs: 40 };
    await chain.get("k");
    await new Promise((resolve) => setImmediate(resolve));
    expect(chain.stats().backfill.active).toBe(1);
    await chain.set("k", edited);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(valueIn(l1, "k")).toEqual(edited);
  });

  it("a set withdraws the key from backfills still queued", async () => {
    const { chain, l1 } = track(twoTierChain({ backfill: { concurrency: 1 } }, { l2: false }));
    l1.writeBehaviour = { delayMs: 30 };
    await chain.get("first");
    await chain.get("k");
    await new Promise((resolve) => setImmediate(resolve));
    expect(chain.stats().backfill.queued).toBe(1);
    await chain.set("k", edited);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(valueIn(l1, "k")).toEqual(edited);
    expect(l1.calls.filter((c) => c.op === "set").map((c) => c.keys)).toEqual([["first"], ["k"]]);
  });

  it("readers after a write do not join a load that began before it", async () => {
    const { chain, source } = track(twoTierChain());
    source.hold();
    const before = chain.get("k");
    await new Promise((resolve) => setImmediate(resolve));
    await chain.delete("k");
    source.version = 2;
    const after = chain.get("k");
    await new Promise((resolve) => setImmediate(resolve));
    source.release();
    expect(await before).toEqual(rowFor("k"));
    expect(await after).toEqual(rowFor("k", 2));
    expect(source.calls).toHaveLength(2);
  });

  it("writes of one key are serialised: the last set wins in every tier", async () => {
    const { chain, l1, l2 } = track(twoTierChain());
    l2.writeBehaviour = { delayMs: 10 };
    const writes = [1, 2, 3, 4, 5].map((n) => chain.set("k", { id: "k", name: `v${n}` }));
    await Promise.all(writes);
    expect(valueIn(l1, "k")).toEqual({ id: "k", name: "v5" });
    expect(valueIn(l2, "k")).toEqual({ id: "k", name: "v5" });
  });

  it("a tier that fails a write is named in a TierWriteError; the others are still written", async () => {
    const { chain, l1, l2 } = track(twoTierChain());
    l1.writeBehaviour = "throw";
    const failure = await chain.set("k", edited).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TierWriteError);
    expect(failure).toMatchObject({
      code: "E_TIER_WRITE_FAILED",
      key: "k",
      failures: [{ tier: "l1" }],
    });
    expect(valueIn(l2, "k")).toEqual(edited);
  });

  it("a value the codec refuses is the caller's error and changes nothing", async () => {
    const { chain, l1, l2 } = track(twoTierChain());
    const circular: Record<string, unknown> = { id: "k" };
    circular.self = circular;
    await expect(chain.set("k", circular as unknown as Row)).rejects.toMatchObject({
      code: "E_ENCODE_FAILED",
    });
    expect(l1.calls.length + l2.calls.length).toBe(0);
  });
});

describe("versioned keys (rule 11)", () => {
  it("builds and parses namespace:id@version keys", () => {
    const articles = versionedKeys("article");
    const key = articles.key(42, 7);
    expect(key).toBe("article:42@7");
    expect(articles.parse(key)).toEqual({ id: "42", version: "7" });
    expect(articles.parse(articles.key("a@b", 1))).toEqual({ id: "a@b", version: "1" });
    expect(articles.owns(key)).toBe(true);
    expect(articles.owns("user:42@7")).toBe(false);
  });

  it("refuses what it cannot make unambiguous", () => {
    const articles = versionedKeys("article");
    expect(() => articles.parse("article:42")).toThrowError(
      expect.objectContaining({ code: "E_INVALID_KEY" }),
    );
    expect(() => articles.key("", 1)).toThrowError(
      expect.objectContaining({ code: "E_INVALID_KEY" }),
    );
    expect(() => articles.key(1, "a@b")).toThrowError(
      expect.objectContaining({ code: "E_INVALID_KEY" }),
    );
    expect(() => versionedKeys("bad space")).toThrowError(
      expect.objectContaining({ code: "E_INVALID_KEY" }),
    );
  });

  it("an updated row under a new version is read fresh while the old version stays cached", async () => {
    const { chain, source } = track(twoTierChain());
    const articles = versionedKeys("article");
    await chain.get(articles.key(1, 1));
    await settleBackfill();
    await chain.get(articles.key(1, 2));
    await chain.get(articles.key(1, 1));
    expect(source.calls).toEqual([["article:1@1"], ["article:1@2"]]);
  });
});

describe("fail-safe: soft expiry and stale-if-error (rule 12)", () => {
  function failSafeChain(now: () => number) {
    return track(twoTierChain({ softTtlSeconds: 10, staleIfErrorSeconds: 60, now }));
  }

  it("past its soft expiry an entry is refreshed from below and written back", async () => {
    let now = 1_000_000;
    const { chain, l1, source } = failSafeChain(() => now);
    await chain.get("k");
    await settleBackfill();
    now += 11_000;
    source.version = 2;
    expect(await chain.get("k")).toEqual(rowFor("k", 2));
    await settleBackfill();
    expect(valueIn(l1, "k")).toEqual(rowFor("k", 2));
  });

  it("when the refresh fails, the stale value is served within the grace period", async () => {
    let now = 1_000_000;
    const { chain, source } = failSafeChain(() => now);
    await chain.get("k");
    await settleBackfill();
    now += 11_000;
    source.failWith = new Error("mysql is down");
    const stale: ChainEvents["stale"][] = [];
    chain.on("stale", (e) => stale.push(e));
    expect(await chain.get("k")).toEqual(rowFor("k"));
    expect(stale.map((e) => e.keys)).toEqual([["k"]]);
    expect(chain.stats().staleServed).toBe(1);
  });

  it("past the grace period the caller gets the source's error", async () => {
    let now = 1_000_000;
    const { chain, source } = failSafeChain(() => now);
    await chain.get("k");
    await settleBackfill();
    now += 10_000 + 60_000 + 1;
    source.failWith = new Error("mysql is down");
    await expect(chain.get("k")).rejects.toMatchObject({ code: "E_SOURCE_FAILED", keys: ["k"] });
  });

  it("without staleIfErrorSeconds, a failed refresh is an error", async () => {
    let now = 1_000_000;
    const { chain, source } = track(twoTierChain({ softTtlSeconds: 10, now: () => now }));
    await chain.get("k");
    await settleBackfill();
    now += 11_000;
    source.failWith = new Error("down");
    await expect(chain.get("k")).rejects.toMatchObject({ code: "E_SOURCE_FAILED" });
  });
});
