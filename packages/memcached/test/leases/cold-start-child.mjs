// One "process" of the cold-start test: a chain with the memcached tier (leases on) in front of a
// source that records every key it loads. It reads every key once the parent says "go", then
// prints what it loaded and whether any value came back for the wrong key.
import { createChain } from "@tier/core";
import { memcachedTier } from "../../dist/index.js";

const [address, prefix, countText, loadDelayText] = process.argv.slice(2);
const keys = Array.from({ length: Number(countText) }, (_, i) => `item:${i}`);
const loaded = [];

const source = {
  name: "counting-source",
  async loadMany(requested) {
    loaded.push(...requested);
    // A database takes a while: long enough for the other process to ask for the same keys.
    await new Promise((resolve) => setTimeout(resolve, Number(loadDelayText)));
    return new Map(requested.map((key) => [key, { key }]));
  },
};

const chain = createChain({
  tiers: [
    {
      tier: memcachedTier({ servers: address, keyPrefix: prefix }),
      timeoutMs: 2000,
      leases: { waitMs: 10_000, pollMs: 10 },
    },
  ],
  source,
});

process.stdout.write("ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
const values = await chain.getMany(keys);
const wrong = values.filter((value, i) => value?.key !== keys[i]).length;
const tier = chain.stats().tiers[0];
await chain.close();
process.stdout.write(`${JSON.stringify({ loaded, wrong, leasesWon: tier?.leasesWon ?? -1 })}\n`);
process.stdin.destroy();
