import { setTimeout as sleep } from "node:timers/promises";

/** Waits until `performance.now()` reaches `until`, or the signal aborts; never rejects. */
export async function waitUntil(until: number, signal: AbortSignal): Promise<void> {
  const left = until - performance.now();
  if (left <= 0 || signal.aborted) return;
  await sleep(left, undefined, { signal }).catch(() => undefined);
}
