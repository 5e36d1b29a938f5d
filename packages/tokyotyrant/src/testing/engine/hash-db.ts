import { type BinaryString, cString, toBinaryString } from "./binary-string.js";
import type { Database, MiscResult } from "./database.js";
import { FileDatabase } from "./file-database.js";
import type { RecordSlot } from "./hash-file-layout.js";
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
import { TcErrorCode } from "./tc-error-code.js";

interface HashRecord {
  value: Buffer;
  slot: RecordSlot;
}

/**
 * A hash database (`*.tch`, Tokyo Cabinet's `tchdb`) held in memory: values by key, walked in the
 * order of the record offsets a real file would have.
 */
export class HashDatabase extends FileDatabase<HashRecord> implements Database {
  readonly kind = "hash";
  readonly statType = "hash";
  readonly statPath = "tier-test-server.tch";
  put(key: Buffer, value: Buffer): boolean {
    this.store(toBinaryString(key), value);
    return true;
  }

  putKeep(key: Buffer, value: Buffer): boolean {
    const id = toBinaryString(key);
    if (this.records.has(id)) return this.errors.fail(TcErrorCode.keep);
    this.store(id, value);
    return true;
  }

  putCat(key: Buffer, value: Buffer): boolean {
    const id = toBinaryString(key);
    const record = this.records.get(id);
    if (!record) {
      this.store(id, value);
    } else if (value.length > 0) {
      this.store(id, Buffer.concat([record.value, value]));
    }
    return true;
  }

  putShiftLeft(key: Buffer, value: Buffer, width: number): boolean {
    const id = toBinaryString(key);
    const record = this.records.get(id);
    this.store(id, record ? shiftLeft(record.value, value, width) : Buffer.from(value));
    return true;
  }

  out(key: Buffer): boolean {
    const id = toBinaryString(key);
    const record = this.records.get(id);
    if (!record) return this.errors.fail(TcErrorCode.noRecord);
    this.layout.remove(record.slot);
    this.records.delete(id);
    return true;
  }

  get(key: Buffer): Buffer | undefined {
    const record = this.records.get(toBinaryString(key));
    if (!record) {
      this.errors.fail(TcErrorCode.noRecord);
      return undefined;
    }
    return record.value;
  }

  valueSize(key: Buffer): number {
    return this.get(key)?.length ?? -1;
  }

  addInt(key: Buffer, increment: number): number {
    const id = toBinaryString(key);
    const record = this.records.get(id);
    if (!record) {
      this.store(id, nativeInt32(increment));
      return increment;
    }
    if (record.value.length !== 4) {
      this.errors.fail(TcErrorCode.keep);
      return INT32_MIN;
    }
    const current = readNativeInt32(record.value);
    if (increment === 0) return current;
    const sum = addInt32(current, increment);
    this.store(id, nativeInt32(sum));
    return sum;
  }

  addDouble(key: Buffer, increment: number): number {
    const id = toBinaryString(key);
    const record = this.records.get(id);
    if (!record) {
      this.store(id, nativeDouble(increment));
      return increment;
    }
    if (record.value.length !== 8) {
      this.errors.fail(TcErrorCode.keep);
      return Number.NaN;
    }
    const current = readNativeDouble(record.value);
    if (increment === 0) return current;
    const sum = current + increment;
    this.store(id, nativeDouble(sum));
    return sum;
  }

  /** `tchdboptimize` rewrites the file in record order and reopens it. */
  optimize(_params: Buffer): boolean {
    this.rewriteFile();
    return true;
  }

  vanish(): boolean {
    this.records.clear();
    this.layout.clear();
    this.reopen();
    return true;
  }

  misc(name: Buffer, args: readonly Buffer[]): MiscResult {
    return keyValueMisc(this, cString(name).toString("latin1"), args, {
      errorElements: () => this.errorElements(),
      defragment: () => this.defragment(),
    });
  }

  private store(id: BinaryString, value: Buffer): void {
    const record = this.records.get(id);
    const keySize = id.length;
    if (record) {
      record.value = value;
      record.slot = this.layout.rewrite(record.slot, keySize, value.length);
    } else {
      this.records.set(id, { value, slot: this.layout.insert(id, keySize, value.length) });
    }
  }
}
