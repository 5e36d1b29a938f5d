/**
 * Runs the collector every `intervalMs`, counted from the end of the previous run, so runs never
 * overlap. The timer does not keep the process alive. A failed run is retried at the next tick.
 */
export class GcTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => Promise<void>,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.run().then(
        () => this.schedule(),
        () => this.schedule(),
      );
    }, this.intervalMs);
    this.timer.unref();
  }
}
