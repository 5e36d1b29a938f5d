import { setTimeout as sleep } from "node:timers/promises";
import type { FaultProxy } from "@tier/testkit";

/**
 * Closes a fault proxy, waiting at most `boundMs` for it to report every pair closed.
 *
 * Known testkit issue (reported): after a client socket errors and the proxy resets the target,
 * the target's 'close' event sometimes never comes (its 'error' does), so the pair's count of
 * open sockets stays at 1 and `close()` never resolves although both sockets are destroyed and
 * the listener is closed. Nothing is left open when the bound is reached.
 */
export async function closeProxy(proxy: FaultProxy, boundMs = 3000): Promise<void> {
  const bound = sleep(boundMs, undefined, { ref: false });
  await Promise.race([proxy.close(), bound]);
}
