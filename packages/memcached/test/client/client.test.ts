import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MemcachedClient, MemcachedClientError } from "../../src/index.js";
import { client, closeClients, runPrefix, text, utf8 } from "./helpers.js";

let server: MemcachedServer;
let mc: MemcachedClient;
const prefix = runPrefix("client");

beforeAll(async () => {
  server = await startMemcached();
  mc = client({ servers: server.address, keyPrefix: prefix });
});

afterAll(async () => {
  await closeClients();
  await server?.stop();
});

describe("single-key commands", () => {
  it("set then get returns the value; a missing key is undefined", async () => {
    expect(await mc.set("a", utf8("alpha"))).toBe("stored");
    expect(text(await mc.get("a"))).toBe("alpha");
    expect(await mc.get("never-set")).toBeUndefined();
  });

  it("an empty value is a hit, not a miss", async () => {
    await mc.set("empty", new Uint8Array(0));
    expect(await mc.get("empty")).toEqual(new Uint8Array(0));
  });

  it("add, replace, append and prepend follow memcached's conditions", async () => {
    expect(await mc.add("modes", utf8("b"))).toBe("stored");
    expect(await mc.add("modes", utf8("x"))).toBe("not-stored");
    expect(await mc.append("modes", utf8("c"))).toBe("stored");
    expect(await mc.prepend("modes", utf8("a"))).toBe("stored");
    expect(text(await mc.get("modes"))).toBe("abc");
    expect(await mc.replace("modes", utf8("z"))).toBe("stored");
    expect(text(await mc.get("modes"))).toBe("z");
    expect(await mc.replace("modes-missing", utf8("z"))).toBe("not-stored");
    expect(await mc.append("modes-missing", utf8("z"))).toBe("not-stored");
    expect(await mc.get("modes-missing")).toBeUndefined();
  });

  it("stores with a CAS only while the item is unchanged", async () => {
    await mc.set("cas", utf8("v1"));
    const item = await mc.getItem("cas", { withCas: true });
    expect(item?.cas).toBeTypeOf("bigint");
    const cas = item?.cas as bigint;
    expect(await mc.set("cas", utf8("v2"), { cas })).toBe("stored");
    expect(await mc.set("cas", utf8("v3"), { cas })).toBe("exists");
    expect(text(await mc.get("cas"))).toBe("v2");
    expect(await mc.set("cas-missing", utf8("x"), { cas })).toBe("not-found");
  });

  it("keeps client flags and reports the TTL left", async () => {
    await mc.set("flags", utf8("f"), { clientFlags: 0xdeadbeef, ttl: 100 });
    const item = await mc.getItem("flags", { withTtl: true });
    expect(item).toMatchObject({ clientFlags: 0xdeadbeef, stale: false, win: false });
    expect(item?.ttl).toBeGreaterThan(90);
    expect(item?.ttl).toBeLessThanOrEqual(100);
    await mc.set("forever", utf8("f"));
    expect((await mc.getItem("forever", { withTtl: true }))?.ttl).toBe(-1);
  });

  it("sends a TTL over 30 days as a Unix time, so the item lives that long instead of expiring at once", async () => {
    const fortyDays = 40 * 24 * 3600;
    await mc.set("long-ttl", utf8("kept"), { ttl: fortyDays });
    const item = await mc.getItem("long-ttl", { withTtl: true });
    expect(text(item?.value)).toBe("kept");
    expect(item?.ttl).toBeGreaterThan(fortyDays - 60);
    expect(item?.ttl).toBeLessThanOrEqual(fortyDays + 1);
  });

  it("delete removes; a second delete finds nothing", async () => {
    await mc.set("del", utf8("x"));
    expect(await mc.delete("del")).toBe("deleted");
    expect(await mc.get("del")).toBeUndefined();
    expect(await mc.delete("del")).toBe("not-found");
  });

  it("delete with a CAS only removes the item it read", async () => {
    await mc.set("del-cas", utf8("x"));
    const cas = (await mc.getItem("del-cas", { withCas: true }))?.cas as bigint;
    await mc.set("del-cas", utf8("y"));
    expect(await mc.delete("del-cas", { cas })).toBe("exists");
    expect(text(await mc.get("del-cas"))).toBe("y");
  });

  it("delete with invalidate keeps the old value, marked stale, and hands its first reader the win", async () => {
    await mc.set("inval", utf8("old"));
    expect(await mc.delete("inval", { invalidate: true, staleTtl: 30 })).toBe("deleted");
    const first = await mc.getItem("inval");
    expect(first).toMatchObject({ stale: true, win: true, alreadyWon: false });
    expect(text(first?.value)).toBe("old");
    expect(await mc.getItem("inval")).toMatchObject({ stale: true, win: false, alreadyWon: true });
  });

  it("incr and decr count, create on demand, and refuse a value that is not a number", async () => {
    expect(await mc.incr("counter")).toBeUndefined();
    expect(await mc.incr("counter", 5, { create: { initial: 10, ttl: 60 } })).toBe(10n);
    expect(await mc.incr("counter", 5)).toBe(15n);
    expect(await mc.decr("counter", 20)).toBe(0n);
    expect(await mc.incr("counter", 2n ** 40n)).toBe(2n ** 40n);
    await mc.set("not-a-number", utf8("abc"));
    await expect(mc.incr("not-a-number")).rejects.toBeInstanceOf(MemcachedClientError);
    await expect(mc.incr("not-a-number")).rejects.toMatchObject({
      code: "E_MEMCACHED_CLIENT_ERROR",
    });
    // The connection is still in step.
    expect(text(await mc.get("not-a-number"))).toBe("abc");
  });

  it("touch sets a new TTL; getAndTouch reads and sets it", async () => {
    await mc.set("touch", utf8("t"), { ttl: 1000 });
    expect(await mc.touch("touch", 50)).toBe(true);
    expect((await mc.getItem("touch", { withTtl: true }))?.ttl).toBeLessThanOrEqual(50);
    expect(text(await mc.getAndTouch("touch", 500))).toBe("t");
    expect((await mc.getItem("touch", { withTtl: true }))?.ttl).toBeGreaterThan(400);
    expect(await mc.touch("touch-missing", 50)).toBe(false);
    expect(await mc.getAndTouch("touch-missing", 50)).toBeUndefined();
  });
});

