import { type BinaryString, cString, fromBinaryString, toBinaryString } from "./binary-string.js";
import { canCopyTo, namesDatabaseFile } from "./copy-target.js";
import type { Database, MiscResult } from "./database.js";
import { keyValueMisc } from "./misc/key-value-misc.js";
import {
  addInt32,
  INT32_MIN,
  nativeDouble,
  nativeInt32,
  readNativeDouble,
  readNativeInt32,
} from "./native-number.js";
import { shiftLeft } from "./shift-left.js";

/** `TCMDBMNUM`: an on-memory database spreads its records over this many maps. */
const PARTITION_COUNT = 8;
/** Rough bytes Tokyo Cabinet spends per map record besides the key and the value. */
const RECORD_OVERHEAD = 48;
/** The eight bucket arrays of an empty on-memory database (`TCMDBDEFBNUM` buckets each). */
const EMPTY_SIZE = 8 * 65_536;

/** `TCMDBHASH`: which of the eight maps holds `key`. */
function partitionOf(key: BinaryString): number {
  let hash = 0x20071123;
  for (let i = key.length - 1; i >= 0; i--) {
    hash = (Math.imul(hash, 33) + key.charCodeAt(i)) >>> 0;
  }
  return hash & (PARTITION_COUNT - 1);
}

interface IteratorPosition {
  partition: number;
  keys: Iterator<BinaryString>;
}

/**
 * An on-memory hash database (`*`, Tokyo Cabinet's `tcmdb`): eight insertion-ordered maps picked by
 * a hash of the key, iterated map after map. That is why its iteration order differs from a hash
 * database's. It keeps nothing across a restart.
 */
export class MemoryDatabase implements Database {
  readonly kind = "memory";
  readonly statType = "on-memory hash";
  readonly statPath = "*";
  private partitions: Map<BinaryString, Buffer>[] = MemoryDatabase.emptyPartitions();
  private iterator: IteratorPosition | undefined;

  private static emptyPartitions(): Map<BinaryString, Buffer>[] {
    return Array.from({ length: PARTITION_COUNT }, () => new Map<BinaryString, Buffer>());
  }

  get recordCount(): number {
    return this.partitions.reduce((sum, partition) => sum + partition.size, 0);
  }

  get sizeInBytes(): number {
    let size = EMPTY_SIZE;
    for (const partition of this.partitions) {
      for (const [key, value] of partition) size += RECORD_OVERHEAD + key.length + value.length;
    }
    return size;
  }

  put(key: Buffer, value: Buffer): boolean {
    this.set(toBinaryString(key), value);
    return true;
  }

  putKeep(key: Buffer, value: Buffer): boolean {
    const id = toBinaryString(key);
    if (this.lookup(id) !== undefined) return false;
    this.set(id, value);
    return true;
  }

  putCat(key: Buffer, value: Buffer): boolean {
    const id = toBinaryString(key);
    const old = this.lookup(id);
    this.set(id, old === undefined ? value : Buffer.concat([old, value]));
    return true;
  }

  putShiftLeft(key: Buffer, value: Buffer, width: number): boolean {
    const id = toBinaryString(key);
    const old = this.lookup(id);
    this.set(id, old === undefined ? Buffer.from(value) : shiftLeft(old, value, width));
    return true;
  }

  out(key: Buffer): boolean {
    const id = toBinaryString(key);
    return this.partitions[partitionOf(id)]!.delete(id);
  }

  get(key: Buffer): Buffer | undefined {
    return this.lookup(toBinaryString(key));
  }

  valueSize(key: Buffer): number {
    return this.get(key)?.length ?? -1;
  }

  initIterator(): boolean {
    this.iterator = { partition: 0, keys: this.partitions[0]!.keys() };
    return true;
  }

