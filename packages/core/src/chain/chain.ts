import { jsonCodec } from "../codec/json-codec.js";
import type { Codec } from "../contracts/codec.js";
import { ChainClosedError, InvalidKeyError, SourceError, TierError } from "../errors.js";
import type { ChainEvents } from "../observe/chain-events.js";
import { type ChainStats, RequestCounters, SourceCounters } from "../observe/chain-stats.js";
import { EventBus } from "../observe/event-bus.js";
import { AdmissionGate } from "../resilience/admission-gate.js";
import { BackfillQueue, type BackfillTask } from "../resilience/backfill-queue.js";
import type { KeyLoad, LoadWaiter } from "./key-load.js";
import { LoadRegistry } from "./load-registry.js";
import { type ChainOptions, resolveTierOptions, validateChainOptions } from "./options.js";
import { readThrough } from "./read-path.js";
import type { ChainRuntime } from "./runtime.js";
import { TierSlot } from "./tier-slot.js";
import { KeyWriter } from "./write-path.js";

/**
 * The read-through chain: asks the tiers fastest first, the source last, and writes what it found
 * back up. Create it with {@link createChain}.
 */
export class Chain<V> implements AsyncDisposable {
  private readonly runtime: ChainRuntime<V>;
  private readonly writer: KeyWriter<V>;
  private readonly closeTiers: boolean;
  private readonly drainTimeoutMs: number;
  private activeReads = 0;
  private whenReadsDone: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: ChainOptions<V>) {
    validateChainOptions(options);
    const now = options.now ?? Date.now;
    const events = new EventBus<ChainEvents>();
    const slots = (options.tiers ?? []).map(
      (entry, index) => new TierSlot(resolveTierOptions(entry, index), events, now),
    );
    const names = new Set<string>();
    for (const slot of slots) {
      if (names.has(slot.name)) {
        throw new TierError(
          "E_INVALID_OPTION",
          `createChain: two tiers are named "${slot.name}"; names must be unique`,
        );
      }
      names.add(slot.name);
    }
    const admission = options.admission ?? {};
    const backfill = options.backfill ?? {};
    this.closeTiers = options.closeTiers ?? true;
    this.drainTimeoutMs = backfill.drainTimeoutMs ?? 1_000;
    this.runtime = {
      slots,
      source: options.source,
      codec: options.codec ?? (jsonCodec() as Codec<V>),
      maxBatch: options.maxBatch ?? 100,
      sourceTimeoutMs: options.sourceTimeoutMs ?? 5_000,
      negativeTtlSeconds: options.negativeTtlSeconds ?? 0,
      softTtlMs: (options.softTtlSeconds ?? 0) * 1000,
      staleIfErrorMs: (options.staleIfErrorSeconds ?? 0) * 1000,
      now,
      events,
      requests: new RequestCounters(),
      sourceCounters: new SourceCounters(),
      admission: new AdmissionGate(
        admission.maxConcurrent ?? 4,
        admission.maxQueued ?? 1_000,
        admission.maxWaitMs ?? 1_000,
      ),
      backfill: new BackfillQueue({
        concurrency: backfill.concurrency ?? 4,
        maxQueued: backfill.maxQueued ?? 1_000,
        write: (task) => this.runBackfill(task),
        onDrop: (task) => this.dropBackfill(task),
      }),
      registry: new LoadRegistry<V>((loads) => this.startRead(loads), options.coalesceGets ?? true),
    };
    this.writer = new KeyWriter(this.runtime);
  }

  /** The value of `key`, or `undefined` when the source has none. Rejects only with a `TierError`. */
  get(key: string): Promise<V | undefined> {
    if (this.closing !== undefined) return Promise.reject(new ChainClosedError());
    try {
      assertKey(key);
    } catch (error) {
      return Promise.reject(error);
    }
    this.runtime.requests.keys++;
    return new Promise<V | undefined>((resolve, reject) => {
      this.join(key, undefined).addWaiter(
        new SingleWaiter(resolve, reject, this.runtime.source.name),
      );
    });
  }

  /**
   * The values of `keys`, in the same order, with `undefined` where the source has none. Duplicate
   * keys are loaded once. If the source fails for some keys, rejects with one `SourceError` naming
   * all of them (unless fail-safe served stale values).
   */
  getMany(keys: readonly string[]): Promise<(V | undefined)[]> {
    if (this.closing !== undefined) return Promise.reject(new ChainClosedError());
    if (!Array.isArray(keys))
      return Promise.reject(new InvalidKeyError("getMany needs an array of keys"));
    try {
      for (const key of keys) assertKey(key);
    } catch (error) {
      return Promise.reject(error);
    }
    if (keys.length === 0) return Promise.resolve([]);
    return new Promise<(V | undefined)[]>((resolve, reject) => {
      const waiter = new ManyWaiter<V>(keys, resolve, reject, this.runtime.source.name);
      const fresh: KeyLoad<V>[] = [];
      for (const key of waiter.distinctKeys()) {
        this.runtime.requests.keys++;
        this.join(key, fresh).addWaiter(waiter);
      }
      this.runtime.registry.submit(fresh);
    });
  }

  /**
   * Writes `value` through every switched-on tier, nearest the source first. Call it after the
   * source itself was updated. Rejects with `TierWriteError` naming tiers that may still hold an
   * older value.
   */
  async set(key: string, value: V): Promise<void> {
    this.assertOpen();
    assertKey(key);
    await this.writer.set(key, value);
  }

  /** Removes `key` from every switched-on tier, nearest the source first. */
  async delete(key: string): Promise<void> {
    this.assertOpen();
    assertKey(key);
    await this.writer.delete(key);
  }

  /** The operator's switch (the original system's "TT enabled"): a switched-off tier is neither read nor written. */
  disableTier(name: string): void {
    this.setTierEnabled(name, false);
  }

  /** Switches a tier back on; its breaker starts closed. */
  enableTier(name: string): void {
    this.setTierEnabled(name, true);
  }

  /**
   * Listens to one kind of event (see {@link ChainEvents}); returns a function that stops
   * listening. An event nobody listens to is never built.
   */
  on<K extends keyof ChainEvents>(type: K, listener: (event: ChainEvents[K]) => void): () => void {
    return this.runtime.events.on(type, listener);
  }

  /** Stops a listener added with {@link Chain.on}. */
  off<K extends keyof ChainEvents>(type: K, listener: (event: ChainEvents[K]) => void): void {
    this.runtime.events.off(type, listener);
  }

  /** Counters and latency percentiles since the chain was created or last reset. */
  stats(): ChainStats {
    const { requests, sourceCounters: source, admission, backfill } = this.runtime;
    return {
      keys: requests.keys,
      coalesced: requests.coalesced,
      sourceLoadsAvoided: requests.sourceLoadsAvoided,
      staleServed: requests.staleServed,
      tiers: this.runtime.slots.map((slot) => ({
        name: slot.name,
        enabled: slot.enabled,
        breaker: slot.breaker?.state ?? "closed",
        hits: slot.counters.hits,
        misses: slot.counters.misses,
        errors: slot.counters.errors,
        timeouts: slot.counters.timeouts,
        skipped: slot.counters.skipped,
        decodeErrors: slot.counters.decodeErrors,
        backfilled: slot.counters.backfilled,
        backfillDropped: slot.counters.backfillDropped,
        backfillFailed: slot.counters.backfillFailed,
        oversized: slot.counters.oversized,
        leasesWon: slot.counters.leasesWon,
        leaseWaits: slot.counters.leaseWaits,
        leaseWaitHits: slot.counters.leaseWaitHits,
        latency: slot.counters.latency.summary(),
      })),
      source: {
        name: this.runtime.source.name,
        queries: source.queries,
        keysRequested: source.keysRequested,
        keysFound: source.keysFound,
        failures: source.failures,
        timeouts: source.timeouts,
        overloaded: source.overloaded,
        inFlight: admission.inFlight,
        queued: admission.queued,
        latency: source.latency.summary(),
      },
      backfill: { queued: backfill.queued, active: backfill.active },
    };
  }

  /** Starts every counter and latency summary over. */
  resetStats(): void {
    this.runtime.requests.reset();
    this.runtime.sourceCounters.reset();
    for (const slot of this.runtime.slots) slot.counters.reset();
  }

  /**
   * Refuses new calls, lets reads and writes under way finish, gives queued backfill up to
   * `backfill.drainTimeoutMs`, then closes the tiers and the source (unless `closeTiers: false`).
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private async shutdown(): Promise<void> {
    // Reads accepted before close still run to the end, including this tick's batch.
    this.runtime.registry.flushNow();
    if (this.activeReads > 0) {
      await new Promise<void>((resolve) => {
        this.whenReadsDone = resolve;
      });
    }
    await this.writer.idle();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.runtime.backfill.whenIdle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.drainTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.runtime.backfill.clear();
    this.runtime.admission.close();
    if (this.closeTiers) {
      await Promise.allSettled([
        ...this.runtime.slots.map((slot) => slot.tier.close()),
        this.runtime.source.close?.(),
      ]);
    }
  }

  private join(key: string, fresh: KeyLoad<V>[] | undefined): KeyLoad<V> {
    const current = this.runtime.registry.current(key);
    if (current !== undefined && !current.settled) {
      this.runtime.requests.coalesced++;
      return current;
    }
    return this.runtime.registry.create(key, fresh);
  }

  private startRead(loads: KeyLoad<V>[]): void {
    this.activeReads++;
    // readThrough never rejects: every failure is settled into the loads.
    void readThrough(this.runtime, loads).then(this.readDone);
  }

  private readonly readDone = (): void => {
    if (--this.activeReads === 0 && this.whenReadsDone !== undefined) {
      this.whenReadsDone();
      this.whenReadsDone = undefined;
    }
  };

  private async runBackfill(task: BackfillTask): Promise<void> {
    const slot = this.runtime.slots[task.tierIndex]!;
    if (!slot.canWrite()) return;
    await slot.write([...task.entries.values()], "backfill");
  }

  private dropBackfill(task: BackfillTask): void {
    const slot = this.runtime.slots[task.tierIndex]!;
    slot.counters.backfillDropped += task.entries.size;
    if (this.runtime.events.has("backfillDrop")) {
      this.runtime.events.emit("backfillDrop", { tier: slot.name, keys: [...task.entries.keys()] });
    }
  }

  private setTierEnabled(name: string, enabled: boolean): void {
    const slot = this.runtime.slots.find((s) => s.name === name);
    if (slot === undefined) {
      const known = this.runtime.slots.map((s) => s.name).join(", ") || "none";
      throw new TierError("E_UNKNOWN_TIER", `no tier is named "${name}" (tiers: ${known})`);
    }
    if (slot.enabled === enabled) return;
    slot.enabled = enabled;
    if (enabled) slot.breaker?.reset();
    if (this.runtime.events.has("tierSwitch"))
      this.runtime.events.emit("tierSwitch", { tier: name, enabled });
  }

  private assertOpen(): void {
    if (this.closing !== undefined) throw new ChainClosedError();
  }
}

/** Creates a chain; see {@link ChainOptions} for every option and its default. */
export function createChain<V>(options: ChainOptions<V>): Chain<V> {
  return new Chain(options);
}