describe("many keys", () => {
  it("getMany returns the hits of the distinct keys, once each", async () => {
    await mc.setMany([
      { key: "m1", value: utf8("one") },
      { key: "m2", value: utf8("two") },
    ]);
    const { hits, failures } = await mc.getMany(["m1", "missing", "m2", "m1"]);
    expect(failures).toEqual([]);
    expect(new Map([...hits].map(([k, v]) => [k, text(v)]))).toEqual(
      new Map([
        ["m1", "one"],
        ["m2", "two"],
      ]),
    );
    expect((await mc.getMany([])).hits.size).toBe(0);
  });

  it("setMany applies the call's and each entry's TTL and flags", async () => {
    await mc.setMany(
      [
        { key: "sm1", value: utf8("a") },
        { key: "sm2", value: utf8("b"), ttl: 0, clientFlags: 9 },
      ],
      { ttl: 100, clientFlags: 3 },
    );
    const { items } = await mc.getManyItems(["sm1", "sm2"], { withTtl: true });
    expect(items.get("sm1")).toMatchObject({ clientFlags: 3 });
    expect(items.get("sm1")?.ttl).toBeGreaterThan(90);
    expect(items.get("sm2")).toMatchObject({ clientFlags: 9, ttl: -1 });
  });

  it("setMany refuses a value over maxValueBytes without sending it, and stores the rest", async () => {
    const small = client({ servers: server.address, keyPrefix: prefix, maxValueBytes: 10 });
    const { failures } = await small.setMany([
      { key: "fits", value: utf8("0123456789") },
      { key: "too-big", value: utf8("0123456789A") },
    ]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      keys: ["too-big"],
      server: server.address,
      error: { code: "E_VALUE_TOO_LARGE", size: 11, limit: 10 },
    });
    expect(text(await mc.get("fits"))).toBe("0123456789");
    expect(await mc.get("too-big")).toBeUndefined();
  });

  it("deleteMany removes every key; keys that were not there are no failure", async () => {
    await mc.setMany([
      { key: "dm1", value: utf8("a") },
      { key: "dm2", value: utf8("b") },
    ]);
    expect((await mc.deleteMany(["dm1", "dm2", "dm-never"])).failures).toEqual([]);
    expect((await mc.getMany(["dm1", "dm2"])).hits.size).toBe(0);
  });

  it("1,000 keys in one getMany come back each with its own value", async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `bulk-${i}`);
    await mc.setMany(keys.map((key) => ({ key, value: utf8(`value of ${key}`) })));
    const { hits } = await mc.getMany([...keys, "bulk-missing"]);
    expect(hits.size).toBe(1000);
    for (const [key, value] of hits) expect(text(value)).toBe(`value of ${key}`);
  });
});

