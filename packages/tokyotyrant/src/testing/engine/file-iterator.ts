import { type BinaryString, fromBinaryString, toBinaryString } from "./binary-string.js";
import type { ErrorState } from "./error-state.js";
import type { HashFileLayout, RecordSlot } from "./hash-file-layout.js";
import { TcErrorCode } from "./tc-error-code.js";

/**
 * The iterator of a hash or table database (`hdb->iter`): one file offset that every connection
 * shares. It walks records in file order, so a record that moves behind it is met again and one
 * written into a hole before it is missed, as with the real file.
 */
export class FileIterator {
  /** `undefined` until `iterinit`: the real iterator then sits on the file header. */
  private offset: number | undefined;

  constructor(
    private readonly layout: HashFileLayout<BinaryString>,
    private readonly errors: ErrorState,
  ) {}

  start(): true {
    this.offset = this.layout.firstRecordOffset;
    return true;
  }

  /** `tchdbiterinit2`: from the record in `slot`. */
  startAt(slot: RecordSlot): true {
    this.offset = slot.offset;
    return true;
  }

  /** Past the last record, where a full walk (`setindex`, `regex`) leaves it. */
  finish(): void {
    this.offset = this.layout.fileSize;
  }

  /** What a reopened database has: no iterator. */
  forget(): void {
    this.offset = undefined;
  }

  next(): Buffer | undefined {
    if (this.offset === undefined) {
      this.errors.fail(TcErrorCode.recordHeader);
      return undefined;
    }
    const record = this.layout.recordAtOrAfter(this.offset);
    if (!record) {
      this.offset = this.layout.fileSize;
      this.errors.fail(TcErrorCode.noRecord);
      return undefined;
    }
    this.offset = record.offset + record.size;
    return fromBinaryString(record.owner);
  }

  /** Compacts the file (`defrag`) and keeps the iterator on the record it was about to return. */
  compactFile(): void {
    const upcoming =
      this.offset === undefined ? undefined : this.layout.recordAtOrAfter(this.offset);
    const moved = this.layout.compact();
    if (this.offset !== undefined) {
      this.offset = upcoming
        ? (moved.get(upcoming.offset) ?? this.layout.fileSize)
        : this.layout.fileSize;
    }
  }
}

/** `tchdbfwmkeys`: keys starting with `prefix` in file order; a negative `max` means all. */
export function keysWithPrefix(
  layout: HashFileLayout<BinaryString>,
  prefix: Buffer,
  max: number,
): Buffer[] {
  const limit = max < 0 ? Number.POSITIVE_INFINITY : max;
  const wanted = toBinaryString(prefix);
  const keys: Buffer[] = [];
  for (const record of layout.inFileOrder()) {
    if (keys.length >= limit) break;
    if (record.owner.startsWith(wanted)) keys.push(fromBinaryString(record.owner));
  }
  return keys;
}

/** After a compaction the layout knows every record's new slot. */
export function resyncSlots(
  layout: HashFileLayout<BinaryString>,
  records: ReadonlyMap<BinaryString, { slot: RecordSlot }>,
): void {
  for (const placed of layout.inFileOrder()) {
    const record = records.get(placed.owner);
    if (record) record.slot = { offset: placed.offset, size: placed.size };
  }
}