function assertKey(key: unknown): asserts key is string {
  if (typeof key !== "string")
    throw new InvalidKeyError(`a key must be a string, got ${typeof key}`);
  if (key.length === 0) throw new InvalidKeyError("a key must not be empty");
}

class SingleWaiter<V> implements LoadWaiter<V> {
  constructor(
    private readonly resolve: (value: V | undefined) => void,
    private readonly reject: (error: unknown) => void,
    private readonly sourceName: string,
  ) {}

  onSettled(load: KeyLoad<V>): void {
    if (load.state === "failed")
      this.reject(toSourceError(load, this.sourceName).narrowTo([load.key]));
    else this.resolve(load.value);
  }
}

/** Waits for every distinct key of one `getMany` and answers in the caller's order. */
class ManyWaiter<V> implements LoadWaiter<V> {
  private readonly results: (V | undefined)[];
  private readonly positions = new Map<string, number | number[]>();
  private pending: number;
  private firstFailure: SourceError | undefined;
  private failedKeys: string[] | undefined;

  constructor(
    keys: readonly string[],
    private readonly resolve: (values: (V | undefined)[]) => void,
    private readonly reject: (error: unknown) => void,
    private readonly sourceName: string,
  ) {
    this.results = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const seen = this.positions.get(key);
      if (seen === undefined) this.positions.set(key, i);
      else if (typeof seen === "number") this.positions.set(key, [seen, i]);
      else seen.push(i);
    }
    this.pending = this.positions.size;
  }

  distinctKeys(): IterableIterator<string> {
    return this.positions.keys();
  }

  onSettled(load: KeyLoad<V>): void {
    if (load.state === "failed") {
      this.firstFailure ??= toSourceError(load, this.sourceName);
      this.failedKeys ??= [];
      this.failedKeys.push(load.key);
    } else {
      const at = this.positions.get(load.key)!;
      if (typeof at === "number") this.results[at] = load.value;
      else for (const i of at) this.results[i] = load.value;
    }
    if (--this.pending > 0) return;
    if (this.firstFailure === undefined || this.failedKeys === undefined)
      this.resolve(this.results);
    else this.reject(this.firstFailure.narrowTo(this.failedKeys));
  }
}

function toSourceError(load: KeyLoad<unknown>, sourceName: string): SourceError {
  return load.error instanceof SourceError
    ? load.error
    : new SourceError("E_SOURCE_FAILED", sourceName, [load.key], { cause: load.error });
}
