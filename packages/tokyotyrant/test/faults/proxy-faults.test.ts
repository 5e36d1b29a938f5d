import { type Fault, type FaultProxy, startFaultProxy } from "@tier/testkit";
import { describe, expect, it } from "vitest";
import type { TokyoTyrantClient } from "../../src/index.js";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { clientFor } from "../client/support/servers.js";
import { keySpace } from "./support/checked-load.js";
import { closeProxy } from "./support/close-proxy.js";
import {
  DEADLINE_MS,
  expectHealthy,
  expectSound,
  FAULT_CLIENT_OPTIONS,
  faultLoad,
  preload,
} from "./support/setup.js";

const KEYS = keySpace(1000);

interface WireFault {
  readonly fault: Fault;
  /** The failure it must have caused at least once. */
  readonly expected: string;
  /** Cleared this long after it was set, instead of after a number of operations. */
  readonly forMs?: number;
  /** Set again every 1,000 operations (a garbage fault strikes once per connection and call). */
  readonly repeat?: boolean;
}

const FAULTS: [string, WireFault][] = [
  [
    "reset mid-frame",
    { fault: { kind: "reset", afterBytes: 333 }, expected: "E_NET_CONNECTION_LOST" },
  ],
  [
    "truncated frame",
    { fault: { kind: "truncate", afterBytes: 257 }, expected: "E_NET_CONNECTION_LOST" },
  ],
  ["garbage", { fault: { kind: "garbage", bytes: 16 }, expected: "E_PROTOCOL", repeat: true }],
  [
    "a stall past the deadline",
    { fault: { kind: "stall" }, expected: "E_NET_TIMEOUT", forMs: 3 * DEADLINE_MS },
  ],
  ["refused connections", { fault: { kind: "refuse" }, expected: "E_NET_CONNECTION_LOST" }],
];

async function withProxy(
  run: (proxy: FaultProxy, client: TokyoTyrantClient) => Promise<void>,
): Promise<void> {
  await using server = await startTokyoTyrantTestServer({ database: "hash" });
  const proxy = await startFaultProxy({ target: { port: server.port } });
  try {
    await using client = clientFor(`${proxy.host}:${proxy.port}`, FAULT_CLIENT_OPTIONS);
    await preload(client, KEYS);
    await run(proxy, client);
  } finally {
    await closeProxy(proxy);
  }
}

describe("faults on the wire (fault proxy in front of the test server)", () => {
  it.each(FAULTS)("%s: typed failures on time, never a wrong value, then recovery", (_name, wire) =>
    withProxy(async (proxy, client) => {
      const apply = () => {
        proxy.setFault(wire.fault);
        // Open connections meet the fault mid-stream; new ones from their first byte.
        if (wire.fault.kind === "refuse") proxy.resetAll();
      };
      const report = await faultLoad(client, KEYS, (done) => {
        if (done === 2000 || (wire.repeat === true && done % 1000 === 0 && done < 8000)) apply();
        if (done === 2000 && wire.forMs !== undefined)
          setTimeout(() => proxy.clearFault(), wire.forMs);
        if (done === 8000 && wire.forMs === undefined) proxy.clearFault();
      });
      expectSound(report, { garbage: wire.fault.kind === "garbage" });
      expect(report.failures.get(wire.expected) ?? 0).toBeGreaterThan(0);
      await expectHealthy(client, KEYS);
    }),
  );

  it("garbage inside a reply: the corrupted values hold the garbage, no value is another key's", () =>
    withProxy(async (proxy, client) => {
      const report = await faultLoad(client, KEYS, (done) => {
        if (done >= 2000 && done < 8000)
          proxy.setFault({ kind: "garbage", bytes: 5, afterBytes: 1001 });
        if (done === 8000) proxy.clearFault();
      });
      // Tokyo Tyrant replies carry no checksum: bytes slipped into a value are read as the value
      // until the stream stops making sense. Those answers hold the garbage; none is another
      // key's clean value, and everything else holds.
      expectSound(report, { garbage: true });
      expect(report.corrupted.length).toBeGreaterThan(0);
      expect(report.failures.get("E_PROTOCOL") ?? 0).toBeGreaterThan(0);
      await expectHealthy(client, KEYS);
    }));

  it("the proxy stops listening: connects are refused, then the client comes back", () =>
    withProxy(async (proxy, client) => {
      const report = await faultLoad(client, KEYS, (done) => {
        if (done === 2000) void proxy.pauseListening().then(() => proxy.resetAll());
        if (done === 6000) void proxy.resumeListening();
      });
      expectSound(report);
      expect(report.failures.get("E_NET_CONNECT_FAILED") ?? 0).toBeGreaterThan(0);
      await expectHealthy(client, KEYS);
    }));
});
