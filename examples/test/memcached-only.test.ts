import { expect, it } from "vitest";
import { runMemcachedOnly } from "../src/memcached-only.js";
import { serversFromEnvironment } from "../src/support/environment.js";

it("the memcached-only example loads 200 ids in 2 MySQL queries, then serves them all from memcached", async () => {
  const lines: string[] = [];
  const numbers = await runMemcachedOnly(serversFromEnvironment(), (line) => lines.push(line));
  expect(numbers).toEqual({
    cold: { mysqlQueries: 2, mysqlRows: 200 },
    warm: { mysqlQueries: 0, memcachedHits: 200 },
    wrongValues: 0,
  });
  expect(lines[0]).toBe("cold: 200 ids -> 2 MySQL queries, 200 rows");
});
