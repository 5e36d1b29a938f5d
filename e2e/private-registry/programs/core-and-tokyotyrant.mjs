// A consumer that has only memory and Tokyo Tyrant in front of its source: reads go through the
// chain into the TT test server, and after a restart (a new chain, empty memory) TT answers them.
// Prints one JSON line for the test to check.
import { createChain, memoryTier } from "@tier/core";
import { tokyoTyrantTier } from "@tier/tokyotyrant";
import { startTokyoTyrantTestServer } from "@tier/tokyotyrant/testing";

const keys = ["1", "2", "3", "4", "5"];
const rows = new Map(keys.map((id) => [id, { id, title: `article ${id}` }]));
let sourceLoads = 0;
const source = {
  name: "articles",
  async loadMany(ids) {
    sourceLoads += 1;
    return new Map(ids.filter((id) => rows.has(id)).map((id) => [id, rows.get(id)]));
  },
};

function chain(tt) {
  return createChain({
    tiers: [memoryTier({ maxEntries: 100 }), tokyoTyrantTier({ servers: tt.address })],
    source,
  });
}

const tt = await startTokyoTyrantTestServer({ database: "hash" });
try {
  const cold = chain(tt);
  const first = await cold.getMany(keys);
  await cold.close(); // drains the write-back into TT
  const loadsWhenCold = sourceLoads;
  const recordsInTokyoTyrant = tt.recordCount;

  const restarted = chain(tt);
  const second = await restarted.getMany(keys);
  const tokyoTyrantHits = restarted.stats().tiers[1]?.hits;
  await restarted.close();

  console.log(
    JSON.stringify({
      first,
      second,
      loadsWhenCold,
      loadsAfterRestart: sourceLoads - loadsWhenCold,
      recordsInTokyoTyrant,
      tokyoTyrantHits,
    }),
  );
} finally {
  await tt.stop();
}
