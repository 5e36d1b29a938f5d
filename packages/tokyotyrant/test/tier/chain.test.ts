import { createChain, memoryTier, type Source } from "@tier/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer, type TokyoTyrantTestServer } from "../../src/testing/index.js";
import { type TokyoTyrantTier, tokyoTyrantTier } from "../../src/tier.js";
import { call } from "./support.js";

interface Article {
  readonly id: string;
  readonly title: string;
}

/** The source of truth, counting what it is asked for. */
function countingSource(): Source<Article> & { loads: string[] } {
  const loads: string[] = [];
  return {
    name: "articles",
    loads,
    async loadMany(ids) {
      loads.push(...ids);
      return new Map(ids.map((id) => [id, { id, title: `title of ${id}` }]));
    },
  };
}

let server: TokyoTyrantTestServer;
let tt: TokyoTyrantTier;

beforeAll(async () => {
  server = await startTokyoTyrantTestServer({ database: "hash" });
  tt = tokyoTyrantTier({ servers: server.address, timeoutMs: 500 });
});

afterAll(async () => {
  await tt?.close();
  await server?.stop();
});

/** A chain memory -> Tokyo Tyrant -> source, which leaves the TT tier open when it closes. */
function chainOf(source: Source<Article>) {
  return createChain<Article>({
    tiers: [memoryTier(), { tier: tt, timeoutMs: 1_000 }],
    source,
    closeTiers: false,
  });
}

describe("a chain with memory and Tokyo Tyrant in front of the source", () => {
  const ids = Array.from({ length: 20 }, (_, i) => `article:${i}`);

  it("loads a cold key once, and writes it back into Tokyo Tyrant", async () => {
    const source = countingSource();
    const chain = chainOf(source);
    try {
      const [one, two] = await Promise.all([chain.get(ids[0]!), chain.get(ids[0]!)]);
      expect(one).toEqual({ id: ids[0], title: `title of ${ids[0]}` });
      expect(two).toEqual(one);
      await chain.getMany(ids);
      expect(source.loads.sort()).toEqual([...ids].sort());
    } finally {
      // Closing drains the backfill queue.
      await chain.close();
    }
    expect(server.recordCount).toBe(ids.length);
  });

  it("serves from Tokyo Tyrant, with no source load, when the memory tier is new", async () => {
    const { loads, ttHits } = await readThroughNewChain(ids);
    expect(loads).toEqual([]);
    expect(ttHits).toBe(ids.length);
  });

  it("still serves with no source load after the Tokyo Tyrant server restarted", async () => {
    await server.restart();
    // A request may still go out on a pooled connection the restart closed (a miss for the chain);
    // wait until the tier answers again.
    await answers(tt);
    const { loads, ttHits } = await readThroughNewChain(ids);
    expect(loads).toEqual([]);
    expect(ttHits).toBe(ids.length);
  });
});

async function answers(tier: TokyoTyrantTier): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = await tier.getMany(["probe"], call()).then(
      () => true,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect.fail("the tier did not answer after the restart");
}

/** Reads `ids` through a new chain (a new, empty memory tier): what the source and TT did. */
async function readThroughNewChain(
  ids: readonly string[],
): Promise<{ loads: string[]; ttHits: number }> {
  const source = countingSource();
  const chain = chainOf(source);
  try {
    const found = await chain.getMany(ids);
    expect(found.map((article) => article?.id)).toEqual(ids);
    const ttHits = chain.stats().tiers.find((t) => t.name === "tokyotyrant")?.hits ?? 0;
    return { loads: source.loads, ttHits };
  } finally {
    await chain.close();
  }
}
