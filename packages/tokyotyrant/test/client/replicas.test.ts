import { setTimeout as sleep } from "node:timers/promises";
import { NetError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { clientFor, startServers } from "./support/servers.js";

/** Polls `condition` until it holds; fails after `withinMs` (generous: the machine is shared). */
async function eventually(condition: () => Promise<boolean>, withinMs = 10_000): Promise<void> {
  const until = performance.now() + withinMs;
  while (!(await condition())) {
    if (performance.now() > until) throw new Error("the condition never held");
    await sleep(25);
  }
}

describe("replicas", () => {
  it("reads and writes go to the first replica while it answers", async () => {
    await using group = await startServers(2, "hash");
    const [a, b] = group.servers;
    await using client = clientFor(group.addresses);
    await client.put("k", "v");
    expect((await client.get("k"))?.toString()).toBe("v");
    expect(await client.getMany(["k"])).toEqual(new Map([["k", Buffer.from("v")]]));
    expect(a!.requestCount("put")).toBe(1);
    expect(b!.requestCounts().commands).toMatchObject({ put: 0, get: 0, mget: 0 });
    expect(client.stats().failovers).toBe(0);
  });

  it("with the first stopped, reads and writes go to the other; the first is used again after its backoff", async () => {
    await using group = await startServers(2, "hash");
    const [a, b] = group.servers;
    await using client = clientFor(group.addresses, { backoff: { initialMs: 100, maxMs: 200 } });
    await client.put("before", "1");
    await a!.stop();
    for (let i = 0; i < 20; i++) {
      await client.put(`during${i}`, String(i));
      expect((await client.get(`during${i}`))?.toString()).toBe(String(i));
    }
    expect((await client.getMany(["during1", "during2"])).size).toBe(2);
    expect(await client.putKeep("during1", "x")).toBe(false);
    expect(b!.requestCount("put")).toBe(20);
    expect(client.stats().failovers).toBeGreaterThan(0);
    expect(client.stats().servers[0]).toMatchObject({ server: a!.address });

    await a!.restart();
    const putsOnA = a!.requestCount("put");
    await eventually(async () => {
      await client.put("after", "2");
      return a!.requestCount("put") > putsOnA;
    });
    // Data written to A before it stopped is there again (hash data survives a restart).
    expect((await client.get("before"))?.toString()).toBe("1");
  });

  it("goes to the second replica at once when the first was never up", async () => {
    await using group = await startServers(2, "hash");
    const [a, b] = group.servers;
    await a!.stop();
    await using client = clientFor(group.addresses);
    await client.put("k", "v");
    expect((await client.get("k"))?.toString()).toBe("v");
    expect(b!.requestCount("get")).toBe(1);
  });

  it("a stalled replica fails the calls in flight by their deadline, then is passed over", async () => {
    await using group = await startServers(2, "hash");
    const [a, b] = group.servers;
    await using client = clientFor(group.addresses, { timeoutMs: 300 });
    await client.put("k", "v");
    a!.stall();
    const started = performance.now();
    const error = await client.get("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetError);
    expect(error).toMatchObject({ code: "E_NET_TIMEOUT" });
    expect(performance.now() - started).toBeLessThan(300 + 2000);
    await client.put("k", "on b");
    expect((await client.get("k"))?.toString()).toBe("on b");
    expect(b!.requestCount("get")).toBe(1);
    a!.resume();
  });

  it("after a connection is lost mid-request, retries reads and puts but not putKeep or putCat", async () => {
    await using group = await startServers(2, "hash");
    const [a, b] = group.servers;
    await using client = clientFor(group.addresses);
    await client.put("k", "v");
    a!.stall();
    const get = client.get("k");
    const put = client.put("p", "1");
    const keep = client.putKeep("q", "1").catch((e: unknown) => e);
    const cat = client.putCat("r", "1").catch((e: unknown) => e);
    // Let the requests reach A, then reset its connections: each may or may not have been applied.
    await eventually(async () => a!.requestCount("putcat") > 0 || a!.connectionCount > 0);
    await sleep(50);
    a!.dropConnections();
    a!.resume();
    expect(await get).toBeUndefined(); // answered by B, which never had "k"
    await put;
    expect(await keep).toMatchObject({ code: "E_NET_CONNECTION_LOST" });
    expect(await cat).toMatchObject({ code: "E_NET_CONNECTION_LOST" });
    expect(b!.requestCount("get")).toBe(1);
    expect(b!.requestCount("put")).toBe(1);
    expect(b!.requestCount("putkeep")).toBe(0);
    expect(b!.requestCount("putcat")).toBe(0);
  });
});
