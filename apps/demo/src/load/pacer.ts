import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";

/**
 * Hands out start times at `rate` per second to any number of workers; 0 means no limit. A
 * pacer that fell behind (the chain was slow) does not burst to catch up by more than 100 ms.
 */
export class Pacer {
  private next = performance.now();
  private readonly intervalMs: number;

  constructor(rate: number) {
    this.intervalMs = rate > 0 ? 1_000 / rate : 0;
  }

  async wait(): Promise<void> {
    // Unlimited still lets the event loop turn: were every call to fail at once (a closed
    // chain), workers looping on resolved promises would starve the timer that ends the phase.
    if (this.intervalMs === 0) return nextTurn();
    const now = performance.now();
    if (this.next < now - 100) this.next = now - 100;
    const slot = this.next;
    this.next += this.intervalMs;
    if (slot > now + 1) await sleep(slot - now);
  }
}
