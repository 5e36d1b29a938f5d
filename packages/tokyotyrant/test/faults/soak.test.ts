import { setTimeout as sleep } from "node:timers/promises";
import { startFaultProxy } from "@tier/testkit";
import { expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { clientFor } from "../client/support/servers.js";
import { keySpace, runCheckedLoad } from "./support/checked-load.js";
import { closeProxy } from "./support/close-proxy.js";
import {
  DEADLINE_MS,
  expectHealthy,
  expectSound,
  FAULT_CLIENT_OPTIONS,
  MARGIN_MS,
  preload,
} from "./support/setup.js";

const OPERATIONS = 100_000;
const KEYS = keySpace(2000);

it(`${OPERATIONS.toLocaleString("en")} operations with faults injected along the way: never a wrong value`, async () => {
  await using server = await startTokyoTyrantTestServer({ database: "hash" });
  const proxy = await startFaultProxy({ target: { port: server.port } });
  try {
    await using client = clientFor(`${proxy.host}:${proxy.port}`, FAULT_CLIENT_OPTIONS);
    await preload(client, KEYS);

    // Each fault is held for a while, then cleared; the load never stops meanwhile.
    const faults: [string, () => void | Promise<void>][] = [
      ["latency", () => proxy.setFault({ kind: "latency", ms: 20 })],
      ["proxy stall", () => proxy.setFault({ kind: "stall" })],
      ["reset mid-frame", () => proxy.setFault({ kind: "reset", afterBytes: 411 })],
      ["truncated frame", () => proxy.setFault({ kind: "truncate", afterBytes: 299 })],
      ["garbage", () => proxy.setFault({ kind: "garbage", bytes: 24 })],
      ["server stall", () => server.stall()],
      ["server killed", () => server.stop()],
      ["connections dropped", () => server.dropConnections()],
      ["connects refused", () => proxy.pauseListening()],
      ["connections refused", () => proxy.setFault({ kind: "refuse" })],
    ];
    const clearAll = async () => {
      proxy.clearFault();
      if (server.state === "stalled") server.resume();
      if (server.state === "stopped") await server.restart();
      await proxy.resumeListening().catch(() => undefined);
    };
    // 1,000 operations after the last fault was cleared, the next one is injected and held for
    // one and a half deadlines (a stall outlasts the calls it holds).
    const injected: string[] = [];
    let episode: Promise<void> = Promise.resolve();
    let active = false;
    let lastClearedAt = 0;
    let done = 0;
    const report = await runCheckedLoad({
      client,
      keys: KEYS,
      operations: OPERATIONS,
      concurrency: 128,
      deadlineMs: DEADLINE_MS,
      marginMs: MARGIN_MS,
      pauseAfterFailureMs: 10,
      onProgress: (progress) => {
        done = progress;
        if (active || done - lastClearedAt < 1000 || done === OPERATIONS) return;
        const [name, inject] = faults[injected.length % faults.length]!;
        injected.push(name);
        active = true;
        episode = (async () => {
          await inject();
          await sleep(1.5 * DEADLINE_MS);
          await clearAll();
          lastClearedAt = done;
          active = false;
        })();
      },
    });
    await episode;
    await clearAll();

    expect(report.operations).toBe(OPERATIONS);
    expectSound(report, { garbage: true });
    // The faults were really met, and most operations still succeeded.
    expect(injected.length).toBeGreaterThanOrEqual(faults.length);
    expect(report.failures.size).toBeGreaterThan(1);
    expect(report.successes).toBeGreaterThan(OPERATIONS / 2);
    await expectHealthy(client, KEYS);
  } finally {
    await closeProxy(proxy);
  }
}, 120_000);
