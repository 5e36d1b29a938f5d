import {
  type FaultProxy,
  type MemcachedServer,
  startFaultProxy,
  startMemcached,
} from "@tier/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MemcachedClient } from "../../src/index.js";
import { client, closeClients, runPrefix, settle, text, utf8 } from "../client/helpers.js";

/**
 * A TCP fault proxy between the client and a real memcached: broken streams close the connection
 * and fail what was in flight with a typed error; no reply ever reaches the wrong caller; the
 * client recovers as soon as the stream is healthy again.
 */
let server: MemcachedServer;
let proxy: FaultProxy;
let mc: MemcachedClient;
const keys = Array.from({ length: 200 }, (_, i) => `proxied-${i}`);
const expectedValue = (key: string): string => `the value of ${key}`;

beforeAll(async () => {
  server = await startMemcached();
  proxy = await startFaultProxy({ target: { host: server.host, port: server.port } });
});

afterEach(async () => {
  proxy.clearFault();
  await closeClients();
});

afterAll(async () => {
  await proxy?.close();
  await server?.stop();
});

async function seeded(): Promise<MemcachedClient> {
  mc = client({
    servers: `${proxy.host}:${proxy.port}`,
    keyPrefix: runPrefix("proxy"),
    timeoutMs: 400,
    ejectMs: 100,
  });
  await mc.setMany(keys.map((key) => ({ key, value: utf8(expectedValue(key)) })));
  return mc;
}

/** Reads every key at once; each read must be its key's value or a typed error. */
async function readAll(): Promise<{ ok: number; failed: number; codes: Set<string> }> {
  const results = await Promise.all(keys.map((key) => settle(mc.get(key))));
  let ok = 0;
  const codes = new Set<string>();
  results.forEach((result, i) => {
    const key = keys[i] as string;
    if (result.state === "fulfilled") {
      expect(text(result.value), key).toBe(expectedValue(key));
      ok++;
    } else {
      const code = (result.error as { code?: string }).code ?? "untyped";
      codes.add(code);
      expect(code, key).toMatch(/^E_(NET_|PROTOCOL)/);
    }
  });
  return { ok, failed: results.length - ok, codes };
}

async function recovers(): Promise<void> {
  proxy.clearFault();
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(await readAll()).toMatchObject({ ok: keys.length, failed: 0 });
}

describe("through a faulty link", () => {
  it("garbage in the reply stream: a protocol error closes the connection, then reads recover", async () => {
    await seeded();
    proxy.setFault({ kind: "garbage", bytes: 64 });
    const { failed, codes } = await readAll();
    expect(failed).toBeGreaterThan(0);
    expect(codes.has("E_PROTOCOL")).toBe(true);
    expect(mc.stats()[0]?.connectionsLost).toBeGreaterThanOrEqual(1);
    await recovers();
  });

  it("a reset in the middle of the replies fails what was in flight, typed", async () => {
    await seeded();
    proxy.setFault({ kind: "reset", afterBytes: 1000 });
    // The gets of one tick travel as one batch: the reset fails all of it.
    const { failed } = await readAll();
    expect(failed).toBeGreaterThan(0);
    await recovers();
  });

  it("a reply cut short by a FIN fails what was in flight, typed", async () => {
    await seeded();
    proxy.setFault({ kind: "truncate", afterBytes: 777 });
    const { failed, codes } = await readAll();
    expect(failed).toBeGreaterThan(0);
    expect([...codes].every((code) => code.startsWith("E_NET_"))).toBe(true);
    await recovers();
  });

  it("replies held back past the deadline and released late reach nobody", async () => {
    await seeded();
    proxy.setFault({ kind: "stall" });
    const stalled = await Promise.all(keys.map((key) => settle(mc.get(key))));
    for (const result of stalled) {
      expect(result.state).toBe("rejected");
      expect(result.afterMs).toBeLessThan(400 + 1000);
    }
    // The late replies arrive on a connection the client has closed.
    await recovers();
  });

  it("latency alone changes nothing but the time", async () => {
    await seeded();
    proxy.setFault({ kind: "latency", ms: 30 });
    expect(await readAll()).toMatchObject({ ok: keys.length, failed: 0 });
    const { hits } = await mc.getMany(keys);
    expect(hits.size).toBe(keys.length);
  });
});
