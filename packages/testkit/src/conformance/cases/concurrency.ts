import type { Tier } from "@tier/core";
import { expect, it } from "vitest";
import { bytesDifference, type SuiteContext, valueFor } from "../context.js";

/**
 * Many calls in flight at once. A tier that pipelines requests over shared connections is where
 * answers get matched to the wrong request; every value encodes its key, so a mix-up shows.
 */
export function concurrencyCases(context: SuiteContext): void {
  const n = context.options.concurrency;
  const timeout = 10 * context.options.callTimeoutMs;

  it(
    `${n} concurrent single-key sets, then ${n} concurrent gets: every value matches its key`,
    async () => {
      const tier = await context.open();
      const expected = distinctEntries(context, "conc", n);
      await Promise.all(
        [...expected].map(([key, value]) =>
          tier.setMany([{ key, value, ttlSeconds: 0 }], context.call()),
        ),
      );
      const answers = await Promise.all(
        [...expected.keys()].map(
          async (key) => [key, await tier.getMany([key], context.call())] as const,
        ),
      );
      for (const [key, found] of answers) {
        expect([...found.keys()], `getMany([${JSON.stringify(key)}]) keys`).toEqual([key]);
        expect(bytesDifference(found.get(key), expected.get(key)!), key).toBeUndefined();
      }
    },
    timeout,
  );

  it(
    `${n} keys read back by one getMany and by concurrent overlapping getMany batches`,
    async () => {
      const tier = await context.open();
      const expected = distinctEntries(context, "batch", n);
      await Promise.all(
        [...expected].map(([key, value]) =>
          tier.setMany([{ key, value, ttlSeconds: 0 }], context.call()),
        ),
      );
      const keys = [...expected.keys()];
      const all = await tier.getMany(keys, context.call());
      expectMatches(all, expected, keys);
      // Batches of 50 in a scrambled order, each overlapping the next by 10 keys, plus a miss.
      const scrambled = keys.map((_, i) => keys[(i * 7919) % keys.length]!);
      const batches: string[][] = [];
      for (let start = 0; start < scrambled.length; start += 40) {
        batches.push([...scrambled.slice(start, start + 50), context.key("batch-missing")]);
      }
      const answers = await Promise.all(
        batches.map(async (batch) => [batch, await tier.getMany(batch, context.call())] as const),
      );
      for (const [batch, found] of answers) {
        expectMatches(found, expected, batch.slice(0, -1));
      }
    },
    timeout,
  );

  it(
    `${n} concurrent mixed gets, overwrites and deletes of distinct keys`,
    async () => {
      const tier = await context.open();
      const seeded = distinctEntries(context, "mixed", n);
      await tier.setMany(
        [...seeded].map(([key, value]) => ({ key, value, ttlSeconds: 0 })),
        context.call(),
      );
      const keys = [...seeded.keys()];
      const final = new Map<string, Uint8Array>();
      const reads: Promise<void>[] = keys.map(async (key, i) => {
        const seed = seeded.get(key)!;
        if (i % 3 === 0) {
          final.set(key, seed);
          const found = await tier.getMany([key], context.call());
          expect(bytesDifference(found.get(key), seed), `get ${key}`).toBeUndefined();
        } else if (i % 3 === 1) {
          const value = valueFor(`${key}/overwritten`, i + 1);
          final.set(key, value);
          await tier.setMany([{ key, value, ttlSeconds: 0 }], context.call());
        } else {
          await tier.deleteMany([key], context.call());
        }
      });
      await Promise.all(reads);
      const found = await tier.getMany(keys, context.call());
      expectMatches(found, final, [...final.keys()]);
      expect(found.size, "deleted keys must miss").toBe(final.size);
    },
    timeout,
  );
}

function distinctEntries(context: SuiteContext, label: string, n: number): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) {
    const key = context.key(`${label}-${i}`);
    entries.set(key, valueFor(key, i));
  }
  return entries;
}

function expectMatches(
  found: Awaited<ReturnType<Tier["getMany"]>>,
  expected: ReadonlyMap<string, Uint8Array>,
  keys: readonly string[],
): void {
  const wanted = new Set(keys);
  expect(
    [...found.keys()].filter((key) => !wanted.has(key)),
    "keys nobody asked for",
  ).toEqual([]);
  const wrong: string[] = [];
  for (const key of wanted) {
    const difference = bytesDifference(found.get(key), expected.get(key)!);
    if (difference !== undefined) wrong.push(`${key}: ${difference}`);
  }
  expect(wrong.slice(0, 10), `${wrong.length} of ${wanted.size} values are wrong`).toEqual([]);
}
