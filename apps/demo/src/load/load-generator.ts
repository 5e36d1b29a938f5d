import type { Chain } from "@tier/core";
import { type DemoItem, isItemOf } from "../item.js";
import { Pacer } from "./pacer.js";
import { rankToIdMapper, ZipfSampler } from "./zipf.js";

export interface LoadSettings {
  readonly items: number;
  readonly rate: number;
  readonly concurrency: number;
  readonly zipfExponent: number;
  readonly getManyShare: number;
  readonly getManySize: number;
}

/** What one call did; the recorder turns these into rates and percentiles. */
export interface CallOutcome {
  readonly latencyMs: number;
  readonly keys: number;
  /** Values that were not the row of the id asked for (or missing: every id exists). */
  readonly wrongValues: number;
  readonly failed: boolean;
}

/**
 * A steady read load: `concurrency` workers, each making one call at a time (a `get`, or a
 * `getMany` of distinct ids), paced to `rate` calls per second over all workers, ids drawn from a
 * Zipf distribution. Every value returned is checked against its id.
 */
export class LoadGenerator {
  private readonly sampler: ZipfSampler;
  private readonly toId: (rank: number) => number;
  private readonly pacer: Pacer;
  private running = false;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly chain: Chain<DemoItem>,
    private readonly settings: LoadSettings,
    private readonly onCall: (outcome: CallOutcome) => void,
    /** Ids read correctly, marked as they are read (index = id). */
    private readonly readIds: Uint8Array,
  ) {
    this.sampler = new ZipfSampler(settings.items, settings.zipfExponent);
    this.toId = rankToIdMapper(settings.items);
    this.pacer = new Pacer(settings.rate);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.workers = Array.from({ length: this.settings.concurrency }, () => this.work());
  }

  /** Resolves once every call under way has settled. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
    this.workers = [];
  }

  private async work(): Promise<void> {
    while (this.running) {
      await this.pacer.wait();
      if (!this.running) return;
      await this.call();
    }
  }

  private async call(): Promise<void> {
    const many = Math.random() < this.settings.getManyShare;
    const ids = many
      ? this.distinctIds(this.settings.getManySize)
      : [String(this.toId(this.sampler.next()))];
    const started = performance.now();
    let values: readonly (DemoItem | undefined)[];
    try {
      values = many ? await this.chain.getMany(ids) : [await this.chain.get(ids[0]!)];
    } catch {
      this.onCall({
        latencyMs: performance.now() - started,
        keys: ids.length,
        wrongValues: 0,
        failed: true,
      });
      return;
    }
    const latencyMs = performance.now() - started;
    let wrong = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (isItemOf(id, values[i])) this.readIds[Number(id)] = 1;
      else wrong++;
    }
    this.onCall({ latencyMs, keys: ids.length, wrongValues: wrong, failed: false });
  }

  private distinctIds(count: number): string[] {
    const wanted = Math.min(count, this.settings.items);
    const ids = new Set<string>();
    for (let draws = 0; ids.size < wanted && draws < wanted * 50; draws++) {
      ids.add(String(this.toId(this.sampler.next())));
    }
    // A tiny table and a steep distribution may keep drawing the same few ids: fill up in order.
    for (let id = 1; ids.size < wanted; id++) ids.add(String(id));
    return [...ids];
  }
}
