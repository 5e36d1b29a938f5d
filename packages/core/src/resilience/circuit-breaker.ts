/** `closed`: calls go through; `open`: the tier is skipped; `half-open`: one probe decides. */
export type BreakerState = "closed" | "open" | "half-open";

/**
 * When a tier's breaker opens, and for how long. A breaker opens on `consecutiveFailures` or on
 * `failureRate` within a window.
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. Default 5. */
  readonly consecutiveFailures?: number;
  /** Failure share within one window that opens the breaker, 0..1. Default 0.5. */
  readonly failureRate?: number;
  /** Calls a window must have seen before `failureRate` applies. Default 20. */
  readonly minimumCalls?: number;
  /** Length of the failure-rate window in ms. Default 10,000. */
  readonly windowMs?: number;
  /** How long the breaker stays open before it lets one probe through, in ms. Default 5,000. */
  readonly cooldownMs?: number;
}

export const BREAKER_OPTION_KEYS = [
  "consecutiveFailures",
  "failureRate",
  "minimumCalls",
  "windowMs",
  "cooldownMs",
] as const;

/**
 * closed → open after too many failures; open → half-open after the cool-down, letting exactly one
 * probe through; the probe's outcome closes or re-opens it. While not closed, the chain neither
 * reads nor backfills the tier, so an overloaded server gets room to recover.
 */
export class CircuitBreaker {
  private current: BreakerState = "closed";
  private consecutive = 0;
  private windowStart = 0;
  private windowCalls = 0;
  private windowFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly consecutiveLimit: number;
  private readonly rateLimit: number;
  private readonly minimumCalls: number;
  private readonly windowMs: number;
  private readonly cooldownMs: number;

  constructor(
    options: CircuitBreakerOptions,
    private readonly onChange: (from: BreakerState, to: BreakerState) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.consecutiveLimit = options.consecutiveFailures ?? 5;
    this.rateLimit = options.failureRate ?? 0.5;
    this.minimumCalls = options.minimumCalls ?? 20;
    this.windowMs = options.windowMs ?? 10_000;
    this.cooldownMs = options.cooldownMs ?? 5_000;
  }

  get state(): BreakerState {
    return this.current;
  }

  /** Whether a read may go to the tier now. In half-open, only the single probe may. */
  tryAcquire(): boolean {
    if (this.current === "closed") return true;
    if (this.current === "open") {
      if (this.now() - this.openedAt < this.cooldownMs) return false;
      this.transition("half-open");
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** Writes (backfill, write-through) go only to a healthy tier, never as the probe. */
  allowsWrites(): boolean {
    return this.current === "closed";
  }

  recordSuccess(): void {
    this.consecutive = 0;
    this.countInWindow(false);
    if (this.current === "half-open") {
      this.probeInFlight = false;
      this.transition("closed");
    }
  }

  recordFailure(): void {
    if (this.current === "half-open") {
      this.probeInFlight = false;
      this.open();
      return;
    }
    if (this.current === "open") return;
    this.consecutive++;
    this.countInWindow(true);
    const rateTripped =
      this.windowCalls >= this.minimumCalls &&
      this.windowFailures / this.windowCalls >= this.rateLimit;
    if (this.consecutive >= this.consecutiveLimit || rateTripped) this.open();
  }

  /** Forgets the history and closes; used when an operator re-enables a tier. */
  reset(): void {
    this.consecutive = 0;
    this.windowCalls = 0;
    this.windowFailures = 0;
    this.probeInFlight = false;
    if (this.current !== "closed") this.transition("closed");
  }

  private open(): void {
    this.openedAt = this.now();
    this.consecutive = 0;
    this.windowCalls = 0;
    this.windowFailures = 0;
    this.transition("open");
  }

  private countInWindow(failed: boolean): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.windowCalls = 0;
      this.windowFailures = 0;
    }
    this.windowCalls++;
    if (failed) this.windowFailures++;
  }

  private transition(to: BreakerState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.onChange(from, to);
  }
}
