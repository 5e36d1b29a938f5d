import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KetamaRing, memcachedTier } from "../../src/index.js";
import { client, closeClients, eventually, runPrefix, text, utf8 } from "../client/helpers.js";
import { rawGet } from "./raw-text.js";

/** Three real servers: placement by ketama, and one of them dying and coming back. */
let servers: MemcachedServer[];

beforeAll(async () => {
  servers = await Promise.all([startMemcached(), startMemcached(), startMemcached()]);
});

afterAll(async () => {
  await closeClients();
  await Promise.all(servers?.map((server) => server.stop()) ?? []);
});

const keys = Array.from({ length: 300 }, (_, i) => `user:${i}`);
const expectedValue = (key: string, round: number): string => `${key}@${round}`;

/** Which running servers hold `key` (with the run's prefix), read from each server directly. */
async function holders(prefix: string, key: string): Promise<string[]> {
  const found: string[] = [];
  for (const server of servers) {
    if (server.running && (await rawGet(server.port, utf8(prefix + key))) !== undefined)
      found.push(server.address);
  }
  return found;
}

describe("three servers", () => {
  it("each key is stored on the server the ketama ring names, and only there", async () => {
    const prefix = runPrefix("multi-ring");
    const weighted = servers.map((s, i) => ({ host: s.host, port: s.port, weight: i + 1 }));
    const mc = client({ servers: weighted, keyPrefix: prefix });
    const ring = new KetamaRing(weighted);
    const { failures } = await mc.setMany(
      keys.map((key) => ({ key, value: utf8(expectedValue(key, 0)) })),
    );
    expect(failures).toEqual([]);
    const perServer = new Map<string, number>();
    for (const key of keys) {
      const expected = ring.serverFor(key);
      const address = `${expected.host}:${expected.port}`;
      expect(mc.serverFor(key)).toBe(address);
      expect(await holders(prefix, key), key).toEqual([address]);
      perServer.set(address, (perServer.get(address) ?? 0) + 1);
    }
    // Every server holds keys, more of them the heavier it is.
    const counts = servers.map((s) => perServer.get(s.address) ?? 0);
    expect(counts.every((n) => n > 0)).toBe(true);
    expect(counts[2]).toBeGreaterThan(counts[0] as number);
  });

  it("one killed: its keys miss and are not moved to the others; the others still hit; it serves again after a restart", async () => {
    const prefix = runPrefix("multi-kill");
    const ejectMs = 300;
    const addresses = servers.map((s) => s.address);
    const mc = client({ servers: addresses, keyPrefix: prefix, ejectMs, timeoutMs: 300 });
    const tier = memcachedTier({ client: mc });
    await mc.setMany(keys.map((key) => ({ key, value: utf8(expectedValue(key, 1)) })));
    const dead = servers[1] as MemcachedServer;
    const deadKeys = keys.filter((key) => mc.serverFor(key) === dead.address);
    const liveKeys = keys.filter((key) => mc.serverFor(key) !== dead.address);
    expect(deadKeys.length).toBeGreaterThan(0);

    await dead.kill();
    // The first read may still go out on the connection the kill reset; the next one finds the
    // server refusing connects and ejects it.
    for (const expectedCode of [/^E_NET_/, /^E_NET_(CONNECT_FAILED|UNAVAILABLE)$/]) {
      const { hits, failures } = await mc.getMany(keys);
      expect(new Set(hits.keys())).toEqual(new Set(liveKeys));
      for (const [key, value] of hits) expect(text(value)).toBe(expectedValue(key, 1));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({
        server: dead.address,
        error: { code: expect.stringMatching(expectedCode) },
      });
      expect(new Set(failures[0]?.keys)).toEqual(new Set(deadKeys));
    }
    expect(mc.stats()[1]).toMatchObject({ state: "ejected" });

    // The tier: the dead server's keys are misses, the others' hits are still returned.
    const signal = AbortSignal.timeout(5000);
    const tierHits = await tier.getMany(keys, { signal });
    expect(new Set(tierHits.keys())).toEqual(new Set(liveKeys));
    // Writes while it is down reach the live servers; the dead one's keys are not moved elsewhere.
    await tier.setMany(
      keys.map((key) => ({ key, value: utf8(expectedValue(key, 2)), ttlSeconds: 0 })),
      {
        signal,
      },
    );
    for (const key of deadKeys.slice(0, 20)) expect(await holders(prefix, key), key).toEqual([]);
    for (const key of liveKeys.slice(0, 20))
      expect(await holders(prefix, key), key).toHaveLength(1);

    await dead.restart();
    // Back after the eject window; it restarted empty, so its keys miss until written again.
    const back = await eventually(async () => {
      const { failures: stillFailing } = await mc.getMany(deadKeys);
      return stillFailing.length === 0;
    }, ejectMs + 3000);
    expect(back).toBe(true);
    await tier.setMany(
      deadKeys.map((key) => ({ key, value: utf8(expectedValue(key, 3)), ttlSeconds: 0 })),
      {
        signal: AbortSignal.timeout(5000),
      },
    );
    const after = await tier.getMany(keys, { signal: AbortSignal.timeout(5000) });
    expect(after.size).toBe(keys.length);
    for (const key of deadKeys) expect(text(after.get(key))).toBe(expectedValue(key, 3));
    for (const key of liveKeys) expect(text(after.get(key))).toBe(expectedValue(key, 2));
    for (const key of deadKeys.slice(0, 20))
      expect(await holders(prefix, key)).toEqual([dead.address]);
  });

  it("the tier rejects a read only when every server is down", async () => {
    const mc = client({ servers: servers.map((s) => s.address), ejectMs: 60_000 });
    const tier = memcachedTier({ client: mc });
    await Promise.all(servers.map((server) => server.stop()));
    try {
      // The first read finds every server refusing: no server could answer, so it rejects.
      await expect(tier.getMany(keys, { signal: AbortSignal.timeout(5000) })).rejects.toMatchObject(
        {
          name: "NetError",
        },
      );
      await expect(
        tier.setMany([{ key: "k", value: utf8("v"), ttlSeconds: 0 }], {
          signal: AbortSignal.timeout(5000),
        }),
      ).rejects.toMatchObject({ code: "E_NET_UNAVAILABLE" });
    } finally {
      await Promise.all(servers.map((server) => server.restart()));
    }
  });
});
