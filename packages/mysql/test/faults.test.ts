import { createChain, memoryTier, SourceError } from "@tier/core";
import { type FaultProxy, startFaultProxy } from "@tier/testkit";
import { createPool } from "mysql2/promise";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MysqlRow, type MysqlSource, mysqlSource } from "../src/index.js";
import { MYSQL_TARGET, urlVia, useTable } from "./helpers/database.js";
import { expectSourceError, outcomeOf } from "./helpers/outcome.js";

/**
 * The server failing under a load, through a fault proxy in front of the real MariaDB: it stops
 * answering, resets, cuts replies short, refuses connections. Every failure must be a typed
 * `SourceError` within the source's `timeoutMs`, and the next load after the fault is cleared
 * must succeed.
 */
const TIMEOUT_MS = 800;
/** Generous: the machine is shared and slow; what matters is "bounded", not "fast". */
const SETTLE_MARGIN_MS = 2500;
const ROWS = 200;

let proxy: FaultProxy;
let opened: { close(): Promise<void> }[] = [];

const ids = Array.from({ length: ROWS }, (_, i) => String(i + 1));

const table = useTable("faults", "(id INT PRIMARY KEY, label VARCHAR(250))", {
  columns: ["id", "label"],
  rows: ids.map((id) => [Number(id), `${id}:${"x".repeat(200)}`]),
});

beforeEach(async () => {
  proxy = await startFaultProxy({ target: MYSQL_TARGET });
});

afterEach(async () => {
  for (const resource of opened) await resource.close();
  opened = [];
  await proxy.close();
});

function sourceViaProxy(
  overrides: Partial<Parameters<typeof mysqlSource<MysqlRow>>[0]> = {},
): MysqlSource<MysqlRow> {
  const source = mysqlSource({
    connection: { uri: urlVia(proxy.host, proxy.port), connectionLimit: 2 },
    table: table.name,
    timeoutMs: TIMEOUT_MS,
    ...overrides,
  });
  opened.push(source);
  return source;
}

async function expectRecovery(source: MysqlSource<MysqlRow>): Promise<void> {
  proxy.clearFault();
  await proxy.resumeListening();
  const rows = await source.loadMany(["1", "2", "3"]);
  expect([...rows.keys()].sort()).toEqual(["1", "2", "3"]);
}

describe("a server that stops answering", () => {
  it("times out within timeoutMs, frees the stuck connection, and recovers", async () => {
    const source = sourceViaProxy({
      connection: { uri: urlVia(proxy.host, proxy.port), connectionLimit: 1 },
    });
    await source.loadMany(["1"]);
    proxy.setFault({ kind: "stall" });
    const outcome = await outcomeOf(source.loadMany(ids));
    const error = expectSourceError(outcome.error, "E_SOURCE_TIMEOUT", "E_MYSQL_TIMEOUT");
    expect(error.keys).toEqual(ids);
    expect(error.cause).toHaveProperty("message", expect.stringContaining("1 query running"));
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(outcome.elapsedMs).toBeLessThan(TIMEOUT_MS + SETTLE_MARGIN_MS);
    expect(source.stats().timeouts).toBe(1);
    // The connection whose reply never came was closed, not returned to the pool: once the
    // proxy forwards again, the close goes through and no connection is left open.
    proxy.clearFault();
    await expect.poll(() => proxy.stats().active, { timeout: SETTLE_MARGIN_MS }).toBe(0);
    await expectRecovery(source);
  });

  it("times out while waiting for a connection whose handshake stalls", async () => {
    proxy.setFault({ kind: "stall" });
    const source = sourceViaProxy();
    const outcome = await outcomeOf(source.loadMany(["1"]));
    const error = expectSourceError(outcome.error, "E_SOURCE_TIMEOUT", "E_MYSQL_TIMEOUT");
    expect(error.cause).toHaveProperty(
      "message",
      expect.stringContaining("1 waiting for a connection"),
    );
    expect(outcome.elapsedMs).toBeLessThan(TIMEOUT_MS + SETTLE_MARGIN_MS);
    await expectRecovery(source);
  });
});

describe("a connection that breaks mid-load", () => {
  it("reports a reset in the middle of a reply as a lost connection, and recovers", async () => {
    const source = sourceViaProxy();
    await source.loadMany(["1"]);
    proxy.setFault({ kind: "reset", afterBytes: 2000 });
    const outcome = await outcomeOf(source.loadMany(ids));
    const error = expectSourceError(outcome.error, "E_SOURCE_FAILED", "E_MYSQL_CONNECTION");
    expect(error.cause).toHaveProperty("driverCode", "ECONNRESET");
    await expectRecovery(source);
  });

  it("reports a reply cut short by a FIN as a lost connection, and recovers", async () => {
    const source = sourceViaProxy();
    await source.loadMany(["1"]);
    proxy.setFault({ kind: "truncate", afterBytes: 2000 });
    const outcome = await outcomeOf(source.loadMany(ids));
    expectSourceError(outcome.error, "E_SOURCE_FAILED", "E_MYSQL_CONNECTION");
    expect(outcome.elapsedMs).toBeLessThan(TIMEOUT_MS + SETTLE_MARGIN_MS);
    await expectRecovery(source);
  });

  it("reports the server going away while loads are in flight, and recovers", async () => {
    const source = sourceViaProxy({ maxBatch: 50 });
    await source.loadMany(["1"]);
    proxy.setFault({ kind: "latency", ms: 100 });
    const load = outcomeOf(source.loadMany(ids));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxy.resetAll()).toBeGreaterThan(0);
    const outcome = await load;
    expectSourceError(outcome.error, "E_SOURCE_FAILED", "E_MYSQL_CONNECTION");
    await expectRecovery(source);
  });

  it("answers garbage in a reply with a typed error within timeoutMs, and recovers", async () => {
    const source = sourceViaProxy();
    await source.loadMany(["1"]);
    // Garbage inside the reply, then the real stream on: mysql2 either rejects the bytes or
    // waits for a frame that never ends, and the load's deadline settles it.
    proxy.setFault({ kind: "garbage", bytes: 64, afterBytes: 100 });
    const outcome = await outcomeOf(source.loadMany(ids));
    expect(outcome.error).toBeInstanceOf(SourceError);
    expect(["E_SOURCE_FAILED", "E_SOURCE_TIMEOUT"]).toContain((outcome.error as SourceError).code);
    expect(outcome.elapsedMs).toBeLessThan(TIMEOUT_MS + SETTLE_MARGIN_MS);
    await expectRecovery(source);
  });
});

