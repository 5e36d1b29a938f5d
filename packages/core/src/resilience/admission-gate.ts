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
  private readonly waiters: Waiter[] = [];
  private head = 0;
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
        this.compact();
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
    for (let i = this.head; i < this.waiters.length; i++) {
      const waiter = this.waiters[i]!;
      if (waiter.done) continue;
      waiter.done = true;
      clearTimeout(waiter.timer);
      waiter.refuse("closed");
    }
    this.waiting = 0;
    this.waiters.length = 0;
    this.head = 0;
  }

  private admitNext(): void {
    while (this.active < this.maxConcurrent && this.head < this.waiters.length) {
      const waiter = this.waiters[this.head++]!;
      if (waiter.done) continue;
      waiter.done = true;
      this.waiting--;
      clearTimeout(waiter.timer);
      this.active++;
      waiter.admit();
    }
    this.compact();
  }

  /** Drops timed-out waiters from the front and reclaims the array once half of it is spent. */
  private compact(): void {
    while (this.head < this.waiters.length && this.waiters[this.head]!.done) this.head++;
    if (this.head === this.waiters.length) {
      this.waiters.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.waiters.length) {
      this.waiters.splice(0, this.head);
      this.head = 0;
    }
  }
}
