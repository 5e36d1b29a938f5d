/**
 * Where Tokyo Cabinet 1.4.48 puts each record in a hash database file (`tchdb.c`). Iteration,
 * `fwmkeys`, `regex` and a table scan all walk the file from its first record to its end, so the
 * order a client sees is the order of record offsets: mostly insertion order, except where a record
 * outgrew its slot and moved to the end, or a new record was written into the hole a removed or
 * moved one left. This class replays that allocator (alignment padding, the free block pool with its
 * best-fit search, block splitting and splicing) without storing any bytes, so the test server walks
 * records in the real order and reports the real file size.
 */

export interface HashFileTuning {
  /** Buckets of the hash table (`bnum`); only the file size depends on it. */
  readonly bucketCount: number;
  /** Records start at multiples of `2^alignmentPower` bytes (`apow`). */
  readonly alignmentPower: number;
  /** The free block pool holds `2^freeBlockPoolPower` blocks (`fpow`). */
  readonly freeBlockPoolPower: number;
}

/** `tchdbtune` defaults, which ttserver uses for `*.tch` and `tctdbtune` for `*.tct`. */
export const DEFAULT_HASH_FILE_TUNING: HashFileTuning = {
  bucketCount: 131_071,
  alignmentPower: 4,
  freeBlockPoolPower: 10,
};

/** Where one record lives: its offset in the file and the bytes reserved for it. */
export interface RecordSlot {
  readonly offset: number;
  readonly size: number;
}

/** A record of the file, in file order. */
export interface PlacedRecord<Owner> extends RecordSlot {
  readonly owner: Owner;
}

interface MutablePlacedRecord<Owner> {
  offset: number;
  size: number;
  needed: number;
  readonly owner: Owner;
}

interface FreeBlock {
  offset: number;
  size: number;
}

const FILE_HEADER_SIZE = 256;
const BUCKET_ENTRY_SIZE = 4;
const FREE_BLOCK_POOL_BASE_SIZE = 64;
const FREE_BLOCK_POOL_ENTRY_SIZE = 4;
/** A record header without its two variable-length size fields: magic, hash, 2 links, padding. */
const RECORD_FIXED_HEADER_SIZE = 12;
const MAX_PADDING = 0xffff;
const POOL_ALLOWANCE_RATIO = 2;
const POOL_MERGE_FREQUENCY = 4096;
const MAX_FREE_BLOCK_SIZE = Math.floor(0x7fffffff / 4);

/** Bytes of Tokyo Cabinet's variable-length number encoding of `value`. */
export function variableNumberSize(value: number): number {
  let size = 1;
  let rest = value;
  while (rest >= 128) {
    rest = Math.floor(rest / 128);
    size++;
  }
  return size;
}

function recordHeaderSize(keySize: number, valueSize: number): number {
  return RECORD_FIXED_HEADER_SIZE + variableNumberSize(keySize) + variableNumberSize(valueSize);
}

export class HashFileLayout<Owner> {
  readonly firstRecordOffset: number;
  private readonly alignment: number;
  private readonly poolCapacity: number;
  private end: number;
  private pool: FreeBlock[] = [];
  private poolMisses = 0;
  /** Every record, sorted by offset. */
  private records: MutablePlacedRecord<Owner>[] = [];

  constructor(tuning: HashFileTuning = DEFAULT_HASH_FILE_TUNING) {
    this.alignment = 2 ** tuning.alignmentPower;
    this.poolCapacity = 2 ** tuning.freeBlockPoolPower;
    const beforeRecords =
      FILE_HEADER_SIZE +
      BUCKET_ENTRY_SIZE * tuning.bucketCount +
      FREE_BLOCK_POOL_BASE_SIZE +
      FREE_BLOCK_POOL_ENTRY_SIZE * this.poolCapacity;
    this.firstRecordOffset = beforeRecords + this.padding(beforeRecords);
    this.end = this.firstRecordOffset;
  }

