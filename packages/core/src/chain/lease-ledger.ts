import type { LeasedRead } from "../contracts/tier.js";
import type { BackfillPlan } from "./backfill-plan.js";
import type { KeyLoad } from "./key-load.js";
import type { TierSlot } from "./tier-slot.js";

/**
 * The leases one read met on its way down: keys it won (it must write or release them, or every
 * other process waits for them in vain until the lease runs out) and keys other processes hold
 * (it waits for those before it asks the source).
 */
export class LeaseLedger<V> {
  private readonly won = new Map<number, Set<string>>();
  private readonly held = new Map<number, KeyLoad<V>[]>();

  get anyWon(): boolean {
    return this.won.size > 0;
  }

  get anyHeld(): boolean {
    return this.held.size > 0;
  }

  record(tierIndex: number, read: LeasedRead, loads: readonly KeyLoad<V>[]): void {
    if (read.won.size > 0) {
      let won = this.won.get(tierIndex);
      if (won === undefined) {
        won = new Set();
        this.won.set(tierIndex, won);
      }
      for (const key of read.won) won.add(key);
    }
    if (read.heldElsewhere.size === 0 || this.held.has(tierIndex)) return;
    const held = loads.filter((load) => !load.settled && read.heldElsewhere.has(load.key));
    if (held.length > 0) this.held.set(tierIndex, held);
  }

  /** Every load some tier said another process holds the lease for. */
  heldLoads(): Set<KeyLoad<V>> {
    const loads = new Set<KeyLoad<V>>();
    for (const held of this.held.values()) for (const load of held) loads.add(load);
    return loads;
  }

  heldByTier(): [number, KeyLoad<V>[]][] {
    return [...this.held];
  }

  /**
   * Releases the won leases whose key this read is not writing into that tier: not found, a
   * failed load, a write blocked by a concurrent `set`, or an entry too large for the tier.
   */
  releaseUnwritten(slots: readonly TierSlot[], plan: BackfillPlan): void {
    for (const [tierIndex, keys] of this.won) {
      const unwritten = [...keys].filter((key) => !plan.planned(tierIndex, key));
      slots[tierIndex]?.releaseLeases(unwritten);
    }
  }
}
