import { freeLoopbackPort, type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type MemcachedClient, MemcachedKeyError } from "../../src/index.js";
import {
  client,
  closeClients,
  eventually,
  runPrefix,
  type Settled,
  settle,
  sleep,
  text,
  utf8,
} from "../client/helpers.js";
import { rawExchange, rawGet } from "./raw-text.js";

/**
 * The probes of the memcached findings, a) to f): the failures that npm clients did not survive,
 * each against a real memcached.
 */
const prefix = runPrefix("findings");

afterEach(closeClients);

describe("a) keys never reach the server as protocol text", () => {
  let server: MemcachedServer;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(() => server?.stop());

  const hostile = [
    "k\r\nflush_all\r\n",
    "k\r\nset victim 0 0 5\r\nEVIL!\r\n",
    "mg victim v\r\n",
    "a b",
    " ",
    "\0",
    "\x01\x02\x7f",
    "tab\there",
    "日本語",
  ];

  it("keys with CR/LF, spaces and control bytes are stored under their exact bytes, and run nothing", async () => {
    const mc = client({ servers: server.address });
    await mc.set("victim", utf8("original"));
    await mc.set("sentinel", utf8("still here"));
    for (const [i, key] of hostile.entries()) {
      expect(await mc.set(key, utf8(`value ${i}`))).toBe("stored");
    }
    // No command ran: flush_all would have emptied the cache, the forged set overwritten victim.
    expect(text(await mc.get("sentinel"))).toBe("still here");
    expect(text(await mc.get("victim"))).toBe("original");
    for (const [i, key] of hostile.entries()) {
      expect(text(await mc.get(key)), JSON.stringify(key)).toBe(`value ${i}`);
      // Another client finds the item under the key's exact UTF-8 bytes.
      expect(text(await rawGet(server.port, utf8(key))), JSON.stringify(key)).toBe(`value ${i}`);
    }
    const plain = await rawExchange(server.port, "mg victim v\r\n", "\r\n");
    expect(plain.toString("latin1")).toContain("original");
  });

  it("an empty key, or one over 250 bytes, is refused with a typed error before anything is sent", async () => {
    const mc = client({ servers: server.address, keyPrefix: prefix });
    for (const [key, problem] of [
      ["", "empty"],
      ["x".repeat(251), "too-long"],
      ["é".repeat(100), "too-long"],
      ["\ud800", "malformed"],
    ] as const) {
      const error = await mc.set(key, utf8("v")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MemcachedKeyError);
      expect(error).toMatchObject({ code: "E_INVALID_KEY", problem });
      await expect(mc.get(key)).rejects.toMatchObject({ code: "E_INVALID_KEY", problem });
      await expect(mc.getMany(["fine", key])).rejects.toMatchObject({ code: "E_INVALID_KEY" });
    }
    expect(mc.stats()[0]?.connects).toBe(0);
  });

  it('with longKeys: "hash", long keys are stored distinctly', async () => {
    const mc = client({ servers: server.address, keyPrefix: prefix, longKeys: "hash" });
    const keys = [`${"x".repeat(999)}a`, `${"x".repeat(999)}b`, "é".repeat(300)];
    for (const key of keys) await mc.set(key, utf8(key.slice(-3)));
    for (const key of keys) expect(text(await mc.get(key))).toBe(key.slice(-3));
  });
});

describe("b) a value over the server's item size limit", () => {
  let server: MemcachedServer;
  beforeAll(async () => {
    server = await startMemcached({ maxItemSize: "512k" });
  });
  afterAll(() => server?.stop());

  it("is a typed error from the server's answer, and the connection stays usable", async () => {
    // maxValueBytes larger than the server's -I, so the value reaches the server.
    const mc = client({ servers: server.address, keyPrefix: prefix, maxValueBytes: 1024 * 1024 });
    await mc.set("before", utf8("b"));
    const error = await mc.set("big", new Uint8Array(600 * 1024)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "ValueTooLargeError", code: "E_VALUE_TOO_LARGE" });
    expect(text(await mc.get("before"))).toBe("b");
    await mc.set("after", utf8("a"));
    expect(text(await mc.get("after"))).toBe("a");
    expect(mc.stats()[0]).toMatchObject({ connects: 1, connectionsLost: 0 });
  });

  it("over the client's maxValueBytes, it is refused before it is sent", async () => {
    const mc = client({ servers: server.address, keyPrefix: prefix, maxValueBytes: 1000 });
    await expect(mc.set("big", new Uint8Array(1001))).rejects.toMatchObject({
      code: "E_VALUE_TOO_LARGE",
      size: 1001,
      limit: 1000,
    });
    expect(mc.stats()[0]?.connects).toBe(0);
  });
});

