import type { LeasedRead, Tier, TierCapabilities, TierEntry } from "../../src/index.js";

interface Slot {
  value: Uint8Array | undefined;
  /** performance.now() after which an unfilled lease is forgotten. */
  leaseUntil: number;
}

/**
 * One shared store, like one memcached server, that several simulated processes reach through
 * their own `LeasingTier`. A miss read with leases plants a placeholder: the first reader wins
 * the lease, every later reader sees it held until a value is written, it is released, or
 * `leaseMs` passes.
 */
export class LeaseStore {
  readonly slots = new Map<string, Slot>();
  leaseReads = 0;
  releases: string[] = [];

  constructor(readonly leaseMs = 5000) {}

  isLeased(key: string): boolean {
    const slot = this.slots.get(key);
    return slot !== undefined && slot.value === undefined && slot.leaseUntil > performance.now();
  }
}

export class LeasingTier implements Tier {
  readonly capabilities: TierCapabilities = { ttl: true };

  constructor(
    readonly name: string,
    readonly store: LeaseStore,
  ) {}

  async getMany(keys: readonly string[]): Promise<Map<string, Uint8Array>> {
    const hits = new Map<string, Uint8Array>();
    for (const key of keys) {
      const value = this.store.slots.get(key)?.value;
      if (value !== undefined) hits.set(key, value);
    }
    return hits;
  }

  async getManyLeased(keys: readonly string[]): Promise<LeasedRead> {
    this.store.leaseReads++;
    const hits = new Map<string, Uint8Array>();
    const won = new Set<string>();
    const heldElsewhere = new Set<string>();
    const now = performance.now();
    for (const key of keys) {
      const slot = this.store.slots.get(key);
      if (slot?.value !== undefined) hits.set(key, slot.value);
      else if (slot !== undefined && slot.leaseUntil > now) heldElsewhere.add(key);
      else {
        this.store.slots.set(key, { value: undefined, leaseUntil: now + this.store.leaseMs });
        won.add(key);
      }
    }
    return { hits, won, heldElsewhere };
  }

  async releaseLeases(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      this.store.releases.push(key);
      if (this.store.slots.get(key)?.value === undefined) this.store.slots.delete(key);
    }
  }

  async setMany(entries: readonly TierEntry[]): Promise<void> {
    for (const { key, value } of entries) this.store.slots.set(key, { value, leaseUntil: 0 });
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) this.store.slots.delete(key);
  }

  async close(): Promise<void> {}
}