  /** The size of the database file: `size` and `stat` report it. */
  get fileSize(): number {
    return this.end;
  }

  get recordCount(): number {
    return this.records.length;
  }

  /** Places a new record (`tchdbputimpl` for a missing key) and returns its slot. */
  insert(owner: Owner, keySize: number, valueSize: number): RecordSlot {
    // 1.4.48 searches the pool for a block that holds the header alone, then grows the record in
    // that block (or moves it on); replaying it exactly is what keeps the real order.
    const found = this.searchPool(recordHeaderSize(keySize, valueSize));
    const needed = recordHeaderSize(keySize, valueSize) + keySize + valueSize;
    const slot = this.write(found, needed);
    this.add({ ...slot, needed, owner });
    return slot;
  }

  /** Rewrites an existing record with a new size (`tchdbwriterec`) and returns its new slot. */
  rewrite(slot: RecordSlot, keySize: number, valueSize: number): RecordSlot {
    const placed = this.take(slot.offset);
    const needed = recordHeaderSize(keySize, valueSize) + keySize + valueSize;
    const next = this.write({ offset: placed.offset, size: placed.size }, needed);
    this.add({ ...next, needed, owner: placed.owner });
    return next;
  }

  /** Frees the slot of a removed record (`tchdbremoverec`). */
  remove(slot: RecordSlot): void {
    const placed = this.take(slot.offset);
    this.insertIntoPool(placed.offset, placed.size);
  }

  /** The first record at `offset` or after it: how the file iterator advances. */
  recordAtOrAfter(offset: number): PlacedRecord<Owner> | undefined {
    return this.records[this.indexAtOrAfter(offset)];
  }

  /** Every record in file order. */
  inFileOrder(): readonly PlacedRecord<Owner>[] {
    return this.records;
  }

  /**
   * Rewrites the file with no free space, keeping the record order (`optimize`, `defrag`).
   * Returns the new offset of every record so that a caller can move its iterator along.
   */
  compact(): Map<number, number> {
    const moved = new Map<number, number>();
    let offset = this.firstRecordOffset;
    for (const record of this.records) {
      moved.set(record.offset, offset);
      record.offset = offset;
      record.size = record.needed + this.padding(offset + record.needed);
      offset += record.size;
    }
    this.end = offset;
    this.pool = [];
    this.poolMisses = 0;
    return moved;
  }

  /** An empty file (`vanish`). */
  clear(): void {
    this.records = [];
    this.pool = [];
    this.poolMisses = 0;
    this.end = this.firstRecordOffset;
  }

  private padding(offset: number): number {
    const rest = offset % this.alignment;
    return rest > 0 ? this.alignment - rest : 0;
  }

  /** `tchdbwriterec`: fits `needed` bytes at `slot` (size 0: append), moving the record if needed. */
  private write(start: RecordSlot, needed: number): RecordSlot {
    let slot: RecordSlot = start;
    for (;;) {
      if (slot.size < 1) {
        const size = needed + this.padding(this.end + needed);
        const appended = { offset: this.end, size };
        this.end += size;
        return appended;
      }
      if (needed > slot.size) {
        const spliced = this.spliceFollowingBlock(slot, needed);
        if (spliced) {
          slot = spliced;
          continue;
        }
        this.insertIntoPool(slot.offset, slot.size);
        slot = this.searchPool(needed);
        continue;
      }
      if (slot.size - needed > MAX_PADDING) {
        const padding = this.padding(slot.offset + needed);
        const rest = slot.offset + needed + padding;
        this.insertIntoPool(rest, slot.size - needed - padding);
        return { offset: slot.offset, size: rest - slot.offset };
      }
      return slot;
    }
  }

  /** `tchdbfbpsplice`: grow a slot over the free block right after it, if that is enough. */
  private spliceFollowingBlock(slot: RecordSlot, needed: number): RecordSlot | undefined {
    const next = slot.offset + slot.size;
    const index = this.pool.findIndex((b) => b.offset === next && slot.size + b.size >= needed);
    if (index < 0) return undefined;
    const block = this.pool[index]!;
    this.pool.splice(index, 1);
    return { offset: slot.offset, size: slot.size + block.size };
  }

