import { type Chain, createChain, memoryTier, type Source } from "@tier/core";
import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { memcachedTier } from "../../src/index.js";
import { eventually, runPrefix, sleep } from "../client/helpers.js";

/** The memcached tier in a chain, in front of a lower tier and a source, with memcached failing. */
interface Row {
  readonly id: string;
  readonly body: string;
}

class CountingSource implements Source<Row> {
  readonly name = "rows";
  keysLoaded = 0;
  bodySize = 10;

  async loadMany(keys: readonly string[]): Promise<Map<string, Row>> {
    this.keysLoaded += keys.length;
    return new Map(keys.map((id) => [id, { id, body: `${id}:`.padEnd(this.bodySize, "x") }]));
  }
}

let server: MemcachedServer;
const chains: Chain<Row>[] = [];

beforeAll(async () => {
  server = await startMemcached();
});

afterEach(async () => {
  await Promise.all(chains.splice(0).map((chain) => chain.close()));
});

afterAll(async () => {
  if (server?.stalled) server.resume();
  await server?.stop();
});

function chainOver(options: { lower?: boolean; maxValueBytes?: number; ejectMs?: number } = {}) {
  const source = new CountingSource();
  const tier = memcachedTier({
    servers: server.address,
    keyPrefix: runPrefix(`chain${chains.length}`),
    timeoutMs: 200,
    ejectMs: options.ejectMs ?? 200,
    ...(options.maxValueBytes === undefined ? {} : { maxValueBytes: options.maxValueBytes }),
  });
  const chain = createChain<Row>({
    tiers: [
      { tier, timeoutMs: 300, breaker: false },
      ...(options.lower ? [memoryTier({ name: "lower" })] : []),
    ],
    source,
  });
  chains.push(chain);
  return { chain, source, tier };
}

const ids = Array.from({ length: 50 }, (_, i) => `row-${i}`);

async function readAll(chain: Chain<Row>): Promise<void> {
  const rows = await chain.getMany(ids);
  rows.forEach((row, i) => {
    expect(row?.id, "a row for the wrong key").toBe(ids[i]);
  });
}

/** Waits until the chain's backfill has written `count` entries into tier 0. */
async function backfilled(chain: Chain<Row>, count: number): Promise<void> {
  const done = await eventually(
    async () => (chain.stats().tiers[0]?.backfilled ?? 0) >= count,
    3000,
    5,
  );
  expect(done).toBe(true);
}

describe("a chain with the memcached tier", () => {
  it("loads once from the source, then serves from memcached", async () => {
    const { chain, source } = chainOver();
    await readAll(chain);
    expect(source.keysLoaded).toBe(ids.length);
    await backfilled(chain, ids.length);
    await readAll(chain);
    expect(source.keysLoaded).toBe(ids.length);
    expect(chain.stats().tiers[0]).toMatchObject({ hits: ids.length, leasesWon: ids.length });
  });

  it("after a memcached restart, values come back from the lower tier, then memcached is refilled", async () => {
    const { chain, source } = chainOver({ lower: true });
    await readAll(chain);
    await backfilled(chain, ids.length);
    await server.restart();
    // The first read after the restart may meet the old, reset connection: a miss, then a retry.
    await readAll(chain);
    await readAll(chain);
    expect(source.keysLoaded).toBe(ids.length);
    expect(chain.stats().tiers[1]?.hits).toBeGreaterThanOrEqual(ids.length);
    await backfilled(chain, 2 * ids.length);
    const hitsBefore = chain.stats().tiers[0]?.hits ?? 0;
    await readAll(chain);
    expect(chain.stats().tiers[0]?.hits).toBe(hitsBefore + ids.length);
  });

  it("after a memcached restart without a lower tier, values come back from the source", async () => {
    const { chain, source } = chainOver();
    await readAll(chain);
    await backfilled(chain, ids.length);
    await server.restart();
    await readAll(chain);
    await readAll(chain);
    expect(source.keysLoaded).toBeGreaterThanOrEqual(2 * ids.length);
  });

  it("while memcached is stalled, reads are answered from below within the tier deadline", async () => {
    const { chain } = chainOver({ lower: true, ejectMs: 5000 });
    await readAll(chain);
    await backfilled(chain, ids.length);
    server.stall();
    try {
      const started = performance.now();
      await readAll(chain);
      await readAll(chain);
      // One client deadline for the first read; the server is ejected for the second.
      expect(performance.now() - started).toBeLessThan(2000);
      expect(chain.stats().tiers[0]?.errors).toBeGreaterThanOrEqual(1);
      expect(chain.stats().tiers[1]?.hits).toBe(2 * ids.length);
    } finally {
      server.resume();
    }
    await sleep(10);
  });

  it("skips memcached for an entry over its maxValueBytes and still serves it", async () => {
    const { chain, source, tier } = chainOver({ maxValueBytes: 200 });
    source.bodySize = 1000;
    expect((await chain.get("big"))?.id).toBe("big");
    await sleep(50);
    expect(chain.stats().tiers[0]).toMatchObject({ oversized: 1 });
    expect((await tier.client.getMany(["big"])).hits.size).toBe(0);
    expect((await chain.get("big"))?.id).toBe("big");
    await sleep(50);
    // Its lease was given back, not left for other processes to wait on.
    expect(tier.leasesHeld).toBe(0);
  });
});
