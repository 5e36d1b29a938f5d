/** Someone waiting for a key: a `get`, a `getMany`, or both through single-flight. */
export interface LoadWaiter<V> {
  onSettled(load: KeyLoad<V>): void;
}

export type LoadState = "pending" | "found" | "absent" | "failed";

/**
 * The one load of one key that every concurrent reader of that key shares (single-flight).
 * Plain fields instead of an outcome object: a hit allocates nothing beyond the load itself.
 */
export class KeyLoad<V> {
  state: LoadState = "pending";
  value: V | undefined = undefined;
  error: unknown = undefined;
  /**
   * A `set` or `delete` of this key began after this load did: the load may still answer its
   * readers, but must not write what it found into any tier, or it could resurrect the old value.
   */
  blocked = false;
  /** A soft-expired value seen on the way down, served only if the refresh fails (fail-safe). */
  stale: { readonly value: V; readonly softExpiresAt: number } | undefined = undefined;
  private first: LoadWaiter<V> | undefined = undefined;
  private more: LoadWaiter<V>[] | undefined = undefined;

  constructor(readonly key: string) {}

  get settled(): boolean {
    return this.state !== "pending";
  }

  addWaiter(waiter: LoadWaiter<V>): void {
    if (this.first === undefined) this.first = waiter;
    else if (this.more === undefined) this.more = [waiter];
    else this.more.push(waiter);
  }

  found(value: V): void {
    if (this.state !== "pending") return;
    this.state = "found";
    this.value = value;
    this.notify();
  }

  absent(): void {
    if (this.state !== "pending") return;
    this.state = "absent";
    this.notify();
  }

  fail(error: unknown): void {
    if (this.state !== "pending") return;
    this.state = "failed";
    this.error = error;
    this.notify();
  }

  private notify(): void {
    const first = this.first;
    const more = this.more;
    this.first = undefined;
    this.more = undefined;
    first?.onSettled(this);
    if (more !== undefined) for (const waiter of more) waiter.onSettled(this);
  }
}
