/**
 * The leases this process won and has not filled or released yet, with the CAS of each
 * placeholder: a release deletes the placeholder only if it is still the one the lease created,
 * so a value someone stored meanwhile is kept. Bounded in both time and size: an entry older than
 * the lease itself is useless (the placeholder expired), and past `maxEntries` the oldest go first;
 * a lease forgotten here simply runs out on the server.
 */
export class LeaseBook {
  private readonly held = new Map<string, { readonly cas: bigint; readonly expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  get size(): number {
    return this.held.size;
  }

  record(key: string, cas: bigint): void {
    const now = this.now();
    // Re-inserted so that the map stays in expiry order.
    this.held.delete(key);
    this.held.set(key, { cas, expiresAt: now + this.ttlMs });
    this.prune(now);
  }

  /** The CAS of a lease still worth releasing, removed from the book; undefined otherwise. */
  take(key: string): bigint | undefined {
    const entry = this.held.get(key);
    if (entry === undefined) return undefined;
    this.held.delete(key);
    return entry.expiresAt > this.now() ? entry.cas : undefined;
  }

  /** The key was written: its lease, if any, is filled. */
  forget(key: string): void {
    this.held.delete(key);
  }

  private prune(now: number): void {
    for (const [key, entry] of this.held) {
      if (this.held.size <= this.maxEntries && entry.expiresAt > now) return;
      this.held.delete(key);
    }
  }
}
