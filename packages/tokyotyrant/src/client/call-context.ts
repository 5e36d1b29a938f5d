import type { SendOptions } from "@tier/core/net";
import { milliseconds } from "./options.js";

/** Per-call options every method takes last. */
export interface CallOptions {
  /** This call's deadline in ms, instead of the client's `timeoutMs`. */
  readonly timeoutMs?: number;
  /** Rejects the call at once when aborted (with the signal's reason). */
  readonly signal?: AbortSignal;
}

/**
 * One operation's deadline, fixed when the call starts. Every request the operation makes (a
 * failover, the `stat` that tells the database kind, one request per shard) gets only the time
 * left, so the operation as a whole settles by its deadline.
 */
export class CallContext {
  private constructor(
    readonly deadline: number,
    readonly signal: AbortSignal | undefined,
  ) {}

  static start(options: CallOptions | undefined, defaultTimeoutMs: number): CallContext {
    const timeoutMs = milliseconds("timeoutMs", options?.timeoutMs, defaultTimeoutMs);
    return new CallContext(performance.now() + timeoutMs, options?.signal);
  }

  remainingMs(): number {
    return this.deadline - performance.now();
  }

  /** What the transport needs for one request: the time left (at least 1 ms) and the signal. */
  sendOptions(): SendOptions {
    const timeoutMs = Math.max(1, Math.ceil(this.remainingMs()));
    return this.signal === undefined ? { timeoutMs } : { timeoutMs, signal: this.signal };
  }
}
