/** Options of a {@link Backoff}. */
export interface BackoffOptions {
  /** Wait after the first failed connect, in ms. Default 100. */
  readonly initialMs?: number;
  /** The wait doubles with each further failure up to this, in ms. Default 5000. */
  readonly maxMs?: number;
  /** Each wait is shortened by a random fraction up to this, so clients do not reconnect in step. Default 0.2. */
  readonly jitter?: number;
}

/**
 * How long a server that refused a connect is left alone. Until `retryAt` nobody tries to connect,
 * so a dead server costs a caller nothing but a failed check, not a connect timeout each time.
 */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly jitter: number;
  private failures = 0;
  private until = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 5000;
    this.jitter = options.jitter ?? 0.2;
  }

  /** `performance.now()` before which no connect should be tried; 0 when there is no wait. */
  get retryAt(): number {
    return this.until;
  }

  /** Failed connects since the last success. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether `now` (`performance.now()`) is still within the wait. */
  isWaiting(now: number): boolean {
    return now < this.until;
  }

  /** Records a failed connect at `now` and starts the next, longer wait. */
  failed(now: number): void {
    this.failures += 1;
    const full = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.failures - 1, 30));
    this.until = now + full * (1 - this.jitter * Math.random());
  }

  /** Records a successful connect: no wait, and the next failure starts from `initialMs` again. */
  succeeded(): void {
    this.failures = 0;
    this.until = 0;
  }
}