describe("c) no server listening", () => {
  it("every operation fails fast with a typed error; nothing hangs", async () => {
    const port = await freeLoopbackPort();
    const mc = client({ servers: `127.0.0.1:${port}`, timeoutMs: 2000, ejectMs: 60_000 });
    const operations: [string, () => Promise<unknown>][] = [
      ["get", () => mc.get("k")],
      ["set", () => mc.set("k", utf8("v"))],
      ["delete", () => mc.delete("k")],
      ["incr", () => mc.incr("k")],
      ["touch", () => mc.touch("k", 5)],
      ["getWithLease", () => mc.getWithLease("k", { leaseTtlSeconds: 5 })],
    ];
    const first = await Promise.all(
      Array.from({ length: 200 }, (_, i) => settle(operations[i % operations.length]![1]())),
    );
    for (const result of first) {
      expect(result.state).toBe("rejected");
      expect(result.afterMs).toBeLessThan(1500);
      expect(result.state === "rejected" && result.error).toMatchObject({
        name: "NetError",
        code: expect.stringMatching(/^E_NET_(CONNECT_FAILED|UNAVAILABLE)$/),
      });
    }
    // The server is ejected now: calls fail at once, without trying to connect.
    for (const [name, operation] of operations) {
      const result = await settle(operation());
      expect(result.state === "rejected" && result.error, name).toMatchObject({
        code: "E_NET_UNAVAILABLE",
      });
      expect(result.afterMs, name).toBeLessThan(250);
    }
    const batch = await mc.getMany(["a", "b"]);
    expect(batch.hits.size).toBe(0);
    expect(batch.failures[0]?.error).toMatchObject({ code: "E_NET_UNAVAILABLE" });
    expect(mc.stats()[0]).toMatchObject({ state: "ejected", connects: 0, connectFailures: 1 });
  });
});

/** A value that names its key and the round it was written in, so a mix-up shows. */
const expectedValue = (key: string, round: number): string => `${key}=${round}`;

describe("d) server killed and restarted mid-load", () => {
  let server: MemcachedServer;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(() => server?.stop());

  it("operations fail during the gap, recover by themselves right after, and no value reaches the wrong caller", async () => {
    const ejectMs = 200;
    const mc = client({ servers: server.address, keyPrefix: prefix, timeoutMs: 500, ejectMs });
    const load = new Load(mc, 50);
    const running = load.run();
    await sleep(300);
    await server.kill();
    await sleep(300);
    const failuresInGap = load.failures;
    await server.restart();
    const restartedAt = performance.now();
    const recovered = await eventually(async () => load.successesSince(restartedAt) > 50, 5000, 10);
    const recoveredAfterMs = performance.now() - restartedAt;
    await load.stop();
    await running;

    expect(load.wrongValues).toEqual([]);
    expect(load.untypedErrors).toEqual([]);
    expect(failuresInGap).toBeGreaterThan(0);
    expect(recovered).toBe(true);
    // At most one ejection window (plus scheduling slack on a shared machine).
    expect(recoveredAfterMs).toBeLessThan(ejectMs + 1500);
  });
});

describe("e) server stalled (SIGSTOP) past the operation timeout with hundreds of gets in flight", () => {
  let server: MemcachedServer;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(async () => {
    if (server?.stalled) server.resume();
    await server?.stop();
  });

  it("every get settles within its deadline, none with another key's value, and the client recovers", async () => {
    const timeoutMs = 300;
    const ejectMs = 400;
    const mc = client({ servers: server.address, keyPrefix: prefix, timeoutMs, ejectMs });
    const keys = Array.from({ length: 500 }, (_, i) => `stall-${i}`);
    await mc.setMany(keys.map((key) => ({ key, value: utf8(expectedValue(key, 1)) })));

    // Half the gets are answered before the stall, the rest are in flight when it hits.
    const before = keys.slice(0, 250).map((key) => settle(mc.get(key)));
    await sleep(0);
    server.stall();
    const during = keys.slice(250).map((key) => settle(mc.get(key)));
    const results = await Promise.all([...before, ...during]);
    // Stay stalled well past the timeout, then let the server answer what it had read.
    await sleep(timeoutMs);
    server.resume();

    const stalled: Settled<Uint8Array | undefined>[] = [];
    results.forEach((result, i) => {
      const key = keys[i] as string;
      expect(result.afterMs, key).toBeLessThan(timeoutMs + 1000);
      if (result.state === "fulfilled") {
        expect(text(result.value), key).toBe(expectedValue(key, 1));
      } else {
        stalled.push(result);
        expect(result.error, key).toMatchObject({
          name: "NetError",
          code: expect.stringMatching(/^E_NET_(TIMEOUT|CONNECTION_LOST|UNAVAILABLE)$/),
        });
      }
    });
    expect(
      stalled.length,
      "gets sent after the stall cannot have been answered",
    ).toBeGreaterThanOrEqual(250);
    expect(mc.stats()[0]).toMatchObject({ ejections: 1 });

    // After the eject window the same keys are read again, each with its own value.
    const recovered = await eventually(
      async () => (await mc.get(keys[0] as string)) !== undefined,
      3000,
      20,
    );
    expect(recovered).toBe(true);
    const again = await Promise.all(keys.map((key) => mc.get(key)));
    again.forEach((value, i) => {
      expect(text(value), keys[i]).toBe(expectedValue(keys[i] as string, 1));
    });
  });
});