  /** `tcmdbiterinit2`: from `key` on; a missing key starts the walk at the next map. */
  initIteratorAt(key: Buffer): boolean {
    const id = toBinaryString(key);
    const partition = partitionOf(id);
    const map = this.partitions[partition]!;
    if (!map.has(id)) {
      this.iterator = this.startOfPartition(partition + 1);
      return true;
    }
    const keys = map.keys();
    // A live Map iterator positioned on `key`: JavaScript map iterators, like Tokyo Cabinet's
    // linked-list cursor, skip removed records and reach records appended later.
    const positioned = this.positionedIterator(map, keys, id);
    this.iterator = { partition, keys: positioned };
    return true;
  }

  nextKey(): Buffer | undefined {
    while (this.iterator && this.iterator.partition < PARTITION_COUNT) {
      const next = this.iterator.keys.next();
      if (!next.done) return fromBinaryString(next.value);
      this.iterator = this.startOfPartition(this.iterator.partition + 1);
    }
    return undefined;
  }

  forwardMatchingKeys(prefix: Buffer, max: number): Buffer[] {
    const limit = max < 0 ? Number.POSITIVE_INFINITY : max;
    const wanted = toBinaryString(prefix);
    const keys: Buffer[] = [];
    for (const partition of this.partitions) {
      for (const key of partition.keys()) {
        if (keys.length >= limit) return keys;
        if (key.startsWith(wanted)) keys.push(fromBinaryString(key));
      }
    }
    return keys;
  }

  addInt(key: Buffer, increment: number): number {
    const id = toBinaryString(key);
    const old = this.lookup(id);
    if (old === undefined) {
      this.set(id, nativeInt32(increment));
      return increment;
    }
    if (old.length !== 4) return INT32_MIN;
    const sum = addInt32(readNativeInt32(old), increment);
    this.set(id, nativeInt32(sum));
    return sum;
  }

  addDouble(key: Buffer, increment: number): number {
    const id = toBinaryString(key);
    const old = this.lookup(id);
    if (old === undefined) {
      this.set(id, nativeDouble(increment));
      return increment;
    }
    if (old.length !== 8) return Number.NaN;
    const sum = readNativeDouble(old) + increment;
    this.set(id, nativeDouble(sum));
    return sum;
  }

  sync(): boolean {
    return true;
  }

  optimize(_params: Buffer): boolean {
    return true;
  }

  vanish(): boolean {
    this.partitions = MemoryDatabase.emptyPartitions();
    this.iterator = undefined;
    return true;
  }

  /** An on-memory database copies into a new database, so the path must name a database type. */
  copy(path: Buffer): boolean {
    const target = cString(path).toString("latin1");
    if (!namesDatabaseFile(target)) return false;
    if (target !== "*" && target !== "+" && !canCopyTo(target.split("#")[0] ?? "")) return false;
    // `tcadbcopy` reads every record through the shared iterator, leaving it at the end.
    this.iterator = this.startOfPartition(PARTITION_COUNT);
    return true;
  }

  misc(name: Buffer, args: readonly Buffer[]): MiscResult {
    return keyValueMisc(this, cString(name).toString("latin1"), args, undefined);
  }

  fatalDescription(): string | undefined {
    return undefined;
  }

  reopen(): void {
    this.vanish();
  }

  private lookup(id: BinaryString): Buffer | undefined {
    return this.partitions[partitionOf(id)]!.get(id);
  }

  private set(id: BinaryString, value: Buffer): void {
    this.partitions[partitionOf(id)]!.set(id, value);
  }

  private startOfPartition(partition: number): IteratorPosition {
    return {
      partition,
      keys: (this.partitions[partition] ?? new Map<BinaryString, Buffer>()).keys(),
    };
  }

  private positionedIterator(
    map: Map<BinaryString, Buffer>,
    keys: Iterator<BinaryString>,
    first: BinaryString,
  ): Iterator<BinaryString> {
    for (;;) {
      const step = keys.next();
      if (step.done) return map.keys();
      if (step.value === first) {
        let pending: BinaryString | undefined = first;
        return {
          next: (): IteratorResult<BinaryString> => {
            if (pending !== undefined && map.has(pending)) {
              const value = pending;
              pending = undefined;
              return { done: false, value };
            }
            pending = undefined;
            return keys.next();
          },
        };
      }
    }
  }
}
