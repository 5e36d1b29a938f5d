import { type BinaryString, cString, toBinaryString } from "./binary-string.js";
import { canCopyTo } from "./copy-target.js";
import { ErrorState } from "./error-state.js";
import { FileIterator, keysWithPrefix, resyncSlots } from "./file-iterator.js";
import { HashFileLayout, type RecordSlot } from "./hash-file-layout.js";
import { TcErrorCode } from "./tc-error-code.js";

/**
 * What hash and table databases share: both keep their records in a Tokyo Cabinet hash file, so
 * they iterate in file order, report the file size, copy the file, and can be flagged fatal.
 */
export abstract class FileDatabase<StoredRecord extends { slot: RecordSlot }> {
  protected readonly records = new Map<BinaryString, StoredRecord>();
  protected readonly layout = new HashFileLayout<BinaryString>();
  protected readonly errors = new ErrorState();
  protected readonly iterator = new FileIterator(this.layout, this.errors);

  get recordCount(): number {
    return this.records.size;
  }

  get sizeInBytes(): number {
    return this.layout.fileSize;
  }

  initIterator(): boolean {
    return this.iterator.start();
  }

  /** `tchdbiterinit2`: the iterator starts at the record of `key`, which must exist. */
  initIteratorAt(key: Buffer): boolean {
    const record = this.records.get(toBinaryString(key));
    if (!record) return this.errors.fail(TcErrorCode.noRecord);
    return this.iterator.startAt(record.slot);
  }

  nextKey(): Buffer | undefined {
    return this.iterator.next();
  }

  forwardMatchingKeys(prefix: Buffer, max: number): Buffer[] {
    return keysWithPrefix(this.layout, prefix, max);
  }

  sync(): boolean {
    return true;
  }

  /** A raw file copy; when it fails, Tokyo Cabinet flags the database fatal. */
  copy(path: Buffer): boolean {
    const target = cString(path).toString("latin1");
    if (target.startsWith("@")) return this.errors.fail(TcErrorCode.misc);
    return canCopyTo(target) || this.errors.failFatally(TcErrorCode.misc);
  }

  fatalDescription(): string | undefined {
    return this.errors.isFatal ? this.errors.lastError : undefined;
  }

  /** A reopened file: no iterator, no fatal flag (`vanish`, `optimize`, a restart). */
  reopen(): void {
    this.iterator.forget();
    this.errors.reset();
  }

  /** The `misc error` elements. */
  errorElements(): Buffer[] {
    return this.errors.errorElements();
  }

  /** `defrag`: the file without gaps; the iterator stays on the record it was about to return. */
  defragment(): boolean {
    this.iterator.compactFile();
    resyncSlots(this.layout, this.records);
    return true;
  }

  /** The file rewritten in record order (`optimize`), then reopened. */
  protected rewriteFile(): void {
    this.layout.compact();
    resyncSlots(this.layout, this.records);
    this.reopen();
  }
}
