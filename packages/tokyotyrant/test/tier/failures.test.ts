import { type FaultProxy, startFaultProxy } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokyoTyrantClient } from "../../src/client.js";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { type TokyoTyrantTierOptions, tokyoTyrantTier } from "../../src/tier.js";
import { useTierFixture } from "./fixture.js";
import { bytes, call, entries, keysOf } from "./support.js";

/** Extra time a deadline may overrun on this shared, noisy machine. */
const ALLOWANCE_MS = 1_500;

const fixture = useTierFixture("hash", () => ({}));
const open = fixture.open;

/** How long `promise` takes to settle, and how. */
async function timed(promise: Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { ms: performance.now() - started, error };
}

describe("a server that stops answering", () => {
  it("fails every call within the client's timeout, then works again", async () => {
    const tier = open({ timeoutMs: 300, ttl: true });
    await tier.setMany(entries("s", 3, 60), call());
    fixture.server.stall();
    const calls = [
      tier.getMany(["s0"], call(10_000)),
      tier.setMany(entries("s", 3, 60), call(10_000)),
      tier.deleteMany(["s0"], call(10_000)),
    ];
    for (const settled of await Promise.all(calls.map(timed))) {
      // The first to time out closes the connection, which fails the others on it at once.
      expect(settled.error).toMatchObject({
        code: expect.stringMatching(/^E_NET_(TIMEOUT|CONNECTION_LOST)$/),
      });
      expect(settled.ms).toBeLessThan(300 + ALLOWANCE_MS);
    }
    fixture.server.resume();
    expect((await tier.getMany(["s1"], call())).get("s1")).toEqual(bytes("value of s1"));
  });

  it("fails a call when the caller's signal aborts first", async () => {
    const tier = open({ timeoutMs: 10_000 });
    fixture.server.stall();
    const settled = await timed(tier.getMany(["k"], { signal: AbortSignal.timeout(100) }));
    expect(settled.error).toBeInstanceOf(Error);
    expect(settled.ms).toBeLessThan(100 + ALLOWANCE_MS);
  });
});

describe("a server that answers garbage", () => {
  let proxy: FaultProxy;

  beforeAll(async () => {
    proxy = await startFaultProxy({
      target: { host: fixture.server.host, port: fixture.server.port },
    });
  });

  afterAll(async () => {
    await proxy?.close();
  });

  it("never returns a wrong value: each read is either right or fails", async () => {
    const tier = open({ servers: `${proxy.host}:${proxy.port}`, timeoutMs: 500 });
    const written = entries("g", 50, 0);
    await tier.setMany(written, call());
    const expected = new Map(written.map((entry) => [entry.key, entry.value]));
    let failures = 0;
    for (let round = 0; round < 20; round++) {
      proxy.setFault({ kind: "garbage", bytes: 1 + round * 7 });
      const found = await tier.getMany(keysOf(written), call()).catch(() => undefined);
      proxy.clearFault();
      if (found === undefined) {
        failures++;
        continue;
      }
      for (const [key, value] of found) expect(value, key).toEqual(expected.get(key));
    }
    expect(failures).toBeGreaterThan(0);
  });
});

