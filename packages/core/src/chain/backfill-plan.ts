import type { TierEntry } from "../contracts/tier.js";
import type { BackfillQueue } from "../resilience/backfill-queue.js";
import type { TierSlot } from "./tier-slot.js";

/**
 * The writes one read decided on, gathered per tier so that each tier gets one `setMany` per
 * read instead of one per key, then handed to the backfill queue in one go.
 */
export class BackfillPlan {
  private readonly perTier: (Map<string, TierEntry> | undefined)[];

  constructor(
    private readonly slots: readonly TierSlot[],
    private readonly negativeTtlSeconds: number,
    private readonly queue: BackfillQueue,
  ) {
    this.perTier = new Array(slots.length);
  }

  /** Writes `bytes` under `key` into tiers `0 .. below - 1`. */
  add(key: string, bytes: Uint8Array, absent: boolean, below: number): void {
    const negativeTtl = this.negativeTtlSeconds;
    if (absent && negativeTtl === 0) return;
    for (let i = 0; i < below; i++) {
      const slot = this.slots[i]!;
      let ttlSeconds = slot.ttlSeconds();
      if (absent) {
        if (!slot.tier.capabilities.ttl) continue;
        ttlSeconds = ttlSeconds === 0 ? negativeTtl : Math.min(ttlSeconds, negativeTtl);
      }
      let entries = this.perTier[i];
      if (entries === undefined) {
        entries = new Map();
        this.perTier[i] = entries;
      }
      entries.set(key, { key, value: bytes, ttlSeconds });
    }
  }

  /** Queues what was gathered so far and starts over; returns without waiting for any write. */
  submit(): void {
    for (let i = 0; i < this.perTier.length; i++) {
      const entries = this.perTier[i];
      if (entries === undefined) continue;
      this.perTier[i] = undefined;
      this.queue.enqueue({ tierIndex: i, entries });
    }
  }
}
