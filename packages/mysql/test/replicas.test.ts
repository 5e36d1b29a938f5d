import { type FaultProxy, startFaultProxy } from "@tier/testkit";
import { createPoolCluster } from "mysql2/promise";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MysqlRow, type MysqlSource, mysqlSource } from "../src/index.js";
import { MYSQL_TARGET, urlVia, useTable } from "./helpers/database.js";

/**
 * A primary and a replica, each a fault proxy in front of the one real server: which proxy
 * carried the bytes tells which node answered.
 */
let primary: FaultProxy;
let replica: FaultProxy;
let opened: { close(): Promise<void> }[] = [];

const ids = Array.from({ length: 100 }, (_, i) => String(i + 1));

const table = useTable("replicas", "(id INT PRIMARY KEY, label VARCHAR(250))", {
  columns: ["id", "label"],
  rows: ids.map((id) => [Number(id), `${id}:${"r".repeat(200)}`]),
});

beforeEach(async () => {
  primary = await startFaultProxy({ target: MYSQL_TARGET });
  replica = await startFaultProxy({ target: MYSQL_TARGET });
});

afterEach(async () => {
  for (const resource of opened) await resource.close();
  opened = [];
  await primary.close();
  await replica.close();
});

function replicaSetSource(): MysqlSource<MysqlRow> {
  const source = mysqlSource({
    connection: {
      primary: urlVia(primary.host, primary.port),
      replicas: [urlVia(replica.host, replica.port)],
    },
    table: table.name,
    timeoutMs: 3000,
  });
  opened.push(source);
  return source;
}

async function expectAllRows(source: MysqlSource<MysqlRow>): Promise<void> {
  const rows = await source.loadMany(ids);
  expect(rows.size).toBe(ids.length);
  expect(rows.get("42")?.label).toBe(`42:${"r".repeat(200)}`);
}

describe("a replica set the source creates", () => {
  it("reads from the replica", async () => {
    const source = replicaSetSource();
    await expectAllRows(source);
    expect(replica.stats().bytesDown).toBeGreaterThan(20_000);
    expect(primary.stats().accepted).toBe(0);
  });

  it("falls back to the primary while the replica refuses connections", async () => {
    await replica.pauseListening();
    const source = replicaSetSource();
    await expectAllRows(source);
    await expectAllRows(source);
    expect(primary.stats().bytesDown).toBeGreaterThan(40_000);
  });

  it("runs a chunk again on the primary when the replica breaks mid-reply", async () => {
    const source = replicaSetSource();
    await source.loadMany(["1"]);
    replica.setFault({ kind: "reset", afterBytes: 1000 });
    await expectAllRows(source);
    expect(source.stats().replicaFallbacks).toBe(1);
    expect(primary.stats().bytesDown).toBeGreaterThan(20_000);
  });

  it("goes back to the replica once it is reachable again", async () => {
    await replica.pauseListening();
    const source = replicaSetSource();
    await expectAllRows(source);
    await replica.resumeListening();
    // The replica is skipped for restoreNodeTimeout (1 s by default), then tried again.
    await expect
      .poll(
        async () => {
          await source.loadMany(["1"]);
          return replica.stats().bytesDown;
        },
        { timeout: 8000, interval: 250 },
      )
      .toBeGreaterThan(0);
  });
});

describe("a pool cluster of one's own", () => {
  it("reads from the replicas pattern, falls back to the primary, and stays open", async () => {
    const cluster = createPoolCluster({ removeNodeErrorCount: 1, restoreNodeTimeout: 60_000 });
    cluster.add("PRIMARY", urlVia(primary.host, primary.port));
    cluster.add("REPLICA1", urlVia(replica.host, replica.port));
    try {
      const source = mysqlSource({ connection: { cluster }, table: table.name, timeoutMs: 3000 });
      await expectAllRows(source);
      expect(replica.stats().bytesDown).toBeGreaterThan(20_000);
      expect(primary.stats().accepted).toBe(0);
      replica.setFault({ kind: "refuse" });
      replica.resetAll();
      await expectAllRows(source);
      expect(primary.stats().bytesDown).toBeGreaterThan(20_000);
      await source.close();
      const [rows] = await cluster.of("PRIMARY").query("SELECT 1 AS one");
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await cluster.end();
    }
  });
});
