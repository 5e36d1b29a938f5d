import type { TierEntry } from "../contracts/tier.js";
import { Fifo } from "./fifo.js";

/** One write of some entries into one tier. */
export interface BackfillTask {
  readonly tierIndex: number;
  /** Keyed by entry key, so a later `set`/`delete` of a key can take its entry out. */
  readonly entries: Map<string, TierEntry>;
}

export interface BackfillQueueOptions {
  readonly concurrency: number;
  readonly maxQueued: number;
  readonly write: (task: BackfillTask) => Promise<void>;
  readonly onDrop: (task: BackfillTask) => void;
}

interface RunningTask {
  readonly task: BackfillTask;
  readonly done: Promise<void>;
}

/**
 * Cache writes that follow a read. They never delay a reply: `enqueue` returns at once, at most
 * `concurrency` writes run together, and when `maxQueued` tasks already wait the new one is
 * dropped and counted. A cache write is optional; the reply is not.
 */
export class BackfillQueue {
  private readonly queue = new Fifo<BackfillTask>();
  private readonly running = new Set<RunningTask>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: BackfillQueueOptions) {}

  get queued(): number {
    return this.queue.size;
  }

  get active(): number {
    return this.running.size;
  }

  /** False when the task was dropped because the queue is full. */
  enqueue(task: BackfillTask): boolean {
    if (this.queued >= this.options.maxQueued) {
      this.options.onDrop(task);
      return false;
    }
    this.queue.push(task);
    this.pump();
    return true;
  }

  /**
   * Takes `key` out of every queued task and resolves once the running writes that carry it have
   * settled, so a `set` or `delete` of `key` is never overtaken by an older backfill of it.
   */
  withdraw(key: string): Promise<void> {
    for (const task of this.queue) task.entries.delete(key);
    let pending: Promise<void>[] | undefined;
    for (const running of this.running) {
      if (!running.task.entries.has(key)) continue;
      pending ??= [];
      pending.push(running.done);
    }
    return pending === undefined ? Promise.resolve() : Promise.all(pending).then(() => undefined);
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.queued === 0 && this.running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forgets everything still queued (on close, after the drain deadline). */
  clear(): void {
    this.queue.clear();
    this.notifyIfIdle();
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency) {
      const task = this.queue.shift();
      if (task === undefined) break;
      if (task.entries.size === 0) continue;
      const running: RunningTask = {
        task,
        done: this.options.write(task).then(
          () => this.finish(running),
          () => this.finish(running),
        ),
      };
      this.running.add(running);
    }
    this.notifyIfIdle();
  }

  private finish(running: RunningTask): void {
    this.running.delete(running);
    this.pump();
  }

  private notifyIfIdle(): void {
    if (this.queued !== 0 || this.running.size !== 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
