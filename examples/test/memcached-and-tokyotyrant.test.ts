import { expect, it } from "vitest";
import { runMemcachedAndTokyoTyrant } from "../src/memcached-and-tokyotyrant.js";
import { serversFromEnvironment } from "../src/support/environment.js";

it("the production chain example: after memcached restarts, TT answers every id and MySQL sees 0 queries", async () => {
  const lines: string[] = [];
  const numbers = await runMemcachedAndTokyoTyrant(serversFromEnvironment(), (line) =>
    lines.push(line),
  );
  expect(numbers).toEqual({
    cold: { mysqlQueries: 2, memcachedHits: 0, tokyoTyrantHits: 0 },
    warm: { mysqlQueries: 0, memcachedHits: 200, tokyoTyrantHits: 0 },
    afterMemcachedRestart: { mysqlQueries: 0, memcachedHits: 0, tokyoTyrantHits: 200 },
    refilled: { mysqlQueries: 0, memcachedHits: 200, tokyoTyrantHits: 0 },
    wrongValues: 0,
  });
  expect(lines[2]).toBe("memcached restarted: memcached 0 hits, TT 200 hits, MySQL 0 queries");
});

it("with a memcached given by URL, it drops only its own keys and tells the same story", async () => {
  // The example's own memcached stands in for a shared one, reached by URL like any other.
  const { startMemcached } = await import("@tier/testkit/services");
  await using shared = await startMemcached({ memoryMb: 16 });
  const numbers = await runMemcachedAndTokyoTyrant(
    { ...serversFromEnvironment(), memcachedUrl: `memcached://${shared.address}` },
    () => {},
  );
  expect(numbers.afterMemcachedRestart).toEqual({
    mysqlQueries: 0,
    memcachedHits: 0,
    tokyoTyrantHits: 200,
  });
  expect(shared.running).toBe(true);
});
