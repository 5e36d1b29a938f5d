import { describe, expect, it } from "vitest";
import {
  InvalidKeyError,
  InvalidOptionError,
  TierError,
  ValueTooLargeError,
} from "../src/errors.js";
import {
  MEMORY_TIER_ENTRY_OVERHEAD_BYTES,
  type MemoryTierOptions,
  memoryTier,
} from "../src/tiers/memory-tier.js";

const call = { signal: new AbortController().signal };

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

function entry(key: string, value: Uint8Array, ttlSeconds = 0) {
  return { key, value, ttlSeconds };
}

async function keysPresent(
  tier: ReturnType<typeof memoryTier>,
  keys: readonly string[],
): Promise<string[]> {
  return [...(await tier.getMany(keys, call)).keys()].sort();
}

function fakeClock(start = 1_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe("memoryTier", () => {
  it("has the documented name and capabilities by default", () => {
    const tier = memoryTier();
    expect(tier.name).toBe("memory");
    expect(tier.capabilities).toEqual({
      ttl: true,
      persistent: false,
      maxValueBytes: 64 * 1024 * 1024,
      defaultTtlSeconds: 0,
    });
  });

  it("takes name, maxBytes and defaultTtlSeconds into its capabilities", () => {
    const tier = memoryTier({ name: "l1", maxBytes: 4096, defaultTtlSeconds: 30 });
    expect(tier.name).toBe("l1");
    expect(tier.capabilities.maxValueBytes).toBe(4096);
    expect(tier.capabilities.defaultTtlSeconds).toBe(30);
  });

  it("returns hits only, by reference, and counts size and bytes", async () => {
    const tier = memoryTier();
    const value = bytes(1, 2, 3);
    await tier.setMany([entry("a", value), entry("b", bytes())], call);
    const found = await tier.getMany(["a", "missing", "b"], call);
    expect([...found.keys()]).toEqual(["a", "b"]);
    expect(found.get("a")).toBe(value);
    expect(found.get("b")).toEqual(bytes());
    expect(tier.size).toBe(2);
    expect(tier.bytes).toBe(3 + 2 + 0 + 2 + 2 * MEMORY_TIER_ENTRY_OVERHEAD_BYTES);
  });

  it("copies a value that is a view into a larger buffer, so it does not pin the buffer", async () => {
    const tier = memoryTier();
    const big = new Uint8Array(1024).fill(7);
    const view = big.subarray(10, 14);
    await tier.setMany([entry("k", view)], call);
    const got = (await tier.getMany(["k"], call)).get("k");
    expect(got).toEqual(bytes(7, 7, 7, 7));
    expect(got?.buffer.byteLength).toBe(4);
  });

  it("overwrites, keeping the byte count exact", async () => {
    const tier = memoryTier();
    await tier.setMany([entry("k", new Uint8Array(100))], call);
    await tier.setMany([entry("k", bytes(9))], call);
    expect((await tier.getMany(["k"], call)).get("k")).toEqual(bytes(9));
    expect(tier.size).toBe(1);
    expect(tier.bytes).toBe(1 + 2 + MEMORY_TIER_ENTRY_OVERHEAD_BYTES);
  });

  it("deletes present and absent keys and gives the bytes back", async () => {
    const tier = memoryTier();
    await tier.setMany([entry("a", bytes(1)), entry("b", bytes(2)), entry("c", bytes(3))], call);
    await tier.deleteMany(["a", "nope", "c"], call);
    expect(await keysPresent(tier, ["a", "b", "c"])).toEqual(["b"]);
    expect(tier.size).toBe(1);
    expect(tier.bytes).toBe(1 + 2 + MEMORY_TIER_ENTRY_OVERHEAD_BYTES);
  });

  describe("eviction", () => {
    it("evicts the least recently written entries past maxEntries", async () => {
      const tier = memoryTier({ maxEntries: 3 });
      for (const key of ["a", "b", "c", "d", "e"]) {
        await tier.setMany([entry(key, bytes(1))], call);
      }
      expect(tier.size).toBe(3);
      expect(await keysPresent(tier, ["a", "b", "c", "d", "e"])).toEqual(["c", "d", "e"]);
    });

    it("evicts within one setMany batch too", async () => {
      const tier = memoryTier({ maxEntries: 2 });
      await tier.setMany([entry("a", bytes(1)), entry("b", bytes(2)), entry("c", bytes(3))], call);
      expect(await keysPresent(tier, ["a", "b", "c"])).toEqual(["b", "c"]);
    });

    it("evicts past maxBytes, counting value, key and overhead", async () => {
      const perEntry = 100 + 2 + MEMORY_TIER_ENTRY_OVERHEAD_BYTES;
      const tier = memoryTier({ maxBytes: perEntry * 3 });
      await tier.setMany(
        ["a", "b", "c"].map((k) => entry(k, new Uint8Array(100))),
        call,
      );
      expect(tier.size).toBe(3);
      expect(tier.bytes).toBe(perEntry * 3);
      // A fourth entry of the same size: exactly the oldest one has to go.
      await tier.setMany([entry("d", new Uint8Array(100))], call);
      expect(await keysPresent(tier, ["a", "b", "c", "d"])).toEqual(["b", "c", "d"]);
      expect(tier.bytes).toBe(perEntry * 3);
      // A big value pushes out as many entries as it needs.
      await tier.setMany([entry("e", new Uint8Array(250))], call);
      expect(await keysPresent(tier, ["a", "b", "c", "d", "e"])).toEqual(["d", "e"]);
      expect(tier.bytes).toBeLessThanOrEqual(perEntry * 3);
    });

    it("counts a key's length against maxBytes", async () => {
      const tier = memoryTier({ maxBytes: 2 * (MEMORY_TIER_ENTRY_OVERHEAD_BYTES + 100) });
      await tier.setMany([entry("x".repeat(50), bytes(1)), entry("y".repeat(50), bytes(1))], call);
      expect(tier.size).toBe(1);
      expect(await keysPresent(tier, ["x".repeat(50), "y".repeat(50)])).toEqual(["y".repeat(50)]);
    });

    it("a get protects an entry from eviction", async () => {
      const tier = memoryTier({ maxEntries: 3 });
      await tier.setMany([entry("a", bytes(1)), entry("b", bytes(2)), entry("c", bytes(3))], call);
      await tier.getMany(["a"], call);
      await tier.setMany([entry("d", bytes(4))], call);
      expect(await keysPresent(tier, ["a", "b", "c", "d"])).toEqual(["a", "c", "d"]);
    });

    it("an overwrite counts as a use", async () => {
      const tier = memoryTier({ maxEntries: 2 });
      await tier.setMany([entry("a", bytes(1)), entry("b", bytes(2))], call);
      await tier.setMany([entry("a", bytes(3))], call);
      await tier.setMany([entry("c", bytes(4))], call);
      expect(await keysPresent(tier, ["a", "b", "c"])).toEqual(["a", "c"]);
    });

    it("a miss does not change the order", async () => {
      const tier = memoryTier({ maxEntries: 2 });
      await tier.setMany([entry("a", bytes(1)), entry("b", bytes(2))], call);
      await tier.getMany(["zzz"], call);
      await tier.setMany([entry("c", bytes(3))], call);
      expect(await keysPresent(tier, ["a", "b", "c"])).toEqual(["b", "c"]);
    });

    it("matches a reference LRU over a long random mix of sets, gets, deletes and clears", async () => {
      const maxEntries = 8;
      const tier = memoryTier({ maxEntries });
      // The reference: an array ordered from least to most recently used.
      let model: string[] = [];
      let seed = 12345;
      const random = (n: number) => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed % n;
      };
      for (let step = 0; step < 5_000; step++) {
        const key = `k${random(20)}`;
        const op = random(100);
        if (op < 50) {
          await tier.setMany([entry(key, bytes(step & 0xff))], call);
          model = [...model.filter((k) => k !== key), key];
          if (model.length > maxEntries) model = model.slice(model.length - maxEntries);
        } else if (op < 85) {
          const hit = (await tier.getMany([key], call)).has(key);
          expect(hit, `step ${step}: get ${key}`).toBe(model.includes(key));
          if (hit) model = [...model.filter((k) => k !== key), key];
        } else if (op < 99) {
          await tier.deleteMany([key], call);
          model = model.filter((k) => k !== key);
        } else {
          tier.clear();
          model = [];
        }
        expect(tier.size, `step ${step}: size`).toBe(model.length);
      }
      const all = Array.from({ length: 20 }, (_, i) => `k${i}`);
      expect(await keysPresent(tier, all)).toEqual([...model].sort());
    });

    it("keeps a value of exactly maxBytes, alone", async () => {
      const tier = memoryTier({ maxBytes: 1000 });
      await tier.setMany([entry("a", bytes(1))], call);
      await tier.setMany([entry("big", new Uint8Array(1000))], call);
      expect(await keysPresent(tier, ["a", "big"])).toEqual(["big"]);
      expect(tier.size).toBe(1);
    });
  });

  describe("oversized values", () => {
    it("refuses a value larger than maxBytes with ValueTooLargeError", async () => {
      const tier = memoryTier({ name: "l1", maxBytes: 1000 });
      const error = await tier
        .setMany([entry("huge", new Uint8Array(1001))], call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValueTooLargeError);
      expect(error).toMatchObject({
        code: "E_VALUE_TOO_LARGE",
        key: "huge",
        size: 1001,
        limit: 1000,
      });
      expect((error as Error).message).toContain('tier "l1"');
    });

    it("leaves the existing entries intact and the tier usable", async () => {
      const tier = memoryTier({ maxBytes: 1000 });
      await tier.setMany([entry("a", bytes(1)), entry("b", bytes(2))], call);
      const bytesBefore = tier.bytes;
      await expect(
        tier.setMany([entry("c", bytes(3)), entry("huge", new Uint8Array(5000))], call),
      ).rejects.toBeInstanceOf(ValueTooLargeError);
      // The batch was refused as a whole: "c" was not written, nothing was evicted.
      expect(tier.size).toBe(2);
      expect(tier.bytes).toBe(bytesBefore);
      const found = await tier.getMany(["a", "b", "c", "huge"], call);
      expect([...found]).toEqual([
        ["a", bytes(1)],
        ["b", bytes(2)],
      ]);
      await tier.setMany([entry("c", bytes(3))], call);
      expect(await keysPresent(tier, ["a", "b", "c"])).toEqual(["a", "b", "c"]);
    });
  });

  describe("TTL", () => {
    it("never returns an expired entry and removes it on access", async () => {
      const clock = fakeClock();
      const tier = memoryTier({ now: clock.now });
      await tier.setMany([entry("short", bytes(1), 1), entry("forever", bytes(2), 0)], call);
      clock.advance(999);
      expect(await keysPresent(tier, ["short", "forever"])).toEqual(["forever", "short"]);
      clock.advance(1);
      expect(await keysPresent(tier, ["short", "forever"])).toEqual(["forever"]);
      expect(tier.size).toBe(1);
      expect(tier.bytes).toBe(1 + 14 + MEMORY_TIER_ENTRY_OVERHEAD_BYTES);
    });

    it("ttl 0 never expires", async () => {
      const clock = fakeClock();
      const tier = memoryTier({ now: clock.now });
      await tier.setMany([entry("k", bytes(1), 0)], call);
      clock.advance(365 * 24 * 3600 * 1000);
      expect(await keysPresent(tier, ["k"])).toEqual(["k"]);
    });

    it("supports fractional seconds", async () => {
      const clock = fakeClock();
      const tier = memoryTier({ now: clock.now });
      await tier.setMany([entry("k", bytes(1), 0.25)], call);
      clock.advance(249);
      expect(await keysPresent(tier, ["k"])).toEqual(["k"]);
      clock.advance(1);
      expect(await keysPresent(tier, ["k"])).toEqual([]);
    });

    it("an overwrite replaces the expiry", async () => {
      const clock = fakeClock();
      const tier = memoryTier({ now: clock.now });
      await tier.setMany([entry("a", bytes(1), 1), entry("b", bytes(1), 0)], call);
      await tier.setMany([entry("a", bytes(2), 0), entry("b", bytes(2), 1)], call);
      clock.advance(5_000);
      expect(await keysPresent(tier, ["a", "b"])).toEqual(["a"]);
    });

    it("a get does not extend the TTL", async () => {
      const clock = fakeClock();
      const tier = memoryTier({ now: clock.now });
      await tier.setMany([entry("k", bytes(1), 2)], call);
      clock.advance(1_500);
      expect(await keysPresent(tier, ["k"])).toEqual(["k"]);
      clock.advance(500);
      expect(await keysPresent(tier, ["k"])).toEqual([]);
    });

    it("expired entries are reclaimed by eviction even if nobody reads them", async () => {
      const clock = fakeClock();
      const tier = memoryTier({ maxEntries: 2, now: clock.now });
      await tier.setMany([entry("old", bytes(1), 1), entry("live", bytes(2), 0)], call);
      clock.advance(2_000);
      expect(tier.size).toBe(2);
      await tier.setMany([entry("new", bytes(3), 0)], call);
      expect(tier.size).toBe(2);
      expect(await keysPresent(tier, ["old", "live", "new"])).toEqual(["live", "new"]);
    });

    it("rejects a negative or non-finite ttlSeconds without writing the batch", async () => {
      const tier = memoryTier();
      for (const ttlSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
        await expect(
          tier.setMany([entry("ok", bytes(1)), entry("bad", bytes(1), ttlSeconds)], call),
        ).rejects.toBeInstanceOf(InvalidKeyError);
      }
      expect(tier.size).toBe(0);
    });
  });

  describe("options", () => {
    const invalid: [string, unknown, RegExp][] = [
      ["unknown key", { maxEntrys: 10 }, /memory tier: unknown option "maxEntrys"/],
      [
        "negative maxEntries",
        { maxEntries: -1 },
        /memory tier: maxEntries must be a positive integer/,
      ],
      ["zero maxEntries", { maxEntries: 0 }, /memory tier: maxEntries must be a positive integer/],
      ["fractional maxEntries", { maxEntries: 1.5 }, /memory tier: maxEntries/],
      ["infinite maxBytes", { maxBytes: Number.POSITIVE_INFINITY }, /memory tier: maxBytes/],
      [
        "negative maxBytes",
        { maxBytes: -1024 },
        /memory tier: maxBytes must be a positive integer/,
      ],
      ["string maxBytes", { maxBytes: "64MB" }, /memory tier: maxBytes/],
      ["empty name", { name: "" }, /memory tier: name must be a non-empty string/],
      ["non-function now", { now: 5 }, /memory tier: now must be a function/],
      ["negative defaultTtlSeconds", { defaultTtlSeconds: -1 }, /memory tier: defaultTtlSeconds/],
      [
        "NaN defaultTtlSeconds",
        { defaultTtlSeconds: Number.NaN },
        /memory tier: defaultTtlSeconds/,
      ],
      ["non-object options", 42, /memory tier: options must be an object/],
    ];
    for (const [label, options, message] of invalid) {
      it(`rejects ${label}`, () => {
        const create = () => memoryTier(options as MemoryTierOptions);
        expect(create).toThrow(InvalidOptionError);
        expect(create).toThrow(message);
      });
    }

    it("accepts explicit undefined as the default", () => {
      const options: Record<string, undefined> = { maxEntries: undefined, maxBytes: undefined };
      expect(memoryTier(options as MemoryTierOptions).capabilities.maxValueBytes).toBe(
        64 * 1024 * 1024,
      );
    });
  });

  describe("close", () => {
    it("clears, then rejects every call with E_CLOSED; a second close resolves", async () => {
      const tier = memoryTier();
      await tier.setMany([entry("a", bytes(1))], call);
      await tier.close();
      expect(tier.size).toBe(0);
      expect(tier.bytes).toBe(0);
      await expect(tier.close()).resolves.toBeUndefined();
      for (const attempt of [
        () => tier.getMany(["a"], call),
        () => tier.setMany([entry("a", bytes(1))], call),
        () => tier.deleteMany(["a"], call),
      ]) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(TierError);
        expect(error).toMatchObject({ code: "E_CLOSED" });
        expect((error as Error).message).toContain("memory tier is closed");
      }
    });

    it("closes on Symbol.asyncDispose", async () => {
      const tier = memoryTier();
      await tier.setMany([entry("a", bytes(1))], call);
      {
        await using disposable = tier;
        expect(disposable.size).toBe(1);
      }
      await expect(tier.getMany(["a"], call)).rejects.toMatchObject({ code: "E_CLOSED" });
    });

    it("clear() empties the tier but keeps it open", async () => {
      const tier = memoryTier();
      await tier.setMany([entry("a", bytes(1))], call);
      tier.clear();
      expect(tier.size).toBe(0);
      expect(tier.bytes).toBe(0);
      expect(await keysPresent(tier, ["a"])).toEqual([]);
      await tier.setMany([entry("a", bytes(1))], call);
      expect(await keysPresent(tier, ["a"])).toEqual(["a"]);
    });
  });
});
