import { Fifo } from "./fifo.js";

/** Why the gate would not admit a load. */
export type AdmissionRefusal = "queue-full" | "wait-timeout" | "closed";

export class AdmissionRefusedError extends Error {
  constructor(readonly reason: AdmissionRefusal) {
    super(`admission refused: ${reason}`);
    this.name = "AdmissionRefusedError";
  }
}

interface Waiter {
  readonly admit: () => void;
  readonly refuse: (reason: AdmissionRefusal) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: boolean;
}

/**
 * At most `maxConcurrent` holders at once; up to `maxQueued` more wait in FIFO order, each for at
 * most `maxWaitMs`. Past either bound the load is refused at once, so a cold start turns into a
 * queue of bounded length and age instead of a flood of queries.
 */
export class AdmissionGate {
  private active = 0;
  private readonly waiters = new Fifo<Waiter>();
  private waiting = 0;
  private closed = false;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
    private readonly maxWaitMs: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting;
  }

  /** Resolves when a slot is held; call `release()` exactly once afterwards. */
  acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new AdmissionRefusedError("closed"));
    if (this.active < this.maxConcurrent && this.queued === 0) {
      this.active++;
      return Promise.resolve();
    }
    if (this.queued >= this.maxQueued)
      return Promise.reject(new AdmissionRefusedError("queue-full"));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: resolve,
        refuse: (reason) => reject(new AdmissionRefusedError(reason)),
        timer: undefined,
        done: false,
      };
      waiter.timer = setTimeout(() => {
        waiter.done = true;
        this.waiting--;
        waiter.refuse("wait-timeout");
        this.waiters.dropWhile(isDone);
      }, this.maxWaitMs);
      this.waiters.push(waiter);
      this.waiting++;
    });
  }

  release(): void {
    this.active--;
    this.admitNext();
  }

  /** Refuses everyone still waiting; holders finish normally. */
  close(): void {
    this.closed = true;
    for (const waiter of this.waiters) {
      if (waiter.done) continue;
      waiter.done = true;
      clearTimeout(waiter.timer);
      waiter.refuse("closed");
    }
    this.waiting = 0;
    this.waiters.clear();
  }

  private admitNext(): void {
    while (this.active < this.maxConcurrent) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) break;
      if (waiter.done) continue;
      waiter.done = true;
      this.waiting--;
      clearTimeout(waiter.timer);
      this.active++;
      waiter.admit();
    }
  }
}

function isDone(waiter: Waiter): boolean {
  return waiter.done;
}
