import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "vitest";
import type { TokyoTyrantClient } from "../../../src/index.js";
import { valueFor } from "../../client/support/servers.js";
import { type LoadOptions, type LoadReport, runCheckedLoad } from "./checked-load.js";

/** Deadline of every operation in the fault tests, and how late a settle may be on a busy machine. */
export const DEADLINE_MS = 300;
export const MARGIN_MS = 2000;

export const FAULT_CLIENT_OPTIONS = {
  timeoutMs: DEADLINE_MS,
  connectTimeoutMs: 200,
  backoff: { initialMs: 20, maxMs: 200 },
} as const;

/** Stores every key's value, in batches, retrying until the server takes them. */
export async function preload(client: TokyoTyrantClient, keys: readonly string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 500) {
    const batch = keys.slice(i, i + 500).map((key) => ({ key, value: valueFor(key) }));
    await client.putMany(batch, { timeoutMs: 10_000 });
  }
}

/** Waits until `call` succeeds (the client recovers by itself), failing after `withinMs`. */
export async function recovers(call: () => Promise<unknown>, withinMs = 10_000): Promise<void> {
  const until = performance.now() + withinMs;
  for (;;) {
    try {
      await call();
      return;
    } catch (error) {
      if (performance.now() > until) throw error;
      await sleep(20);
    }
  }
}

/**
 * What every fault test demands of a load: typed failures only, on time, never a wrong value.
 * With `garbage` injected, values holding garbage bytes are allowed (see `corrupted`).
 */
export function expectSound(report: LoadReport, options: { garbage?: boolean } = {}): void {
  expect(report.wrong, "answers for the wrong key").toEqual([]);
  if (options.garbage !== true) expect(report.corrupted, "corrupted answers").toEqual([]);
  expect(report.untyped, "errors that are not NetError/ProtocolError").toEqual([]);
  expect(report.late, "operations that settled past their deadline").toEqual([]);
}

/** Every key reads back its own value, with no failure: the client has fully recovered. */
export async function expectHealthy(
  client: TokyoTyrantClient,
  keys: readonly string[],
): Promise<void> {
  await recovers(() => client.get(keys[0]!));
  const values = await client.getMany(keys.slice(0, 200), { timeoutMs: 10_000 });
  for (const key of keys.slice(0, 200)) expect(values.get(key)?.toString()).toBe(valueFor(key));
  for (const key of keys.slice(0, 50)) {
    expect((await client.get(key, { timeoutMs: 10_000 }))?.toString()).toBe(valueFor(key));
  }
}

export function failureCount(report: LoadReport): number {
  return [...report.failures.values()].reduce((a, b) => a + b, 0);
}

/**
 * The load every fault test runs: 64 calls in flight with the fault tests' deadline; a caller
 * whose call failed waits 5 ms, as a real one would, so a fast failure does not spin.
 */
export function faultLoad(
  client: TokyoTyrantClient,
  keys: readonly string[],
  onProgress: (done: number) => void,
  overrides: Partial<LoadOptions> = {},
): Promise<LoadReport> {
  return runCheckedLoad({
    client,
    keys,
    operations: 12_000,
    concurrency: 64,
    deadlineMs: DEADLINE_MS,
    marginMs: MARGIN_MS,
    pauseAfterFailureMs: 5,
    onProgress,
    ...overrides,
  });
}