describe("gets of one tick", () => {
  it("travel as one batch, yet each settles with its own key's value", async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `tick-${i}`);
    await mc.setMany(keys.filter((_, i) => i % 3 !== 0).map((key) => ({ key, value: utf8(key) })));
    const values = await Promise.all(keys.map((key) => mc.get(key)));
    values.forEach((value, i) => {
      expect(text(value)).toBe(i % 3 === 0 ? undefined : keys[i]);
    });
  });

  it("leave before a later request to the same server, so a get made before a set reads the old value", async () => {
    const ordered = client({ servers: server.address, keyPrefix: prefix, poolSize: 1 });
    await ordered.set("order", utf8("old"));
    const read = ordered.get("order");
    const written = ordered.set("order", utf8("new"));
    expect(text(await read)).toBe("old");
    await written;
    expect(text(await ordered.get("order"))).toBe("new");
  });

  it("an aborted get rejects at once with its reason; the others in its batch still resolve", async () => {
    await mc.set("abort-a", utf8("a"));
    await mc.set("abort-b", utf8("b"));
    const controller = new AbortController();
    const reason = new Error("not needed any more");
    const aborted = mc.get("abort-a", { signal: controller.signal });
    const kept = mc.get("abort-b", { signal: new AbortController().signal });
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(text(await kept)).toBe("b");
  });

  it("a get whose key cannot be sent fails alone, before the batch", async () => {
    await mc.set("fine", utf8("f"));
    const bad = mc.get("");
    const good = mc.get("fine");
    await expect(bad).rejects.toMatchObject({ code: "E_INVALID_KEY" });
    expect(text(await good)).toBe("f");
  });
});

describe("calls and lifecycle", () => {
  it("an aborted signal rejects the call with its reason", async () => {
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    controller.abort(reason);
    await expect(mc.get("a", { signal: controller.signal })).rejects.toBe(reason);
    await expect(mc.getMany(["a", "b"], { signal: controller.signal })).rejects.toBe(reason);
  });

  it("stats report each server's connection and ejection counters", async () => {
    const [stats] = mc.stats();
    expect(stats).toMatchObject({
      server: server.address,
      state: "ready",
      connectFailures: 0,
      connectionsLost: 0,
      ejections: 0,
      refusedWhileEjected: 0,
      timeouts: 0,
    });
    // The second connection of the pool opens once requests overlap.
    expect(stats?.connects).toBeGreaterThanOrEqual(1);
    expect(stats?.connects).toBeLessThanOrEqual(2);
  });

  it("close lets calls in flight finish, then every call rejects with E_CLOSED", async () => {
    const closing = client({ servers: server.address, keyPrefix: prefix });
    await closing.set("closing", utf8("v"));
    const inFlight = closing.get("closing");
    const closed = closing.close();
    expect(text(await inFlight)).toBe("v");
    await closed;
    await closing.close();
    await expect(closing.get("closing")).rejects.toMatchObject({ code: "E_CLOSED" });
    await expect(closing.set("closing", utf8("x"))).rejects.toMatchObject({ code: "E_CLOSED" });
    await expect(closing.getMany(["closing"])).rejects.toMatchObject({ code: "E_CLOSED" });
  });
});
