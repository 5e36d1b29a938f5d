/**
 * `pnpm bench` for @tier/memcached: the client against the npm packages `memjs` and `memcached`
 * and against a raw meta-protocol socket (the ceiling), all against one real memcached on
 * loopback, taking turns in the same run. Prints medians of several rounds and the ratios the
 * package README quotes.
 */

import {
  type BenchCase,
  type BenchResult,
  formatOps,
  medianRatio,
  runBench,
  selectCases,
} from "@tier/bench-harness";
import { createMemcachedClient } from "@tier/memcached";
import { startMemcached } from "@tier/testkit/services";
import type { Contender } from "./contender.js";
import { MemcachedPackageContender } from "./memcached-package.js";
import { MemjsContender } from "./memjs-client.js";
import { RawMetaCeiling } from "./raw-meta.js";
import { TierClientContender } from "./tier-client.js";

const KEYS = 10_000;
const BATCH = 100;
const VALUE = Buffer.alloc(100, "v");
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const roundMs = Number(process.env.BENCH_ROUND_MS ?? 400);

const keys = Array.from({ length: KEYS }, (_, i) => `bench:item:${i}`);
const batches = Array.from({ length: KEYS / BATCH }, (_, b) =>
  keys.slice(b * BATCH, (b + 1) * BATCH),
);

const WORKLOADS = [
  "sequential get",
  "sequential set",
  "100 concurrent gets",
  "getMany(100)",
] as const;
type Workload = (typeof WORKLOADS)[number];

function casesFor(contender: Contender, raw: RawMetaCeiling | undefined): Map<Workload, BenchCase> {
  let k = 0;
  let b = 0;
  const nextKey = (): string => keys[k++ % KEYS]!;
  const nextBatch = (): readonly string[] => batches[b++ % batches.length]!;
  const cases = new Map<Workload, BenchCase>();
  const name = (workload: Workload) => `${workload}: ${contender.name}`;
  cases.set("sequential get", {
    name: name("sequential get"),
    opsPerRun: 1,
    run: () => contender.get(nextKey()),
  });
  cases.set("100 concurrent gets", {
    name: name("100 concurrent gets"),
    opsPerRun: BATCH,
    run:
      raw === undefined
        ? () => Promise.all(nextBatch().map((key) => contender.get(key)))
        : () => raw.getConcurrent(nextBatch()),
  });
  const getMany = contender.getMany?.bind(contender);
  if (getMany !== undefined) {
    cases.set("getMany(100)", {
      name: name("getMany(100)"),
      opsPerRun: BATCH,
      run: () => getMany(nextBatch()),
    });
  }
  cases.set("sequential set", {
    name: name("sequential set"),
    opsPerRun: 1,
    run: () => contender.set(nextKey(), VALUE),
  });
  return cases;
}

async function main(): Promise<void> {
  const server = await startMemcached({ memoryMb: 256 });
  const seeder = createMemcachedClient({ servers: server.address });
  for (const batch of batches) await seeder.setMany(batch.map((key) => ({ key, value: VALUE })));
  await seeder.close();

  const raw = await RawMetaCeiling.open(server.port);
  raw.prepare(keys, batches, VALUE);
  const contenders: [Contender, RawMetaCeiling | undefined][] = [
    [raw, raw],
    [new TierClientContender(server.address, 1), undefined],
    [new TierClientContender(server.address, 2), undefined],
    [new MemjsContender(server.address), undefined],
    [new MemcachedPackageContender(server.address), undefined],
  ];
  // Connected and warm before anything is timed (the memcached package refuses a burst of
  // requests while its pool is still connecting).
  for (const [contender] of contenders) await contender.get(keys[0]!);
  const perContender = contenders.map(([contender, ceiling]) => casesFor(contender, ceiling));
  const cases = selectCases(
    WORKLOADS.flatMap((workload) => perContender.flatMap((map) => map.get(workload) ?? [])),
    process.env.BENCH_ONLY,
  );
  const results = await runBench(cases, {
    rounds,
    roundMs,
    runsPerCheck: 16,
    onRound: (round, of) => process.stderr.write(`round ${round}/${of} done\n`),
  });
  for (const [contender] of contenders) await contender.close();
  await server.stop();
  report(results);
}

function report(results: readonly BenchResult[]): void {
  console.log(`\nmedians of ${rounds} rounds of ${roundMs} ms; ops/s (keys/s for getMany)\n`);
  console.log("| workload | client | ops/s |");
  console.log("| --- | --- | ---: |");
  for (const result of results) {
    const [workload, client] = result.name.split(": ");
    console.log(`| ${workload} | ${client} | ${formatOps(result.medianOpsPerSecond)} |`);
  }
  const byName = new Map(results.map((r) => [r.name, r]));
  const ratio = (a: string, b: string): string => {
    const x = byName.get(a);
    const y = byName.get(b);
    if (x === undefined || y === undefined) return "n/a";
    return `${medianRatio(x, y).toFixed(2)}x`;
  };
  const ours = "@tier/memcached (poolSize 1)";
  const ceiling = "raw meta socket (ceiling)";
  console.log(`\nratios of ${ours} (the default), medians of the per-round ratios`);
  for (const workload of WORKLOADS) {
    const of = (client: string) => ratio(`${workload}: ${ours}`, `${workload}: ${client}`);
    console.log(
      `- ${workload}: ${of(ceiling)} of the ceiling; ${of("memjs 1.3.2")} memjs; ` +
        `${of("memcached 2.2.2")} memcached; poolSize 2 did ${ratio(`${workload}: @tier/memcached (poolSize 2)`, `${workload}: ${ours}`)}`,
    );
  }
}

await main();
