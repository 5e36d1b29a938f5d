import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LeasingMemcachedTier, type MemcachedClient, memcachedTier } from "../../src/index.js";
import { LeaseBook } from "../../src/tier/lease-book.js";
import { client, closeClients, runPrefix, text, utf8 } from "../client/helpers.js";
import { rawExchange } from "../faults/raw-text.js";

/**
 * Leases through memcached's vivify-on-miss: two clients on one server stand for two processes.
 */
let server: MemcachedServer;
let prefix: string;
let first: MemcachedClient;
let second: MemcachedClient;
let testNumber = 0;
const lease = { leaseTtlSeconds: 30 };
const call = () => ({ signal: AbortSignal.timeout(5000) });

beforeAll(async () => {
  server = await startMemcached();
});

afterAll(async () => {
  await closeClients();
  await server?.stop();
});

function freshClients(): void {
  prefix = runPrefix(`lease${++testNumber}`);
  first = client({ servers: server.address, keyPrefix: prefix });
  second = client({ servers: server.address, keyPrefix: prefix });
}

function tiers(): [LeasingMemcachedTier, LeasingMemcachedTier] {
  freshClients();
  return [
    memcachedTier({ client: first, leases: { ttlSeconds: 30 } }) as LeasingMemcachedTier,
    memcachedTier({ client: second, leases: { ttlSeconds: 30 } }) as LeasingMemcachedTier,
  ];
}

describe("client leases", () => {
  it("the first reader of a missing key wins; others see it held until the winner stores", async () => {
    freshClients();
    const won = await first.getWithLease("cold", lease);
    expect(won).toMatchObject({ kind: "won", cas: expect.any(BigInt), stale: undefined });
    expect(await second.getWithLease("cold", lease)).toEqual({ kind: "held", stale: undefined });
    expect(await first.getWithLease("cold", lease)).toMatchObject({ kind: "held" });
    // A plain read of the placeholder is a miss, not an empty value.
    expect(await second.get("cold")).toBeUndefined();
    expect((await second.getMany(["cold"])).hits.size).toBe(0);
    // The winner fills the lease with a store conditioned on the placeholder.
    const cas = won.kind === "won" ? won.cas : 0n;
    expect(await first.set("cold", utf8("loaded"), { cas, clientFlags: 1 })).toBe("stored");
    expect(await second.getWithLease("cold", lease)).toEqual({
      kind: "hit",
      value: utf8("loaded"),
    });
  });

  it("a released lease goes to the next reader; a release after a store keeps the value", async () => {
    freshClients();
    const won = await first.getWithLease("released", lease);
    const cas = won.kind === "won" ? won.cas : 0n;
    expect((await first.releaseLeases(new Map([["released", cas]]))).failures).toEqual([]);
    expect(await second.getWithLease("released", lease)).toMatchObject({ kind: "won" });

    const late = await first.getWithLease("stored-meanwhile", lease);
    await second.set("stored-meanwhile", utf8("real"));
    const lateCas = late.kind === "won" ? late.cas : 0n;
    expect((await first.releaseLeases(new Map([["stored-meanwhile", lateCas]]))).failures).toEqual(
      [],
    );
    expect(text(await second.get("stored-meanwhile"))).toBe("real");
  });

  it("an invalidated key is a lease with its stale value: won by its first reader, held for the rest", async () => {
    freshClients();
    await first.set("stale", utf8("old"), { clientFlags: 1 });
    await first.delete("stale", { invalidate: true });
    expect(await first.getWithLease("stale", lease)).toMatchObject({
      kind: "won",
      stale: utf8("old"),
    });
    expect(await second.getWithLease("stale", lease)).toEqual({ kind: "held", stale: utf8("old") });
  });

  it("getManyLeased splits keys into hits, won and held, in one round trip", async () => {
    freshClients();
    await first.set("warm", utf8("w"));
    await second.getWithLease("taken", lease);
    const read = await first.getManyLeased(["warm", "taken", "free"], lease);
    expect(read.failures).toEqual([]);
    expect([...read.hits.keys()]).toEqual(["warm"]);
    expect([...read.won.keys()]).toEqual(["free"]);
    expect([...read.heldElsewhere]).toEqual(["taken"]);
  });
});

