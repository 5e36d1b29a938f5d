/**
 * The production chain: memcached, then Tokyo Tyrant, then MySQL. The incident it fixes: memcached
 * restarted, came back empty, and every read fell through to MySQL. Here memcached is restarted
 * (or, when it is a shared server given by URL, this example's keys are deleted from it) and the
 * rows come back from TT with zero MySQL queries, then memcached is refilled from TT.
 *
 * Run: pnpm --filter @tier/examples build && node examples/dist/memcached-and-tokyotyrant.js
 * Servers: TIER_MEMCACHED_URL, TIER_TOKYOTYRANT_URL (else started here), TIER_MYSQL_URL.
 */
import { pathToFileURL } from "node:url";
import { createChain } from "@tier/core";
import { memcachedTier } from "@tier/memcached";
import { tokyoTyrantTier } from "@tier/tokyotyrant";
import { type Article, articleSource, countWrongValues, seedArticles } from "./support/articles.js";
import { backfillSettled } from "./support/backfill.js";
import { type ExampleServers, serversFromEnvironment } from "./support/environment.js";
import { memcachedServer, tokyoTyrantServer } from "./support/servers.js";

/** Per read of every id: MySQL queries, and hits per tier. */
export interface ReadNumbers {
  readonly mysqlQueries: number;
  readonly memcachedHits: number;
  readonly tokyoTyrantHits: number;
}

export interface ProductionChainNumbers {
  readonly cold: ReadNumbers;
  readonly warm: ReadNumbers;
  readonly afterMemcachedRestart: ReadNumbers;
  readonly refilled: ReadNumbers;
  readonly wrongValues: number;
}

export async function runMemcachedAndTokyoTyrant(
  servers: ExampleServers = serversFromEnvironment(),
  log: (line: string) => void = console.log,
): Promise<ProductionChainNumbers> {
  await using memcached = await memcachedServer(servers.memcachedUrl);
  await using tt = await tokyoTyrantServer(servers.tokyoTyrantUrl);
  await using articles = await seedArticles(servers.mysqlUrl, "production_chain", 200);
  const memcachedLayer = memcachedTier({
    servers: memcached.address,
    keyPrefix: articles.keyPrefix,
  });
  await using chain = createChain<Article>({
    tiers: [
      { tier: memcachedLayer, ttlSeconds: 300 },
      // Rows are immutable: TT keeps them with no expiry, and survives what memcached does not.
      {
        tier: tokyoTyrantTier({ servers: tt.address, keyPrefix: articles.keyPrefix }),
        ttlSeconds: 0,
      },
    ],
    source: articleSource(servers.mysqlUrl, articles.table),
  });
  const ids = articles.ids;
  let wrongValues = 0;
  const readAll = async (label: string): Promise<ReadNumbers> => {
    chain.resetStats();
    wrongValues += countWrongValues(ids, await chain.getMany(ids));
    await backfillSettled(chain);
    const { tiers, source } = chain.stats();
    const numbers = {
      mysqlQueries: source.queries,
      memcachedHits: tiers[0]!.hits,
      tokyoTyrantHits: tiers[1]!.hits,
    };
    log(
      `${label}: memcached ${numbers.memcachedHits} hits, TT ${numbers.tokyoTyrantHits} hits, MySQL ${numbers.mysqlQueries} queries`,
    );
    return numbers;
  };

  const cold = await readAll("cold");
  const warm = await readAll("warm");
  if (memcached.restart !== undefined) {
    await memcached.restart();
  } else {
    // A shared server is never flushed: only this example's keys are dropped from it.
    await memcachedLayer.deleteMany(ids, { signal: AbortSignal.timeout(1_000) });
  }
  const afterMemcachedRestart = await readAll(
    memcached.restart !== undefined ? "memcached restarted" : "memcached lost our keys",
  );
  const refilled = await readAll("refilled");
  log(`values checked against their ids: ${wrongValues} wrong`);
  return { cold, warm, afterMemcachedRestart, refilled, wrongValues };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runMemcachedAndTokyoTyrant();
}
