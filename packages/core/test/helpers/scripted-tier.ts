import type { Tier, TierCallOptions, TierCapabilities, TierEntry } from "../../src/index.js";

export type TierBehaviour = "ok" | "throw" | "hang" | { delayMs: number };

/**
 * A Map-backed tier whose behaviour the test scripts: it can answer, throw, never answer, or answer
 * late. It records every call so tests can count round trips.
 */
export class ScriptedTier implements Tier {
  readonly data = new Map<string, Uint8Array>();
  readonly ttls = new Map<string, number>();
  readonly calls: { op: "get" | "set" | "delete"; keys: string[] }[] = [];
  behaviour: TierBehaviour = "ok";
  writeBehaviour: TierBehaviour = "ok";
  closed = false;
  readonly capabilities: TierCapabilities;

  /** `journal`, when shared between tiers, records `name:op` of every call in the order made. */
  constructor(
    readonly name: string,
    capabilities: Partial<TierCapabilities> = {},
    private readonly journal: string[] = [],
  ) {
    this.capabilities = { ttl: true, ...capabilities };
  }

  getCalls(): string[][] {
    return this.calls.filter((c) => c.op === "get").map((c) => c.keys);
  }

  async getMany(
    keys: readonly string[],
    options: TierCallOptions,
  ): Promise<Map<string, Uint8Array>> {
    this.record("get", keys);
    // The answer is taken when the request arrives and delivered after the delay, like a server
    // reply still in transit while a write lands.
    const hits = new Map<string, Uint8Array>();
    for (const key of keys) {
      const value = this.data.get(key);
      if (value !== undefined) hits.set(key, value);
    }
    await this.act(this.behaviour, options.signal);
    return hits;
  }

  async setMany(entries: readonly TierEntry[], options: TierCallOptions): Promise<void> {
    this.record(
      "set",
      entries.map((e) => e.key),
    );
    await this.act(this.writeBehaviour, options.signal);
    for (const entry of entries) {
      this.data.set(entry.key, entry.value);
      this.ttls.set(entry.key, entry.ttlSeconds);
    }
  }

  async deleteMany(keys: readonly string[], options: TierCallOptions): Promise<void> {
    this.record("delete", keys);
    await this.act(this.writeBehaviour, options.signal);
    for (const key of keys) this.data.delete(key);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private record(op: "get" | "set" | "delete", keys: readonly string[]): void {
    this.calls.push({ op, keys: [...keys] });
    this.journal.push(`${this.name}:${op}`);
  }

  private async act(behaviour: TierBehaviour, _signal: AbortSignal): Promise<void> {
    if (behaviour === "ok") return;
    if (behaviour === "throw") throw new Error(`${this.name} is down`);
    if (behaviour === "hang") return new Promise<void>(() => {});
    await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
  }
}