describe("tier leases", () => {
  it("a cold key is won by one tier, held for the other, and a plain setMany fills it", async () => {
    const [a, b] = tiers();
    const fromA = await a.getManyLeased(["k1", "k2"], call());
    expect(fromA.hits.size).toBe(0);
    expect(fromA.won).toEqual(new Set(["k1", "k2"]));
    expect(a.leasesHeld).toBe(2);
    const fromB = await b.getManyLeased(["k1", "k2"], call());
    expect(fromB.won.size).toBe(0);
    expect(fromB.heldElsewhere).toEqual(new Set(["k1", "k2"]));
    // Placeholders are misses for plain reads.
    expect((await b.getMany(["k1", "k2"], call())).size).toBe(0);
    await a.setMany([{ key: "k1", value: utf8("v1"), ttlSeconds: 60 }], call());
    expect(a.leasesHeld).toBe(1);
    const again = await b.getManyLeased(["k1", "k2"], call());
    expect(text(again.hits.get("k1"))).toBe("v1");
    expect(again.heldElsewhere).toEqual(new Set(["k2"]));
  });

  it("releaseLeases gives a won key back (the next reader wins it) and leaves values stored meanwhile", async () => {
    const [a, b] = tiers();
    await a.getManyLeased(["r1", "r2"], call());
    await b.setMany([{ key: "r2", value: utf8("stored by b"), ttlSeconds: 60 }], call());
    await a.releaseLeases(["r1", "r2", "never-won"], call());
    expect(a.leasesHeld).toBe(0);
    const fromB = await b.getManyLeased(["r1", "r2"], call());
    expect(fromB.won).toEqual(new Set(["r1"]));
    expect(text(fromB.hits.get("r2"))).toBe("stored by b");
  });

  it("values are written with non-zero client flags; an empty value another client wrote with flags 0 is still a hit", async () => {
    const [a] = tiers();
    await a.setMany([{ key: "ours", value: new Uint8Array(0), ttlSeconds: 60 }], call());
    expect((await first.getItem("ours"))?.clientFlags).toBe(1);
    await rawExchange(server.port, `ms ${prefix}theirs 0 F0\r\n\r\n`, "HD\r\n");
    for (const key of ["ours", "theirs"]) {
      expect((await a.getMany([key], call())).get(key), key).toEqual(new Uint8Array(0));
      expect((await a.getManyLeased([key], call())).hits.get(key), key).toEqual(new Uint8Array(0));
    }
  });

  it("an item another client invalidated is a miss for plain reads and a lease for leased ones", async () => {
    const [a, b] = tiers();
    await a.setMany([{ key: "inv", value: utf8("old"), ttlSeconds: 60 }], call());
    await first.delete("inv", { invalidate: true });
    expect((await a.getManyLeased(["inv"], call())).won).toEqual(new Set(["inv"]));
    expect((await b.getManyLeased(["inv"], call())).heldElsewhere).toEqual(new Set(["inv"]));
    expect((await b.getMany(["inv"], call())).size).toBe(0);
  });

  it("with leases: false the tier offers none, so a chain reads it plainly", () => {
    const plain = memcachedTier({ servers: server.address, leases: false });
    expect("getManyLeased" in plain).toBe(false);
    expect("releaseLeases" in plain).toBe(false);
    const leasing = memcachedTier({ servers: server.address });
    expect(typeof (leasing as LeasingMemcachedTier).getManyLeased).toBe("function");
    return Promise.all([plain.close(), leasing.close()]);
  });
});

describe("the lease book", () => {
  it("keeps at most maxEntries, dropping the oldest", () => {
    const book = new LeaseBook(10_000, 2);
    book.record("a", 1n);
    book.record("b", 2n);
    book.record("c", 3n);
    expect(book.size).toBe(2);
    expect(book.take("a")).toBeUndefined();
    expect(book.take("c")).toBe(3n);
    expect(book.take("c")).toBeUndefined();
  });

  it("forgets leases older than their TTL, and filled ones", () => {
    let now = 0;
    const book = new LeaseBook(1000, 100, () => now);
    book.record("old", 1n);
    now = 600;
    book.record("young", 2n);
    book.record("filled", 3n);
    book.forget("filled");
    now = 1200;
    expect(book.take("old")).toBeUndefined();
    expect(book.take("young")).toBe(2n);
    now = 1700;
    book.record("new", 4n);
    expect(book.size).toBe(1);
  });
});
