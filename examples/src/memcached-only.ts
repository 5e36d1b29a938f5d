/**
 * memcached in front of MySQL: hardware with a memcached and nothing persistent. A cold read loads
 * from MySQL in batches (one query per 100 ids) and writes the rows back; the next read is all
 * memcached hits and MySQL sees nothing. What this chain cannot do is survive a memcached restart:
 * every key then goes back to MySQL (memcached-and-tokyotyrant.ts is the fix).
 *
 * Run: pnpm --filter @tier/examples build && node examples/dist/memcached-only.js
 * Servers: TIER_MEMCACHED_URL (else a memcached is started), TIER_MYSQL_URL.
 */
import { pathToFileURL } from "node:url";
import { createChain } from "@tier/core";
import { memcachedTier } from "@tier/memcached";
import { type Article, articleSource, countWrongValues, seedArticles } from "./support/articles.js";
import { backfillSettled } from "./support/backfill.js";
import { type ExampleServers, serversFromEnvironment } from "./support/environment.js";
import { memcachedServer } from "./support/servers.js";

export interface MemcachedOnlyNumbers {
  readonly cold: { readonly mysqlQueries: number; readonly mysqlRows: number };
  readonly warm: { readonly mysqlQueries: number; readonly memcachedHits: number };
  readonly wrongValues: number;
}

export async function runMemcachedOnly(
  servers: ExampleServers = serversFromEnvironment(),
  log: (line: string) => void = console.log,
): Promise<MemcachedOnlyNumbers> {
  await using memcached = await memcachedServer(servers.memcachedUrl);
  await using articles = await seedArticles(servers.mysqlUrl, "memcached_only", 200);
  const mysql = articleSource(servers.mysqlUrl, articles.table);
  await using chain = createChain<Article>({
    tiers: [
      {
        tier: memcachedTier({ servers: memcached.address, keyPrefix: articles.keyPrefix }),
        ttlSeconds: 300,
      },
    ],
    source: mysql,
  });
  const ids = articles.ids;

  const cold = await chain.getMany(ids);
  await backfillSettled(chain);
  const { queries: coldQueries, rows: coldRows } = mysql.stats();
  log(`cold: ${ids.length} ids -> ${coldQueries} MySQL queries, ${coldRows} rows`);

  chain.resetStats();
  const warm = await chain.getMany(ids);
  const memcachedHits = chain.stats().tiers[0]!.hits;
  const warmQueries = mysql.stats().queries - coldQueries;
  log(`warm: ${ids.length} ids -> ${memcachedHits} memcached hits, ${warmQueries} MySQL queries`);

  const wrongValues = countWrongValues(ids, cold) + countWrongValues(ids, warm);
  log(`values checked against their ids: ${wrongValues} wrong`);
  return {
    cold: { mysqlQueries: coldQueries, mysqlRows: coldRows },
    warm: { mysqlQueries: warmQueries, memcachedHits },
    wrongValues,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runMemcachedOnly();
}