describe("keys and values the tier refuses", () => {
  it("reads a key with a lone surrogate as a miss, without failing the others", async () => {
    const tier = open();
    await tier.setMany([{ key: "fine", value: bytes("ok"), ttlSeconds: 0 }], call());
    const found = await tier.getMany(["\ud800", "fine", "a\udfffb"], call());
    expect(found).toEqual(new Map([["fine", bytes("ok")]]));
    await expect(tier.deleteMany(["\ud800"], call())).resolves.toBeUndefined();
  });

  it("refuses a batch with such a key, writing none of it", async () => {
    const tier = open();
    const error = await tier
      .setMany(
        [
          { key: "written-not", value: bytes("x"), ttlSeconds: 0 },
          { key: "\udc00", value: bytes("x"), ttlSeconds: 0 },
        ],
        call(),
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_INVALID_KEY" });
    expect((await tier.getMany(["written-not"], call())).size).toBe(0);
  });

  it("refuses values over maxValueBytes with E_VALUE_TOO_LARGE, and says the limit", async () => {
    const tier = open({ maxValueBytes: 10 });
    expect(tier.capabilities.maxValueBytes).toBe(10);
    await expect(
      tier.setMany([{ key: "big", value: new Uint8Array(11), ttlSeconds: 0 }], call()),
    ).rejects.toMatchObject({ code: "E_VALUE_TOO_LARGE", size: 11, limit: 10 });
    expect(open({ ttl: true }).capabilities.maxValueBytes).toBe(256 * 1024 * 1024 - 10);
  });

  it("refuses an empty key on a table database, whose server it would crash", async () => {
    const table = await startTokyoTyrantTestServer({ database: "table" });
    try {
      const tier = open({ servers: table.address, database: "table" });
      await expect(
        tier.setMany([{ key: "", value: bytes("x"), ttlSeconds: 0 }], call()),
      ).rejects.toMatchObject({ code: "E_INVALID_KEY" });
      expect(table.state).toBe("listening");
    } finally {
      await table.stop();
    }
  });
});

describe("closing", () => {
  it("rejects calls after close, and leaves a client it was given open", async () => {
    const client = createTokyoTyrantClient({ servers: fixture.server.address });
    try {
      const tier = tokyoTyrantTier({ client });
      await tier.setMany([{ key: "c", value: bytes("v"), ttlSeconds: 0 }], call());
      await tier.close();
      await expect(tier.getMany(["c"], call())).rejects.toMatchObject({ code: "E_CLOSED" });
      await expect(tier.gc()).rejects.toMatchObject({ code: "E_CLOSED" });
      expect(await client.get("c")).toEqual(bytes("v"));
    } finally {
      await client.close();
    }
  });

  it("closes the client it made", async () => {
    const tier = open();
    await tier.close();
    await expect(tier.client.get("anything")).rejects.toMatchObject({ code: "E_NET_CLOSED" });
  });
});

describe("options", () => {
  const servers = "127.0.0.1:1";
  it.each([
    [{ servers, database: "memory" }, /database/],
    [{ servers, ttl: "yes" }, /ttl/],
    [{ servers, defaultTtlSeconds: 60 }, /defaultTtlSeconds must be 0 unless ttl/],
    [{ servers, ttl: true, defaultTtlSeconds: -1 }, /defaultTtlSeconds/],
    [{ servers, backfillWrites: "putnr", database: "table" }, /putnr/],
    [{ servers, backfillWrites: "fast" }, /backfillWrites/],
    [{ servers, name: "" }, /name/],
    [{ servers, keyPrefix: "\ud800" }, /keyPrefix/],
    [{ servers, tableColumns: { value: "x" } }, /differ/],
    [{ servers, tableColumns: { expiry: "a\0b" } }, /tableColumns.expiry/],
    [{ servers, gc: { intervalMs: -1 } }, /gc.intervalMs/],
    [{ servers, gc: { every: 5 } }, /unknown gc option/],
    [{ servers, maxValueBytes: 1.5 }, /maxValueBytes/],
    [{ servers, maxValueBytes: 2 ** 40 }, /maxValueBytes can be at most/],
    [{ client: {}, servers }, /client must be a TokyoTyrantClient/],
    [{ timeoutMs: 5 }, /servers/],
  ])("refuses %j", (options, message) => {
    expect(() => tokyoTyrantTier(options as unknown as TokyoTyrantTierOptions)).toThrow(message);
  });

  it("refuses a client together with client options", async () => {
    const client = createTokyoTyrantClient({ servers: fixture.server.address });
    try {
      expect(() => tokyoTyrantTier({ client, timeoutMs: 5 })).toThrow(
        /either client or client options/,
      );
    } finally {
      await client.close();
    }
  });
});
