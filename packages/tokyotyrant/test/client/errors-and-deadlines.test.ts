import { setTimeout as sleep } from "node:timers/promises";
import { isTierError, NetError, ProtocolError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { TokyoTyrantError, TokyoTyrantFailedError } from "../../src/index.js";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { startScriptedServer } from "./support/scripted-server.js";
import { clientFor, valueFor } from "./support/servers.js";

const MARGIN_MS = 2000;

async function closedPort(): Promise<string> {
  const server = await startTokyoTyrantTestServer({ database: "hash" });
  await server.stop();
  return server.address;
}

describe("network failures are typed errors", () => {
  it("connection refused, then unavailable during the backoff", async () => {
    await using client = clientFor(await closedPort(), { backoff: { initialMs: 10_000 } });
    const refused = await client.get("k").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NetError);
    expect(refused).toMatchObject({ code: "E_NET_CONNECT_FAILED" });
    const unavailable = await client.put("k", "v").catch((e: unknown) => e);
    expect(unavailable).toMatchObject({ code: "E_NET_UNAVAILABLE" });
    expect(client.stats().servers[0]).toMatchObject({ state: "backoff", refusedInBackoff: 1 });
  });

  it("a stalled server times out by the call's deadline", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address, { timeoutMs: 5000 });
    await client.put("k", "v");
    server.stall();
    const started = performance.now();
    const error = await client.get("k", { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NET_TIMEOUT" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(performance.now() - started).toBeLessThan(200 + MARGIN_MS);
    server.resume();
  });

  it("a late reply never reaches a later caller", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address, { poolSize: 1 });
    await client.putMany(["a", "b", "c"].map((key) => ({ key, value: valueFor(key) })));
    server.stall();
    const late = client.get("a", { timeoutMs: 150 }).catch((e: unknown) => e);
    const lateToo = client.get("b", { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(await late).toMatchObject({ code: "E_NET_TIMEOUT" });
    // The connection was closed with everything on it, so "b" failed too rather than wait.
    expect(await lateToo).toMatchObject({ code: "E_NET_CONNECTION_LOST" });
    server.resume();
    await sleep(50);
    expect((await client.get("c"))?.toString()).toBe(valueFor("c"));
    expect((await client.get("b"))?.toString()).toBe(valueFor("b"));
  });

  it("an aborted signal rejects the call with its reason", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address);
    server.stall();
    const controller = new AbortController();
    const call = client.get("k", { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort(new Error("caller gave up"));
    expect(await call).toMatchObject({ message: "caller gave up" });
    server.resume();
    await client.put("k", "v");
    expect((await client.get("k"))?.toString()).toBe("v");
  });

  it("a closed client refuses calls; close is idempotent and lets calls in flight finish", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = clientFor(server.address);
    await client.put("k", "v");
    const inFlight = client.get("k");
    const closing = client.close();
    expect(client.close()).toBe(closing);
    expect((await inFlight)?.toString()).toBe("v");
    await closing;
    await expect(client.get("k")).rejects.toMatchObject({ code: "E_NET_CLOSED" });
  });
});

describe("broken replies are protocol errors that close the connection", () => {
  it("a status byte other than 0 or 1 fails every call on the connection", async () => {
    await using fake = await startScriptedServer((_chunk, connection) =>
      connection === 0 ? Buffer.from([0x85, 0x00]) : Buffer.from([0x00, 0, 0, 0, 1, 0x61]),
    );
    await using client = clientFor(fake.address, { poolSize: 1, database: "hash" });
    const error = await client.get("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: "E_PROTOCOL", protocol: "tokyotyrant" });
    // A new connection is opened for the next call, and answers properly.
    expect((await client.get("k"))?.toString()).toBe("a");
    expect(fake.connections).toBe(2);
  });

  it("an mget reply with a key that was not asked for is refused", async () => {
    const reply = Buffer.concat([
      Buffer.from([0, 0, 0, 0, 1]),
      Buffer.from([0, 0, 0, 5, 0, 0, 0, 1]),
      Buffer.from("other"),
      Buffer.from("v"),
    ]);
    await using fake = await startScriptedServer(() => reply);
    await using client = clientFor(fake.address);
    await expect(client.getMany(["mine"])).rejects.toMatchObject({ code: "E_PROTOCOL" });
  });

  it("a reply longer than the limits is refused before it is read", async () => {
    const claim = Buffer.from([0, 0x00, 0x10, 0x00, 0x00]); // a 1 MiB value follows...
    await using fake = await startScriptedServer(() => claim);
    await using client = clientFor(fake.address, { limits: { maxValueBytes: 1000 } });
    await expect(client.get("k")).rejects.toMatchObject({ code: "E_PROTOCOL" });
  });
});

describe("refusals and failures", () => {
  it("errors are TierErrors with stable codes and the package prefix", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address);
    await client.put("k", "not a counter");
    const failed = await client.addDouble("k", 1).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TokyoTyrantFailedError);
    expect(isTierError(failed)).toBe(true);
    expect(failed).toMatchObject({ code: "E_TT_FAILED", command: "adddouble" });
    expect((failed as Error).message).toMatch(
      /^\[tier\] \[tokyotyrant\] 127\.0\.0\.1:\d+: adddouble/,
    );
  });

  it("refuses arguments the protocol cannot carry, sending nothing", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address);
    const refusals = [
      () => client.get("\ud800"),
      () => client.getMany(["ok", "\udc00"]),
      () => client.getMany([Buffer.from("k") as unknown as string]),
      () => client.put(42 as unknown as string, "v"),
      () => client.misc("x".repeat(1024), []),
      () => client.addInt("k", 2 ** 40),
      () => client.putShl("k", "v", -1),
      () => client.get("k", { timeoutMs: -5 }),
    ];
    for (const call of refusals) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TokyoTyrantError);
      expect((error as TokyoTyrantError).code).toMatch(/^E_TT_INVALID_(ARGUMENT|OPTION)$/);
    }
    expect(Object.values(server.requestCounts().commands).every((n) => n === 0)).toBe(true);
  });
});

describe("pipelining", () => {
  it("answers thousands of concurrent calls on a small pool, each with its own value", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address, { poolSize: 2 });
    const keys = Array.from({ length: 3000 }, (_, i) => `k${i}`);
    await Promise.all(keys.map((key) => client.put(key, valueFor(key))));
    const values = await Promise.all(keys.map((key) => client.get(key)));
    expect(values.map((value) => value?.toString())).toEqual(keys.map(valueFor));
    expect(client.stats().servers[0]!.connects).toBeLessThanOrEqual(2);
  });
});
