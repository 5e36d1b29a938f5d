import type { TierCallOptions } from "../contracts/tier.js";
import { Fifo } from "./fifo.js";

/**
 * Deadlines for the calls to one tier, without a timer per call. Every call to a tier has the same
 * timeout, so deadlines come in the order calls start: one timer, armed for the oldest pending
 * call, is enough. A call that settles in time costs an array slot, not a setTimeout/clearTimeout
 * pair, and its AbortSignal is only created if the tier asks for it.
 */
export class DeadlineQueue {
  private readonly pending = new Fifo<PendingCall>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (let call = this.pending.peek(); call !== undefined; call = this.pending.peek()) {
      if (!call.done && call.deadline > now) break;
      this.pending.shift();
      if (!call.done) call.timeOut();
    }
    const next = this.pending.peek();
    if (next !== undefined) this.arm(next.deadline - now);
  };

  constructor(private readonly timeoutMs: number) {}

  /**
   * Runs `call`; when the deadline passes first, rejects with `onTimeout()`, aborts the signal the
   * call was given, and drops whatever the call settles with later.
   */
  run<T>(call: (options: TierCallOptions) => Promise<T>, onTimeout: () => Error): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending = new PendingCall(performance.now() + this.timeoutMs, reject, onTimeout);
      this.pending.push(pending);
      if (this.timer === undefined) this.arm(this.timeoutMs);
      let answer: Promise<T>;
      try {
        answer = call(pending);
      } catch (error) {
        pending.fail(error);
        this.dropSettled();
        return;
      }
      answer.then(
        (value) => {
          if (pending.done) return;
          pending.done = true;
          this.dropSettled();
          resolve(value);
        },
        (error: unknown) => {
          pending.fail(error);
          this.dropSettled();
        },
      );
    });
  }

  /**
   * Calls mostly finish in the order they started, so settled calls are dropped from the front at
   * once: they die young instead of surviving, with their closures, until the timer fires.
   */
  private dropSettled(): void {
    this.pending.dropWhile(isSettled);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(ms)));
  }
}

function isSettled(call: PendingCall): boolean {
  return call.done;
}

class PendingCall implements TierCallOptions {
  done = false;
  private controller: AbortController | undefined;
  private timedOutWith: Error | undefined;

  constructor(
    readonly deadline: number,
    private readonly reject: (error: unknown) => void,
    private readonly onTimeout: () => Error,
  ) {}

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.timedOutWith !== undefined) this.controller.abort(this.timedOutWith);
    }
    return this.controller.signal;
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.reject(error);
  }

  timeOut(): void {
    this.done = true;
    const error = this.onTimeout();
    this.timedOutWith = error;
    this.controller?.abort(error);
    this.reject(error);
  }
}
