import { encodeEnvelope } from "../codec/envelope.js";
import type { TierWriteFailure } from "../errors.js";
import { TierWriteError } from "../errors.js";
import type { ChainRuntime } from "./runtime.js";
import type { TierSlot } from "./tier-slot.js";

/**
 * `set` and `delete` of one key. Writes of one key run one after another in this process, and go
 * from the tier nearest the source upward (Tokyo Tyrant before memcached): a reader that misses
 * above then finds the new state below, never the old one to copy back up.
 *
 * Before touching any tier, a write blocks the loads under way for the key from writing back,
 * takes the key out of queued backfills, and waits for running backfills of it: no older value
 * can land after the write.
 */
export class KeyWriter<V> {
  private readonly locks = new Map<string, Promise<void>>();

  constructor(private readonly runtime: ChainRuntime<V>) {}

  async set(key: string, value: V): Promise<void> {
    const softExpiresAt =
      this.runtime.softTtlMs === 0 ? 0 : this.runtime.now() + this.runtime.softTtlMs;
    // Encoded first: a value the codec refuses is the caller's error and must change nothing.
    const bytes = encodeEnvelope(key, this.runtime.codec, value, softExpiresAt);
    await this.exclusive(key, async () => {
      const failures = await this.eachTierUpward((slot) =>
        slot.write([{ key, value: bytes, ttlSeconds: slot.ttlSeconds() }], "set"),
      );
      if (failures.length > 0) throw new TierWriteError("set", key, failures);
    });
  }

  async delete(key: string): Promise<void> {
    await this.exclusive(key, async () => {
      const failures = await this.eachTierUpward((slot) => slot.remove([key]));
      if (failures.length > 0) throw new TierWriteError("delete", key, failures);
    });
  }

  /** Resolves when no write is running. */
  async idle(): Promise<void> {
    while (this.locks.size > 0) await Promise.allSettled([...this.locks.values()]);
  }

  /**
   * Switched-off tiers are skipped. A tier whose breaker is open is still tried: a write the
   * caller waits for is how it learns that a tier may keep an old value.
   */
  private async eachTierUpward(
    write: (slot: TierSlot) => Promise<unknown>,
  ): Promise<TierWriteFailure[]> {
    const failures: TierWriteFailure[] = [];
    for (let i = this.runtime.slots.length - 1; i >= 0; i--) {
      const slot = this.runtime.slots[i]!;
      if (!slot.enabled) continue;
      const error = await write(slot);
      if (error !== undefined) failures.push({ tier: slot.name, error });
    }
    return failures;
  }

  private async exclusive(key: string, write: () => Promise<void>): Promise<void> {
    const previous = this.locks.get(key);
    const run = async (): Promise<void> => {
      if (previous !== undefined) await previous.catch(() => undefined);
      const { registry, backfill } = this.runtime;
      registry.beginWrite(key);
      try {
        await backfill.withdraw(key);
        await write();
      } finally {
        registry.endWrite(key);
      }
    };
    const current = run();
    const tail = current.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      await current;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
