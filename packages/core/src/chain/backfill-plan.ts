import type { TierEntry } from "../contracts/tier.js";
import type { BackfillQueue } from "../resilience/backfill-queue.js";
import type { TierSlot } from "./tier-slot.js";

/**
 * The writes one read decided on, gathered per tier so that each tier gets one `setMany` per
 * read instead of one per key, then handed to the backfill queue in one go.
 */
export class BackfillPlan {
  private readonly perTier: (Map<string, TierEntry> | undefined)[];
  /** Keys ever planned for the tiers whose writes someone asked to `track`. */
  private readonly tracked = new Map<number, Set<string>>();

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
      if (slot.fits(bytes)) this.tracked.get(i)?.add(key);
    }
  }

  /** Starts remembering which keys get planned for tier `tierIndex`, for `planned`. */
  track(tierIndex: number): void {
    if (!this.tracked.has(tierIndex)) this.tracked.set(tierIndex, new Set());
  }

  /**
   * Whether `key` was planned for tier `tierIndex` since `track(tierIndex)`, and small enough for
   * it (an entry over the tier's `maxValueBytes` is planned but never written).
   */
  planned(tierIndex: number, key: string): boolean {
    return this.tracked.get(tierIndex)?.has(key) === true;
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
