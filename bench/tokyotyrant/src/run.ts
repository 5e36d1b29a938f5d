/**
 * `pnpm bench` for @tier/tokyotyrant: the client and the tier against the TT-compatible test
 * server, next to the ceiling, a raw socket that writes prepared request bytes and only counts
 * reply bytes. The server runs in a child process, so its CPU time is not the client's: on this
 * 2-core machine each side gets a core, and the ratio to the raw ceiling measures the client.
 */

import {
  type BenchCase,
  type BenchResult,
  formatOps,
  medianRatio,
  runBench,
  selectCases,
} from "@tier/bench-harness";
import { createTokyoTyrantClient, tokyoTyrantTier } from "@tier/tokyotyrant";
import { measureGc } from "./gc-cost.js";
import {
  getFrame,
  getReplyBytes,
  mgetFrame,
  mgetReplyBytes,
  PUT_REPLY_BYTES,
  putFrame,
} from "./raw-frames.js";
import { RawPipeline } from "./raw-pipeline.js";
import { startServerProcess } from "./server-process.js";

const KEYS = 10_000;
const BATCH = 100;
const VALUE_BYTES = 100;
// 15 rounds: on this shared machine a ratio moves by a few hundredths from run to run at 7.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const keys = Array.from({ length: KEYS }, (_, i) => `bench:${String(i).padStart(6, "0")}`);
const value = Buffer.alloc(VALUE_BYTES, 0x61);
const batches = Array.from({ length: KEYS / BATCH }, (_, b) =>
  keys.slice(b * BATCH, (b + 1) * BATCH),
);
const signal = new AbortController().signal;

const server = await startServerProcess("hash");
const raw = await RawPipeline.open(server.host, server.port);
// Every case on one connection: the raw socket, and a client with a pool of one.
const client = createTokyoTyrantClient({
  servers: `${server.host}:${server.port}`,
  poolSize: 1,
  database: "hash",
});
const tier = tokyoTyrantTier({ client });
const ttlTier = tokyoTyrantTier({ client, ttl: true, keyPrefix: "ttl:" });

try {
  for (const batch of batches) {
    await client.putMany(batch.map((key) => ({ key, value })));
    await ttlTier.setMany(
      batch.map((key) => ({ key, value, ttlSeconds: 3600 })),
      { signal },
    );
  }

  let k = 0;
  const nextKey = (): string => keys[k++ % KEYS]!;
  let b = 0;
  const nextBatch = (): number => b++ % batches.length;

  const getFrames = keys.map(getFrame);
  const pipelinedGets = batches.map((batch) => Buffer.concat(batch.map(getFrame)));
  const mgets = batches.map(mgetFrame);
  const putnrs = batches.map((batch) =>
    Buffer.concat([...batch.map((key) => putFrame(key, value, "putnr")), getFrame(batch[0]!)]),
  );
  const getReply = getReplyBytes(VALUE_BYTES);
  const mgetReply = mgetReplyBytes(batches[0]!, VALUE_BYTES);

  const cases: BenchCase[] = [
    {
      name: "raw get (ceiling)",
      opsPerRun: 1,
      run: () => raw.exchange(getFrames[k++ % KEYS]!, getReply),
    },
    { name: "client get", opsPerRun: 1, run: () => client.get(nextKey()) },
    {
      name: "raw 100 pipelined gets (ceiling)",
      opsPerRun: BATCH,
      run: () => raw.exchange(pipelinedGets[nextBatch()]!, BATCH * getReply),
    },
    {
      name: "client 100 concurrent gets, one connection",
      opsPerRun: BATCH,
      run: () => Promise.all(batches[nextBatch()]!.map((key) => client.get(key))),
    },
    {
      name: "raw mget 100 (ceiling)",
      opsPerRun: BATCH,
      run: () => raw.exchange(mgets[nextBatch()]!, mgetReply),
    },
    {
      name: "client getMany 100 (mget)",
      opsPerRun: BATCH,
      run: () => client.getMany(batches[nextBatch()]!),
    },
    {
      name: "tier getMany 100 (mget)",
      opsPerRun: BATCH,
      run: () => tier.getMany(batches[nextBatch()]!, { signal }),
    },
    {
      name: "tier getMany 100, ttl mode (mget, expiry checked)",
      opsPerRun: BATCH,
      run: () => ttlTier.getMany(batches[nextBatch()]!, { signal }),
    },
    {
      name: "raw put (ceiling)",
      opsPerRun: 1,
      run: () => raw.exchange(putFrame(nextKey(), value, "put"), PUT_REPLY_BYTES),
    },
    { name: "client put", opsPerRun: 1, run: () => client.put(nextKey(), value) },
    {
      name: "raw 100 putnr + get (ceiling)",
      opsPerRun: BATCH,
      run: () => raw.exchange(putnrs[nextBatch()]!, getReply),
    },
    {
      name: "client 100 putNr + get",
      opsPerRun: BATCH,
      run: async () => {
        const batch = batches[nextBatch()]!;
        for (const key of batch) void client.putNr(key, value);
        // On the same connection, the get's answer comes after every putnr was applied.
        await client.get(batch[0]!);
      },
    },
  ];

  const results = await runBench(selectCases(cases, process.env.BENCH_ONLY), {
    rounds: ROUNDS,
    roundMs: 400,
    sliceMs: 20,
    warmupMs: 300,
  });
  printResults(results);
} finally {
  await ttlTier.close();
  await tier.close();
  await client.close();
  raw.close();
  await server.stop();
}

// The GC table is part of a full run; a run narrowed with BENCH_ONLY is about the cases it names.
if (process.env.BENCH_ONLY === undefined) {
  console.log("\n| garbage collection | live entries | expired entries | removed | one gc() |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const database of ["hash", "table"] as const) {
    for (const [live, expired] of [
      [10_000, 1_000],
      [100_000, 1_000],
      [10_000, 10_000],
    ] as const) {
      const cost = await measureGc(database, live, expired);
      console.log(
        `| ${database} | ${live} | ${expired} | ${cost.removed} | ${cost.durationMs.toFixed(0)} ms |`,
      );
    }
  }
}

function printResults(results: readonly BenchResult[]): void {
  const byName = new Map(results.map((r) => [r.name, r]));
  console.log(`\n| case | ops/s (median of ${ROUNDS} rounds) |`);
  console.log("| --- | --- |");
  for (const r of results) console.log(`| ${r.name} | ${formatOps(r.medianOpsPerSecond)} |`);
  // Medians of the per-round ratios (see medianRatio), not ratios of the medians.
  const ratio = (name: string, ceiling: string, target?: number): void => {
    const a = byName.get(name);
    const b = byName.get(ceiling);
    if (a === undefined || b === undefined) return;
    const r = medianRatio(a, b);
    const verdict =
      target === undefined
        ? ""
        : r >= target
          ? ` (target ${target}: met)`
          : ` (target ${target}: NOT met)`;
    console.log(`- ${name} / ${ceiling}: ${r.toFixed(2)}x${verdict}`);
  };
  console.log("");
  ratio("client get", "raw get (ceiling)");
  ratio("client 100 concurrent gets, one connection", "raw 100 pipelined gets (ceiling)", 0.8);
  ratio("client getMany 100 (mget)", "raw mget 100 (ceiling)", 0.8);
  ratio("tier getMany 100 (mget)", "raw mget 100 (ceiling)", 0.8);
  ratio("tier getMany 100, ttl mode (mget, expiry checked)", "raw mget 100 (ceiling)");
  ratio("client put", "raw put (ceiling)");
  ratio("client 100 putNr + get", "raw 100 putnr + get (ceiling)");
}