describe("a server that refuses connections", () => {
  it("reports connections reset on arrival, and recovers", async () => {
    proxy.setFault({ kind: "refuse" });
    const source = sourceViaProxy();
    const outcome = await outcomeOf(source.loadMany(["1", "2"]));
    expectSourceError(outcome.error, "E_SOURCE_FAILED", "E_MYSQL_CONNECTION");
    expect(outcome.elapsedMs).toBeLessThan(TIMEOUT_MS + SETTLE_MARGIN_MS);
    await expectRecovery(source);
  });

  it("reports a closed port (ECONNREFUSED), and recovers when it listens again", async () => {
    await proxy.pauseListening();
    const source = sourceViaProxy();
    const outcome = await outcomeOf(source.loadMany(["1"]));
    const error = expectSourceError(outcome.error, "E_SOURCE_FAILED", "E_MYSQL_CONNECTION");
    expect(error.cause).toHaveProperty("driverCode", "ECONNREFUSED");
    expect(error.cause).toHaveProperty("message", expect.stringMatching(/no connection: /));
    await expectRecovery(source);
  });
});

describe("an exhausted pool", () => {
  it("refuses a load at once when the pool's queue is full (E_SOURCE_OVERLOADED)", async () => {
    const pool = createPool({
      uri: urlVia(proxy.host, proxy.port),
      connectionLimit: 1,
      queueLimit: 1,
    });
    opened.push({ close: () => pool.end() });
    const source = sourceViaProxy({ connection: { pool } });
    await source.loadMany(["1"]);
    proxy.setFault({ kind: "stall" });
    const holding = outcomeOf(source.loadMany(["2"]));
    const queued = outcomeOf(source.loadMany(["3"]));
    const refused = await outcomeOf(source.loadMany(["4"]));
    expectSourceError(refused.error, "E_SOURCE_OVERLOADED", "E_MYSQL_OVERLOADED");
    // Refused without waiting: well before the other two give up.
    expect(refused.elapsedMs).toBeLessThan(TIMEOUT_MS);
    expectSourceError((await holding).error, "E_SOURCE_TIMEOUT", "E_MYSQL_TIMEOUT");
    expectSourceError((await queued).error, "E_SOURCE_TIMEOUT", "E_MYSQL_TIMEOUT");
    await expectRecovery(source);
  });
});

describe("the caller's signal", () => {
  it("cancels a stuck load at once when aborted", async () => {
    const source = sourceViaProxy({ timeoutMs: 30_000 });
    await source.loadMany(["1"]);
    proxy.setFault({ kind: "stall" });
    const controller = new AbortController();
    const load = outcomeOf(source.loadMany(["1", "2"], { signal: controller.signal }));
    setTimeout(() => controller.abort(new Error("caller went away")), 100);
    const outcome = await load;
    expectSourceError(outcome.error, "E_SOURCE_FAILED", "E_MYSQL_ABORTED");
    expect(outcome.elapsedMs).toBeLessThan(SETTLE_MARGIN_MS);
    await expectRecovery(source);
  });

  it("reads an abort by timeout as a timeout, and an already aborted signal sends nothing", async () => {
    const source = sourceViaProxy({ timeoutMs: 30_000 });
    proxy.setFault({ kind: "stall" });
    const timedOut = await outcomeOf(source.loadMany(["1"], { signal: AbortSignal.timeout(100) }));
    expectSourceError(timedOut.error, "E_SOURCE_TIMEOUT", "E_MYSQL_TIMEOUT");
    proxy.clearFault();
    const queries = source.stats().queries;
    const aborted = await outcomeOf(source.loadMany(["1"], { signal: AbortSignal.abort() }));
    expectSourceError(aborted.error, "E_SOURCE_FAILED", "E_MYSQL_ABORTED");
    expect(source.stats().queries).toBe(queries);
  });

  it("is honoured when the chain's own source deadline passes first", async () => {
    const source = sourceViaProxy({ timeoutMs: 30_000 });
    await using chain = createChain<MysqlRow>({
      tiers: [memoryTier()],
      source,
      sourceTimeoutMs: 300,
    });
    await chain.get("1");
    proxy.setFault({ kind: "stall" });
    const outcome = await outcomeOf(chain.get("2"));
    expect(outcome.error).toBeInstanceOf(SourceError);
    expect((outcome.error as SourceError).code).toBe("E_SOURCE_TIMEOUT");
    expect(outcome.elapsedMs).toBeLessThan(300 + SETTLE_MARGIN_MS);
    // The source heard the abort and gave up its load as a timeout too.
    await expect.poll(() => source.stats().timeouts).toBe(1);
    proxy.clearFault();
    expect((await chain.get("3"))?.id).toBe(3);
  });
});
