import { setTimeout as sleep } from "node:timers/promises";
import { NetError } from "@tier/core";
import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { clientFor, valueFor } from "../client/support/servers.js";
import { keySpace } from "./support/checked-load.js";
import {
  DEADLINE_MS,
  expectHealthy,
  expectSound,
  FAULT_CLIENT_OPTIONS,
  failureCount,
  faultLoad,
  MARGIN_MS,
  preload,
  recovers,
} from "./support/setup.js";

const KEYS = keySpace(1000);

describe("server faults", () => {
  it("server down at start: calls fail fast and typed; the client recovers once it is up", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await server.stop();
    await using client = clientFor(server.address, FAULT_CLIENT_OPTIONS);
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const error = await client.get(KEYS[i]!).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetError);
      expect(["E_NET_CONNECT_FAILED", "E_NET_UNAVAILABLE"]).toContain((error as NetError).code);
      expect(performance.now() - started).toBeLessThan(DEADLINE_MS + MARGIN_MS);
    }
    await server.restart();
    await recovers(() => client.put(KEYS[0]!, valueFor(KEYS[0]!)));
    await preload(client, KEYS);
    await expectHealthy(client, KEYS);
  });

  it("server killed mid-load and restarted: typed failures, then automatic recovery", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address, FAULT_CLIENT_OPTIONS);
    await preload(client, KEYS);
    let restartedAt = Number.POSITIVE_INFINITY;
    const report = await faultLoad(
      client,
      KEYS,
      (done) => {
        if (done !== 4000) return;
        void server
          .stop()
          .then(() => sleep(300))
          .then(() => server.restart())
          .then(() => {
            restartedAt = performance.now();
          });
      },
      { operations: 20_000 },
    );
    expectSound(report);
    expect(failureCount(report)).toBeGreaterThan(0);
    expect(report.lastSuccessAt).toBeGreaterThan(restartedAt);
    await expectHealthy(client, KEYS);
  });

  it("server stalled past the deadline: calls time out on time, late replies are never used", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address, FAULT_CLIENT_OPTIONS);
    await preload(client, KEYS);
    let resumedAt = Number.POSITIVE_INFINITY;
    const report = await faultLoad(
      client,
      KEYS,
      (done) => {
        if (done !== 4000) return;
        server.stall();
        setTimeout(() => {
          server.resume();
          resumedAt = performance.now();
        }, 3 * DEADLINE_MS);
      },
      { operations: 20_000 },
    );
    expectSound(report);
    expect(report.failures.get("E_NET_TIMEOUT")).toBeGreaterThan(0);
    expect(report.lastSuccessAt).toBeGreaterThan(resumedAt);
    await expectHealthy(client, KEYS);
  });

  it("connections reset by the server mid-load", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address, FAULT_CLIENT_OPTIONS);
    await preload(client, KEYS);
    const report = await faultLoad(
      client,
      KEYS,
      (done) => {
        if (done % 4000 === 0) server.dropConnections();
      },
      { operations: 20_000 },
    );
    expectSound(report);
    expect(report.failures.get("E_NET_CONNECTION_LOST")).toBeGreaterThan(0);
    await expectHealthy(client, KEYS);
  });
});
