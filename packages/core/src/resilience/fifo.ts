/**
 * A first-in-first-out queue over an array with a moving head: `shift` is O(1) and lets go of the
 * item at once, and the spent front of the array is reclaimed in bulk. The admission gate, the
 * backfill queue and the tier deadlines all wait in one of these.
 */
export class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head === this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    this.reclaim();
    return item;
  }

  /** Drops items from the front for as long as `spent` says they are spent. */
  dropWhile(spent: (item: T) => boolean): void {
    while (this.head < this.items.length && spent(this.items[this.head] as T)) {
      this.items[this.head++] = undefined;
    }
    this.reclaim();
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i] as T;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private reclaim(): void {
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }
}
