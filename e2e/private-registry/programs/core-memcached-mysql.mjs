// A consumer with memcached in front of MySQL: the first read loads every row from MySQL and
// writes it to memcached; a second chain (another process, say) finds them all in memcached.
// Arguments: memcached address, MySQL URL, table. Prints one JSON line for the test to check.
import { createChain } from "@tier/core";
import { memcachedTier } from "@tier/memcached";
import { mysqlSource } from "@tier/mysql";

const [memcachedAddress, mysqlUrl, table] = process.argv.slice(2);
const keys = ["1", "2", "3", "4", "5"];
const mysql = mysqlSource({
  connection: mysqlUrl,
  table,
  columns: ["id", "title"],
  mapRow: (row) => ({ id: String(row.id), title: String(row.title) }),
});
let sourceLoads = 0;
const source = {
  name: mysql.name,
  loadMany(ids, options) {
    sourceLoads += 1;
    return mysql.loadMany(ids, options);
  },
};

function chain() {
  const prefix = `${table}:`;
  return createChain({
    tiers: [memcachedTier({ servers: memcachedAddress, keyPrefix: prefix })],
    source,
  });
}

try {
  const cold = chain();
  const first = await cold.getMany(keys);
  await cold.close(); // drains the write-back into memcached
  const loadsWhenCold = sourceLoads;

  const warm = chain();
  const second = await warm.getMany(keys);
  const memcachedHits = warm.stats().tiers[0]?.hits;
  await warm.close();

  console.log(
    JSON.stringify({
      first,
      second,
      loadsWhenCold,
      loadsWhenWarm: sourceLoads - loadsWhenCold,
      memcachedHits,
    }),
  );
} finally {
  await mysql.close();
}
