import type { MemcachedClientOptions } from "../../src/client/options.js";
import { createMemcachedClient, type MemcachedClient } from "../../src/index.js";

export const utf8 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "utf8"));
export const text = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString("utf8");

/** A prefix of its own per test file and run, so reruns against a reused server never collide. */
export function runPrefix(name: string): string {
  return `${name}-${process.pid}-${Date.now().toString(36)}:`;
}

/** Clients made here are closed by {@link closeClients}, called from `afterEach`/`afterAll`. */
const open: MemcachedClient[] = [];

export function client(options: MemcachedClientOptions): MemcachedClient {
  const made = createMemcachedClient(options);
  open.push(made);
  return made;
}

export async function closeClients(): Promise<void> {
  await Promise.all(open.splice(0).map((c) => c.close()));
}

/** How a promise settled, and when (ms after the call to this function). */
export type Settled<T> =
  | { readonly state: "fulfilled"; readonly value: T; readonly afterMs: number }
  | { readonly state: "rejected"; readonly error: unknown; readonly afterMs: number };

export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  const started = performance.now();
  return promise.then(
    (value) => ({ state: "fulfilled", value, afterMs: performance.now() - started }),
    (error: unknown) => ({ state: "rejected", error, afterMs: performance.now() - started }),
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Calls `probe` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return true;
    if (performance.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}
