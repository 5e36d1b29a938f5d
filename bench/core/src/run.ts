/**
 * `pnpm bench` for @tier/core: the chain's hit path on a memory tier, against bentocache's
 * memory-only get and against a bare Map behind an async function (the floor no cache can beat),
 * all measured in one run; then the heap after 1,000,000 gets, to show no growth per request.
 */

import { type BenchCase, formatOps, runBench } from "@tier/bench-harness";
import { createChain, memoryTier, type Source } from "@tier/core";
import { BentoCache, bentostore } from "bentocache";
import { memoryDriver } from "bentocache/drivers/memory";

interface Row {
  readonly id: string;
  readonly title: string;
  readonly views: number;
}

const KEYS = 10_000;
const keys = Array.from({ length: KEYS }, (_, i) => `article:${i}`);
const rowOf = (key: string): Row => ({
  id: key,
  title: `The title of ${key}`,
  views: key.length * 7,
});

const instantSource: Source<Row> = {
  name: "instant",
  async loadMany(ids) {
    return new Map(ids.map((id) => [id, rowOf(id)]));
  },
};

async function throughput(): Promise<void> {
  const chain = createChain<Row>({
    tiers: [{ tier: memoryTier({ maxEntries: KEYS * 2 }), ttlSeconds: 3600 }],
    source: instantSource,
  });
  await chain.getMany(keys);
  await new Promise((resolve) => setTimeout(resolve, 100));

  const bento = new BentoCache({
    default: "memory",
    stores: { memory: bentostore().useL1Layer(memoryDriver({ maxItems: KEYS * 2 })) },
  });
  for (const key of keys) await bento.set({ key, value: rowOf(key), ttl: "1h" });

  const map = new Map(keys.map((key) => [key, rowOf(key)]));
  const mapGet = async (key: string): Promise<Row | undefined> => map.get(key);
  const mapGetMany = async (batch: readonly string[]): Promise<(Row | undefined)[]> =>
    batch.map((k) => map.get(k));

  let i = 0;
  const nextKey = (): string => keys[i++ % KEYS]!;
  const batches = Array.from({ length: KEYS / 100 }, (_, b) => keys.slice(b * 100, b * 100 + 100));
  let b = 0;
  const nextBatch = (): readonly string[] => batches[b++ % batches.length]!;

  const cases: BenchCase[] = [
    { name: "bare Map, async get (floor)", opsPerRun: 1, run: () => mapGet(nextKey()) },
    { name: "tier chain.get, memory-tier hit", opsPerRun: 1, run: () => chain.get(nextKey()) },
    { name: "bentocache get, memory only", opsPerRun: 1, run: () => bento.get({ key: nextKey() }) },
    { name: "bare Map, getMany(100) (floor)", opsPerRun: 100, run: () => mapGetMany(nextBatch()) },
    {
      name: "tier chain.getMany(100), memory-tier hits",
      opsPerRun: 100,
      run: () => chain.getMany(nextBatch()),
    },
    {
      name: "tier 100 concurrent chain.get (coalesced)",
      opsPerRun: 100,
      run: () => Promise.all(nextBatch().map((k) => chain.get(k))),
    },
    {
      name: "bentocache 100 concurrent get",
      opsPerRun: 100,
      run: () => Promise.all(nextBatch().map((key) => bento.get({ key }))),
    },
  ];
  const results = await runBench(cases, { runsPerCheck: 64 });
  const byName = new Map(results.map((r) => [r.name, r.medianOpsPerSecond]));
  console.log("\n| case | keys/s (median of 7 rounds) |");
  console.log("|---|---|");
  for (const r of results) console.log(`| ${r.name} | ${formatOps(r.medianOpsPerSecond)} |`);
  const ratio = (a: string, c: string): string => (byName.get(a)! / byName.get(c)!).toFixed(2);
  console.log("");
  console.log(
    `chain.get / bentocache get: ${ratio("tier chain.get, memory-tier hit", "bentocache get, memory only")}x`,
  );
  console.log(
    `chain 100 concurrent gets / bentocache 100 concurrent gets: ${ratio("tier 100 concurrent chain.get (coalesced)", "bentocache 100 concurrent get")}x`,
  );
  console.log(
    `chain.get / bare Map floor: ${ratio("tier chain.get, memory-tier hit", "bare Map, async get (floor)")}x`,
  );
  console.log(
    `chain.getMany(100) / bare Map getMany floor: ${ratio("tier chain.getMany(100), memory-tier hits", "bare Map, getMany(100) (floor)")}x`,
  );
  await chain.close();
  await bento.disconnect();
}

/** 1,000,000 gets over 100,000 keys through a memory tier bounded to 50,000 entries. */
async function heapStability(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc");
  const universe = 100_000;
  const chain = createChain<Row>({
    tiers: [{ tier: memoryTier({ maxEntries: 50_000 }), ttlSeconds: 3600 }],
    source: instantSource,
  });
  let n = 0;
  const readBatch = async (): Promise<void> => {
    const pending: Promise<Row | undefined>[] = [];
    for (let j = 0; j < 100; j++) {
      // A skewed pattern: half the reads go to the hottest 10% of keys.
      const id = n++ % 2 === 0 ? (n * 7919) % (universe / 10) : (n * 104_729) % universe;
      pending.push(chain.get(`article:${id}`));
    }
    await Promise.all(pending);
  };
  const settle = async (): Promise<number> => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (let k = 0; k < 3; k++) gc();
    return process.memoryUsage().heapUsed;
  };
  for (let k = 0; k < 2_000; k++) await readBatch();
  const afterWarmup = await settle();
  const started = performance.now();
  for (let k = 0; k < 10_000; k++) await readBatch();
  const seconds = (performance.now() - started) / 1000;
  const afterMillion = await settle();
  const stats = chain.stats();
  const growth = (afterMillion - afterWarmup) / afterWarmup;
  console.log("\n| heap check | value |");
  console.log("|---|---|");
  console.log(`| heap after warm-up (200,000 gets) | ${(afterWarmup / 2 ** 20).toFixed(1)} MiB |`);
  console.log(`| heap after 1,000,000 more gets | ${(afterMillion / 2 ** 20).toFixed(1)} MiB |`);
  console.log(`| change | ${(growth * 100).toFixed(1)}% (target: within 10%) |`);
  console.log(
    `| gets/s during the run (with evictions and source loads) | ${formatOps(1_000_000 / seconds)} |`,
  );
  console.log(
    `| memory-tier hit rate | ${((stats.tiers[0]!.hits / (stats.tiers[0]!.hits + stats.tiers[0]!.misses)) * 100).toFixed(1)}% |`,
  );
  await chain.close();
  if (Math.abs(growth) > 0.1) process.exitCode = 1;
}

console.log(
  `@tier/core benchmark, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
await throughput();
await heapStability();
