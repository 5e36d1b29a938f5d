import { NetError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { ShardRing } from "../../src/client/shard-ring.js";
import { TableQuery } from "../../src/index.js";
import { clientFor, startServers, totalRequests, valueFor } from "./support/servers.js";

const KEYS = Array.from({ length: 300 }, (_, i) => `key:${i}`);

describe("shard ring", () => {
  const ring = (addresses: string[]) => new ShardRing(addresses);
  const owner = (r: ShardRing, addresses: string[], key: string) =>
    addresses[r.ownerOf(Buffer.from(key))]!;
  const many = Array.from({ length: 5000 }, (_, i) => `k${i}`);
  const three = ["10.0.0.1:1978", "10.0.0.2:1978", "10.0.0.3:1978"];

  it("places a key by the server names only, whatever their order", () => {
    const reversed = [...three].reverse();
    const a = ring(three);
    const b = ring(reversed);
    for (const key of many) expect(owner(a, three, key)).toBe(owner(b, reversed, key));
  });

  it("spreads keys over every server", () => {
    const r = ring(three);
    const counts = new Map<string, number>();
    for (const key of many)
      counts.set(owner(r, three, key), (counts.get(owner(r, three, key)) ?? 0) + 1);
    for (const address of three) expect(counts.get(address)).toBeGreaterThan(many.length / 6);
  });

  it("a new server takes about its share, only from the others; removing it moves them back", () => {
    const four = [...three, "10.0.0.4:1978"];
    const before = ring(three);
    const after = ring(four);
    let moved = 0;
    for (const key of many) {
      const was = owner(before, three, key);
      const is = owner(after, four, key);
      if (was !== is) {
        moved += 1;
        expect(is).toBe("10.0.0.4:1978");
      }
    }
    expect(moved).toBeGreaterThan(many.length * 0.1);
    expect(moved).toBeLessThan(many.length * 0.45);
  });

  it("binary keys are hashed by their bytes", () => {
    const r = ring(three);
    expect(r.ownerOf(Buffer.from("ключ"))).toBe(r.ownerOf(new Uint8Array(Buffer.from("ключ"))));
  });
});

describe("shards", () => {
  it("spreads keys over the servers and keeps each key on one server, for any client", async () => {
    await using group = await startServers(3, "hash");
    await using client = clientFor(group.addresses, { topology: "shards" });
    for (const key of KEYS) await client.put(key, valueFor(key));
    const counts = group.servers.map((s) => s.recordCount);
    expect(counts.reduce((a, b) => a + b)).toBe(KEYS.length);
    for (const count of counts) expect(count).toBeGreaterThan(KEYS.length / 10);
    expect(await client.rnum()).toBe(KEYS.length);

    // Another process listing the servers in another order finds every key.
    await using other = clientFor([...group.addresses].reverse(), { topology: "shards" });
    for (const key of KEYS) expect((await other.get(key))?.toString()).toBe(valueFor(key));
    // And the same key asked again goes to the same server.
    for (const s of group.servers) s.resetRequestCounts();
    for (let i = 0; i < 5; i++) await other.get(KEYS[0]!);
    expect(group.servers.map((s) => s.requestCount("get")).sort()).toEqual([0, 0, 5]);
  });

  it("getMany sends one mget per server; putMany one putlist; outMany one outlist", async () => {
    await using group = await startServers(3, "hash");
    await using client = clientFor(group.addresses, { topology: "shards" });
    await client.putMany(KEYS.map((key) => ({ key, value: valueFor(key) })));
    expect(group.servers.map((s) => s.miscCallCount("putlist"))).toEqual([1, 1, 1]);
    const values = await client.getMany([...KEYS, "absent"]);
    expect(group.servers.map((s) => s.requestCount("mget"))).toEqual([1, 1, 1]);
    expect(values.size).toBe(KEYS.length);
    for (const [key, value] of values) expect(value.toString()).toBe(valueFor(key));
    expect((await client.mget(KEYS)).length).toBe(KEYS.length);
    await client.outMany(KEYS.slice(0, 100));
    expect(group.servers.map((s) => s.miscCallCount("outlist"))).toEqual([1, 1, 1]);
    expect(await client.rnum()).toBe(KEYS.length - 100);
  });

  it("fwmKeys asks every shard; server-wide calls need a server named", async () => {
    await using group = await startServers(3, "hash");
    await using client = clientFor(group.addresses, { topology: "shards" });
    await client.putMany(KEYS.map((key) => ({ key, value: "x" })));
    expect((await client.fwmKeys("key:")).length).toBe(KEYS.length);
    expect(await client.fwmKeys("key:", 7)).toHaveLength(7);
    for (const call of [
      () => client.stat(),
      () => client.iterInit(),
      () => client.iterNext(),
      () => client.misc("get", ["key:1"]),
      () => client.table.genUid(),
      () => client.copy("/tmp/x.tch"),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "E_TT_INVALID_ARGUMENT" });
    }
    const first = group.addresses[0]!;
    expect((await client.stat({ server: first })).get("rnum")).toBe(
      String(group.servers[0]!.recordCount),
    );
    await client.iterInit({ server: first });
    expect(await client.iterNext({ server: first })).toBeInstanceOf(Buffer);
    await expect(client.stat({ server: "127.0.0.1:1" })).rejects.toMatchObject({
      code: "E_TT_INVALID_ARGUMENT",
    });
    await client.vanish();
    expect(await client.rnum()).toBe(0);
    expect(totalRequests(group.servers, "vanish")).toBe(3);
  });

  it("table searches run on every shard, records live by primary key", async () => {
    await using group = await startServers(3, "table");
    await using client = clientFor(group.addresses, { topology: "shards", indexes: {} });
    await client.table.setIndex("n", "decimal");
    expect(group.servers.map((s) => s.miscCallCount("setindex"))).toEqual([1, 1, 1]);
    for (let i = 0; i < 60; i++) await client.table.put(`r${i}`, { n: String(i) });
    const big = new TableQuery().addCondition("n", "NUMGE", 30);
    expect(await client.table.searchCount(big)).toBe(30);
    expect((await client.table.search(big)).length).toBe(30);
    expect((await client.table.searchGet(big, ["n"])).length).toBe(30);
    expect((await client.table.metaSearch([big], "union")).length).toBe(30);
    expect((await client.table.getMany(["r1", "r59"])).get("r59")?.get("n")?.toString()).toBe("59");
    await client.table.searchOut(big);
    expect(await client.rnum()).toBe(30);
    expect(await client.table.genUid({ server: group.addresses[1]! })).toBe(1);
  });

  it("a dead shard fails only its own keys; getManySettled keeps the others", async () => {
    await using group = await startServers(3, "hash");
    await using client = clientFor(group.addresses, { topology: "shards" });
    await client.putMany(KEYS.map((key) => ({ key, value: valueFor(key) })));
    const dead = group.servers[1]!;
    await dead.stop();
    const settled = await client.getManySettled(KEYS);
    expect(settled.failures).toHaveLength(1);
    const failure = settled.failures[0]!;
    expect(failure.server).toBe(dead.address);
    expect(failure.error).toBeInstanceOf(NetError);
    expect(settled.values.size + failure.keys.length).toBe(KEYS.length);
    for (const [key, value] of settled.values) expect(value.toString()).toBe(valueFor(key));
    await expect(client.getMany(KEYS)).rejects.toBeInstanceOf(NetError);
    await expect(client.get(failure.keys[0]!)).rejects.toBeInstanceOf(NetError);
    const alive = KEYS.find((key) => !failure.keys.includes(key))!;
    expect((await client.get(alive))?.toString()).toBe(valueFor(alive));
  });
});