  /** `tchdbfbpsearch`: the smallest pooled block of at least `size` bytes, split if much bigger. */
  private searchPool(size: number): RecordSlot {
    if (this.pool.length < 1) return { offset: this.end, size: 0 };
    const index = this.poolBinarySearch(size);
    if (index >= 0) {
      const block = this.pool[index]!;
      if (block.size > size * 2) {
        const padding = this.padding(block.offset + size);
        const rest = block.offset + size + padding;
        if (block.size >= (rest - block.offset) * 2) {
          const taken = { offset: block.offset, size: rest - block.offset };
          // The pool is not re-sorted after a split, exactly as in Tokyo Cabinet.
          block.offset = rest;
          block.size -= taken.size;
          return taken;
        }
      }
      this.pool.splice(index, 1);
      return { offset: block.offset, size: block.size };
    }
    this.poolMisses++;
    if (this.poolMisses >= POOL_MERGE_FREQUENCY) {
      this.mergePool();
      this.sortPoolBySize();
    }
    return { offset: this.end, size: 0 };
  }

  /** `tchdbfbpinsert`: keeps the pool ordered by size, merging and trimming it when full. */
  private insertIntoPool(offset: number, size: number): void {
    if (this.pool.length >= this.poolCapacity * POOL_ALLOWANCE_RATIO) {
      this.mergePool();
      this.sortPoolBySize();
      const excess = this.pool.length - this.poolCapacity;
      if (excess > 0) this.pool.splice(0, excess);
      this.poolMisses = 0;
    }
    const index = this.poolBinarySearch(size);
    const block = { offset, size };
    if (index >= 0) this.pool.splice(index, 0, block);
    else this.pool.push(block);
  }

  /** The binary search of `tchdbfbpsearch`/`tchdbfbpinsert`: an equal block, else the next bigger. */
  private poolBinarySearch(size: number): number {
    const count = this.pool.length;
    let left = 0;
    let right = count;
    let middle = Math.floor((left + right) / 2);
    let candidate = -1;
    while (right >= left && middle < count) {
      const difference = size - this.pool[middle]!.size;
      if (difference === 0) return middle;
      if (difference < 0) {
        candidate = middle;
        right = middle - 1;
      } else {
        left = middle + 1;
      }
      middle = Math.floor((left + right) / 2);
    }
    return candidate;
  }

  /** `tchdbfbpmerge`: joins blocks that touch. */
  private mergePool(): void {
    const byOffset = [...this.pool].sort((a, b) => a.offset - b.offset);
    const merged: FreeBlock[] = [];
    for (const block of byOffset) {
      const last = merged[merged.length - 1];
      if (
        last &&
        last.offset + last.size === block.offset &&
        last.size + block.size <= MAX_FREE_BLOCK_SIZE
      ) {
        last.size += block.size;
      } else {
        merged.push({ ...block });
      }
    }
    this.pool = merged;
    this.poolMisses = -merged.length;
  }

  private sortPoolBySize(): void {
    this.pool.sort((a, b) => a.size - b.size || a.offset - b.offset);
  }

  private indexAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.records[middle]!.offset < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private add(record: MutablePlacedRecord<Owner>): void {
    const last = this.records[this.records.length - 1];
    if (!last || last.offset < record.offset) {
      this.records.push(record);
      return;
    }
    this.records.splice(this.indexAtOrAfter(record.offset), 0, record);
  }

  private take(offset: number): MutablePlacedRecord<Owner> {
    const index = this.indexAtOrAfter(offset);
    const record = this.records[index];
    if (!record || record.offset !== offset) {
      throw new Error(`[tier] [tokyotyrant] test server: no record at offset ${offset}`);
    }
    this.records.splice(index, 1);
    return record;
  }
}
