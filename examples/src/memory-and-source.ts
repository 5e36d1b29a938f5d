/**
 * The smallest useful chain: an in-process memory tier in front of a slow "database". It shows the
 * three things the chain is for, with numbers: a cold read goes to the source once per key no
 * matter how many callers ask, separate get() calls in one tick become one batch, and a warm read
 * never reaches the source.
 *
 * Run: pnpm example
 */
import { pathToFileURL } from "node:url";
import { createChain, memoryTier, type Source } from "@tier/core";

interface Article {
  readonly id: string;
  readonly title: string;
}

/** Stands in for MySQL: 2 ms per query, whatever the number of ids, and it counts its queries. */
export function slowArticleTable(): Source<Article> & { queries: number; rows: number } {
  return {
    name: "articles",
    queries: 0,
    rows: 0,
    async loadMany(ids) {
      this.queries++;
      this.rows += ids.length;
      await new Promise((resolve) => setTimeout(resolve, 2));
      return new Map(
        ids.filter((id) => Number(id) % 10 !== 0).map((id) => [id, { id, title: `Article ${id}` }]),
      );
    },
  };
}

export interface ExampleReport {
  readonly cold: { readonly reads: number; readonly queries: number; readonly rows: number };
  readonly warm: { readonly reads: number; readonly queries: number; readonly hitRate: number };
  readonly wrongValues: number;
}

export async function runExample(
  log: (line: string) => void = console.log,
): Promise<ExampleReport> {
  const table = slowArticleTable();
  await using chain = createChain<Article>({
    tiers: [{ tier: memoryTier({ maxEntries: 10_000 }), ttlSeconds: 60 }],
    source: table,
    maxBatch: 100,
    // Every tenth id does not exist; remembering that keeps those reads off the database too.
    negativeTtlSeconds: 30,
  });

  const ids = Array.from({ length: 1_000 }, (_, i) => String(i + 1));
  let wrongValues = 0;
  const check = (id: string, article: Article | undefined): void => {
    const expected = Number(id) % 10 === 0 ? undefined : `Article ${id}`;
    if (article?.title !== expected || (article !== undefined && article.id !== id)) wrongValues++;
  };

  // Cold: 5,000 concurrent get() calls (every id asked five times) in one tick.
  const cold = ids.flatMap((id) => [id, id, id, id, id]);
  const coldValues = await Promise.all(cold.map((id) => chain.get(id)));
  for (const [i, id] of cold.entries()) check(id, coldValues[i]);
  const coldReport = { reads: cold.length, queries: table.queries, rows: table.rows };
  log(`cold: ${cold.length} reads -> ${table.queries} source queries for ${table.rows} ids`);

  await new Promise((resolve) => setTimeout(resolve, 20)); // let the write-back land

  // Warm: the same ids again, in batches of 100.
  const before = table.queries;
  chain.resetStats();
  for (let i = 0; i < ids.length; i += 100) {
    const batch = ids.slice(i, i + 100);
    const values = await chain.getMany(batch);
    for (const [j, id] of batch.entries()) check(id, values[j]);
  }
  const stats = chain.stats();
  const tier = stats.tiers[0]!;
  const hitRate = tier.hits / (tier.hits + tier.misses);
  log(
    `warm: ${ids.length} reads -> ${table.queries - before} source queries, memory hit rate ${(hitRate * 100).toFixed(1)}%`,
  );
  log(`values checked against their ids: ${wrongValues} wrong`);
  return {
    cold: coldReport,
    warm: { reads: ids.length, queries: table.queries - before, hitRate },
    wrongValues,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runExample();
}
