import type { Chain } from "@tier/core";

/**
 * Waits until the chain has written back everything it read. Write-back never delays a reply, so
 * an example that wants to show the next read being a hit waits for it first.
 */
export async function backfillSettled<V>(chain: Chain<V>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { queued, active } = chain.stats().backfill;
    if (queued === 0 && active === 0) return;
    if (Date.now() > deadline) throw new Error(`backfill still busy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