describe("f) binary and UTF-8 values round-trip exactly, whoever wrote them", () => {
  let server: MemcachedServer;
  let mc: MemcachedClient;
  beforeAll(async () => {
    server = await startMemcached();
  });
  afterAll(() => server?.stop());

  const values: [string, Uint8Array][] = [
    ["every byte", Uint8Array.from({ length: 256 }, (_, i) => i)],
    ["CR LF and reply look-alikes", utf8("\r\nEND\r\nVA 3\r\nMN\r\n\n\r")],
    ["NUL and 0xFF runs", Uint8Array.from([0, 0, 255, 255, 0, 13, 10])],
    ["UTF-8", utf8("日本語 😀 café naïve")],
  ];

  it("values written by this client read back byte for byte, here and by another client", async () => {
    mc = client({ servers: server.address });
    for (const [name, value] of values) {
      await mc.set(`ours:${name}`, value);
      expect(Buffer.compare((await mc.get(`ours:${name}`)) as Uint8Array, value), name).toBe(0);
      const raw = await rawGet(server.port, utf8(`ours:${name}`));
      expect(raw && Buffer.compare(raw, value), name).toBe(0);
    }
  });

  it("values written by another client (text and meta protocol) read back byte for byte", async () => {
    mc = client({ servers: server.address });
    for (const [i, [name, value]] of values.entries()) {
      const textKey = `text-${i}`;
      const metaKey = `meta-${i}`;
      await rawExchange(
        server.port,
        Buffer.concat([
          Buffer.from(`set ${textKey} 0 0 ${value.length}\r\n`),
          value,
          Buffer.from("\r\n"),
        ]),
        "STORED\r\n",
      );
      await rawExchange(
        server.port,
        Buffer.concat([
          Buffer.from(`ms ${metaKey} ${value.length} F0\r\n`),
          value,
          Buffer.from("\r\n"),
        ]),
        "HD\r\n",
      );
      for (const key of [textKey, metaKey]) {
        const read = (await mc.get(key)) as Uint8Array;
        expect(Buffer.compare(read, value), `${name} (${key})`).toBe(0);
      }
      const { hits } = await mc.getMany([textKey, metaKey]);
      expect(Buffer.compare(hits.get(textKey) as Uint8Array, value)).toBe(0);
      expect(Buffer.compare(hits.get(metaKey) as Uint8Array, value)).toBe(0);
    }
  });
});

/**
 * Workers that set and read distinct keys in a loop, checking every value read against the key's
 * latest write, and counting what fails and how.
 */
class Load {
  readonly wrongValues: string[] = [];
  readonly untypedErrors: unknown[] = [];
  failures = 0;
  private readonly successTimes: number[] = [];
  private stopped = false;

  constructor(
    private readonly mc: MemcachedClient,
    private readonly workers: number,
  ) {}

  async run(): Promise<void> {
    await Promise.all(Array.from({ length: this.workers }, (_, i) => this.worker(`load-${i}`)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  successesSince(time: number): number {
    return this.successTimes.filter((t) => t >= time).length;
  }

  private async worker(key: string): Promise<void> {
    for (let round = 0; !this.stopped; round++) {
      try {
        await this.mc.set(key, utf8(expectedValue(key, round)));
        const read = await this.mc.get(key);
        // A restart may empty the cache between the set and the get: a miss, never another value.
        if (read !== undefined && text(read) !== expectedValue(key, round)) {
          this.wrongValues.push(`${key}: ${text(read)}`);
        }
        this.successTimes.push(performance.now());
      } catch (error) {
        this.failures++;
        const code = (error as { code?: unknown }).code;
        if (typeof code !== "string" || !code.startsWith("E_NET_")) this.untypedErrors.push(error);
        await sleep(5);
      }
    }
  }
}
