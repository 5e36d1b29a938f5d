/**
 * An in-process memory tier (L1) in front of memcached and Tokyo Tyrant: hot rows are answered
 * without a network round trip. Each process has its own L1 and loses it when it restarts; the
 * shared tiers below then answer, so a restarted process costs MySQL nothing. Keep L1 small and
 * its TTL short: it is the one tier another process's write cannot reach.
 *
 * Run: pnpm --filter @tier/examples build && node examples/dist/with-memory-l1.js
 * Servers: TIER_MEMCACHED_URL, TIER_TOKYOTYRANT_URL (else started here), TIER_MYSQL_URL.
 */
import { pathToFileURL } from "node:url";
import { createChain, memoryTier } from "@tier/core";
import { memcachedTier } from "@tier/memcached";
import { tokyoTyrantTier } from "@tier/tokyotyrant";
import { type Article, articleSource, countWrongValues, seedArticles } from "./support/articles.js";
import { backfillSettled } from "./support/backfill.js";
import { type ExampleServers, serversFromEnvironment } from "./support/environment.js";
import { memcachedServer, tokyoTyrantServer } from "./support/servers.js";

/** Hits per tier and MySQL queries, for one read of every id. */
export type TierHits = Readonly<Record<"memory" | "memcached" | "tokyotyrant" | "mysql", number>>;

export interface MemoryL1Numbers {
  readonly cold: TierHits;
  readonly warm: TierHits;
  /** A new process: empty memory tier, same memcached and TT. */
  readonly restartedProcess: TierHits;
  readonly wrongValues: number;
}

export async function runWithMemoryL1(
  servers: ExampleServers = serversFromEnvironment(),
  log: (line: string) => void = console.log,
): Promise<MemoryL1Numbers> {
  await using memcached = await memcachedServer(servers.memcachedUrl);
  await using tt = await tokyoTyrantServer(servers.tokyoTyrantUrl);
  await using articles = await seedArticles(servers.mysqlUrl, "memory_l1", 200);
  const ids = articles.ids;
  let wrongValues = 0;
  const startProcess = () =>
    createChain<Article>({
      tiers: [
        { tier: memoryTier({ maxEntries: 1_000 }), ttlSeconds: 30 },
        { tier: memcachedTier({ servers: memcached.address, keyPrefix: articles.keyPrefix }) },
        {
          tier: tokyoTyrantTier({ servers: tt.address, keyPrefix: articles.keyPrefix }),
          ttlSeconds: 0,
        },
      ],
      source: articleSource(servers.mysqlUrl, articles.table),
    });
  const readAll = async (chain: ReturnType<typeof startProcess>, label: string) => {
    chain.resetStats();
    wrongValues += countWrongValues(ids, await chain.getMany(ids));
    await backfillSettled(chain);
    const { tiers, source } = chain.stats();
    const hits: TierHits = {
      memory: tiers[0]!.hits,
      memcached: tiers[1]!.hits,
      tokyotyrant: tiers[2]!.hits,
      mysql: source.queries,
    };
    log(
      `${label}: memory ${hits.memory}, memcached ${hits.memcached}, TT ${hits.tokyotyrant} hits; MySQL ${hits.mysql} queries`,
    );
    return hits;
  };

  let cold: TierHits;
  let warm: TierHits;
  {
    await using first = startProcess();
    cold = await readAll(first, "cold");
    warm = await readAll(first, "warm");
  }
  await using second = startProcess();
  const restartedProcess = await readAll(second, "restarted process");
  log(`values checked against their ids: ${wrongValues} wrong`);
  return { cold, warm, restartedProcess, wrongValues };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runWithMemoryL1();
}
