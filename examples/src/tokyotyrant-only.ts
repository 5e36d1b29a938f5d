/**
 * Tokyo Tyrant in front of MySQL: hardware with no memory to spare for memcached, but a disk. TT
 * keeps what it was given across restarts, so immutable rows are stored once, without expiry
 * (`ttlSeconds: 0`), and an application that starts again finds them there instead of in MySQL.
 *
 * Run: pnpm --filter @tier/examples build && node examples/dist/tokyotyrant-only.js
 * Servers: TIER_TOKYOTYRANT_URL (else the TT-compatible test server is started), TIER_MYSQL_URL.
 */
import { pathToFileURL } from "node:url";
import { createChain } from "@tier/core";
import { tokyoTyrantTier } from "@tier/tokyotyrant";
import { type Article, articleSource, countWrongValues, seedArticles } from "./support/articles.js";
import { type ExampleServers, serversFromEnvironment } from "./support/environment.js";
import { tokyoTyrantServer } from "./support/servers.js";

export interface TokyoTyrantOnlyNumbers {
  readonly cold: { readonly mysqlQueries: number; readonly mysqlRows: number };
  /** A second application process: a new chain and a new TT connection, same TT server. */
  readonly nextProcess: { readonly mysqlQueries: number; readonly tokyoTyrantHits: number };
  readonly wrongValues: number;
}

export async function runTokyoTyrantOnly(
  servers: ExampleServers = serversFromEnvironment(),
  log: (line: string) => void = console.log,
): Promise<TokyoTyrantOnlyNumbers> {
  await using tt = await tokyoTyrantServer(servers.tokyoTyrantUrl);
  await using articles = await seedArticles(servers.mysqlUrl, "tokyotyrant_only", 200);
  const ids = articles.ids;
  // Each "process" builds its chain the same way; closing one closes its TT client and MySQL pool.
  const startProcess = () => {
    const mysql = articleSource(servers.mysqlUrl, articles.table);
    const tier = tokyoTyrantTier({ servers: tt.address, keyPrefix: articles.keyPrefix });
    const chain = createChain<Article>({ tiers: [{ tier, ttlSeconds: 0 }], source: mysql });
    return { chain, mysql };
  };

  const first = startProcess();
  let cold: (Article | undefined)[];
  try {
    cold = await first.chain.getMany(ids);
  } finally {
    await first.chain.close(); // the process exits; close() first drains the write-back into TT
  }
  const { queries: coldQueries, rows: coldRows } = first.mysql.stats();
  log(`first process: ${ids.length} ids -> ${coldQueries} MySQL queries, ${coldRows} rows`);

  await using second = startProcess().chain;
  const again = await second.getMany(ids);
  const { tiers, source } = second.stats();
  log(
    `next process: ${ids.length} ids -> ${tiers[0]!.hits} Tokyo Tyrant hits, ${source.queries} MySQL queries`,
  );

  const wrongValues = countWrongValues(ids, cold) + countWrongValues(ids, again);
  log(`values checked against their ids: ${wrongValues} wrong`);
  return {
    cold: { mysqlQueries: coldQueries, mysqlRows: coldRows },
    nextProcess: { mysqlQueries: source.queries, tokyoTyrantHits: tiers[0]!.hits },
    wrongValues,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runTokyoTyrantOnly();
}
