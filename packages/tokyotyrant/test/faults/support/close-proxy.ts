import { setTimeout as sleep } from "node:timers/promises";
import type { FaultProxy } from "@tier/testkit";

/**
 * Closes a fault proxy, waiting at most `boundMs` for it to report every pair closed.
 *
 * After a client socket errors and the proxy resets the target, the target's 'close' event
 * sometimes never comes (its 'error' does). The proxy now counts such a destroyed socket as
 * closed after 500 ms; the bound stays as a guard so a fault test can never hang in its cleanup.
 * Nothing is left open when the bound is reached.
 */
export async function closeProxy(proxy: FaultProxy, boundMs = 3000): Promise<void> {
  const bound = sleep(boundMs, undefined, { ref: false });
  await Promise.race([proxy.close(), bound]);
}
