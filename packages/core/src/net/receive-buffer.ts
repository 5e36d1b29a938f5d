const EMPTY = Buffer.alloc(0);
const MIN_CAPACITY = 16 * 1024;

/**
 * The bytes a connection has received and not yet decoded. A chunk that arrives while nothing is
 * buffered is used as it is, without a copy: that is the common case, one or more whole replies in
 * one chunk. Only a reply split across chunks is copied into a buffer of our own, which grows by
 * half again and is compacted in place, so a long reply costs amortized O(size), not O(size^2).
 */
export class ReceiveBuffer {
  private buffer: Buffer = EMPTY;
  private owned = false;
  private head = 0;
  private tail = 0;

  /** The buffer the undecoded bytes are in, at `[start, end)`; it changes as bytes arrive. */
  get bytes(): Buffer {
    return this.buffer;
  }

  /** Offset of the first undecoded byte in `bytes`. */
  get start(): number {
    return this.head;
  }

  /** Offset just past the last received byte in `bytes`. */
  get end(): number {
    return this.tail;
  }

  /** Undecoded bytes held. */
  get length(): number {
    return this.tail - this.head;
  }

  /** Adds a received chunk after the bytes already held. */
  append(chunk: Buffer): void {
    if (this.head === this.tail && !this.owned) {
      this.buffer = chunk;
      this.head = 0;
      this.tail = chunk.length;
      return;
    }
    const kept = this.tail - this.head;
    const needed = kept + chunk.length;
    if (!this.owned || needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(MIN_CAPACITY, needed + (needed >> 1)));
      this.buffer.copy(grown, 0, this.head, this.tail);
      this.buffer = grown;
      this.owned = true;
      this.head = 0;
      this.tail = kept;
    } else if (this.buffer.length - this.tail < chunk.length) {
      this.buffer.copyWithin(0, this.head, this.tail);
      this.head = 0;
      this.tail = kept;
    }
    chunk.copy(this.buffer, this.tail);
    this.tail += chunk.length;
  }

  /** Marks everything before `offset` as decoded. */
  consumeTo(offset: number): void {
    this.head = offset;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
      // A borrowed chunk is let go at once; our own buffer is kept for the next split reply unless
      // a huge reply grew it.
      if (!this.owned || this.buffer.length > 4 * MIN_CAPACITY) {
        this.buffer = EMPTY;
        this.owned = false;
      }
    }
  }

  /** Drops everything held. */
  clear(): void {
    this.buffer = EMPTY;
    this.owned = false;
    this.head = 0;
    this.tail = 0;
  }
}
