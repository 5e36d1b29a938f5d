import { KeyLoad } from "./key-load.js";

/**
 * Where readers of a key find the load already under way (single-flight), and where the keys
 * asked for in one tick gather into one batch (per-tick coalescing): the original system made one
 * round trip per item; this makes one per tier per tick.
 *
 * It also knows which keys are being written, so that no load that may have read an older value
 * writes it back (DESIGN rule 10).
 */
export class LoadRegistry<V> {
  private readonly inFlight = new Map<string, KeyLoad<V>>();
  private readonly writing = new Map<string, number>();
  private batch: KeyLoad<V>[] = [];
  private flushScheduled = false;
  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.batch;
    this.batch = [];
    if (batch.length > 0) this.start(batch);
  };

  /** `start` runs a batch of new loads through the chain; it must settle every one of them. */
  constructor(
    private readonly start: (loads: KeyLoad<V>[]) => void,
    private readonly coalesce: boolean,
  ) {}

  /** The load under way for `key`, if any. */
  current(key: string): KeyLoad<V> | undefined {
    return this.inFlight.get(key);
  }

  /**
   * A new load of `key`, registered so later readers share it. With `fresh` given it joins that
   * batch (a `getMany`); otherwise it joins this tick's batch.
   */
  create(key: string, fresh?: KeyLoad<V>[]): KeyLoad<V> {
    const load = new KeyLoad<V>(key);
    if (this.writing.has(key)) load.blocked = true;
    this.inFlight.set(key, load);
    if (fresh !== undefined) fresh.push(load);
    else if (this.coalesce) this.enqueue(load);
    else this.start([load]);
    return load;
  }

  /** Runs a `getMany`'s new loads: at once without coalescing, else with this tick's batch. */
  submit(fresh: KeyLoad<V>[]): void {
    if (fresh.length === 0) return;
    if (!this.coalesce) {
      this.start(fresh);
      return;
    }
    for (const load of fresh) this.enqueue(load);
  }

  private enqueue(load: KeyLoad<V>): void {
    this.batch.push(load);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(this.flush);
    }
  }

  /** Called when a load settles, so the next reader starts a new one. */
  release(load: KeyLoad<V>): void {
    if (this.inFlight.get(load.key) === load) this.inFlight.delete(load.key);
  }

  /** A write of `key` begins: the load under way may have read the old value. */
  beginWrite(key: string): void {
    this.writing.set(key, (this.writing.get(key) ?? 0) + 1);
    this.detach(key);
  }

  /** Loads started during the write are blocked too; later readers must not share them. */
  endWrite(key: string): void {
    const count = (this.writing.get(key) ?? 1) - 1;
    if (count === 0) this.writing.delete(key);
    else this.writing.set(key, count);
    this.detach(key);
  }

  /** Starts this tick's batch now instead of at the end of the tick (used by `close`). */
  flushNow(): void {
    if (this.batch.length > 0) this.flush();
  }

  private detach(key: string): void {
    const load = this.inFlight.get(key);
    if (load === undefined) return;
    load.blocked = true;
    this.inFlight.delete(key);
  }
}
