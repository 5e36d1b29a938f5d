import { constants } from "node:buffer";
import type { RequestBytes } from "@tier/core/net";
import { invalidArgument } from "../errors.js";
import type { Field } from "./bytes.js";
import { MAGIC } from "./opcodes.js";

/**
 * `Uint8Array` data at least this long goes out as its own chunk instead of being copied into the
 * frame: large values are written straight from the caller's memory.
 */
export const BY_REFERENCE_MIN_BYTES = 64 * 1024;

/**
 * Writes one request frame into a buffer of its exact size. Every TT frame puts all its lengths
 * before any data, so the size is known before the first byte is written: there is nothing to
 * grow and nothing to copy a second time.
 */
export class FrameWriter {
  private readonly buffer: Buffer;
  private offset = 0;
  private segmentStart = 0;
  private chunks: Uint8Array[] | undefined;

  /** `headerBytes`: every byte after the opcode that is not in `fields`. */
  constructor(opcode: number, headerBytes: number, fields: readonly Field[]) {
    let size = 2 + headerBytes;
    for (const f of fields) if (!byReference(f)) size += f.size;
    if (size > constants.MAX_LENGTH) {
      throw invalidArgument(`the request would be ${size} bytes, more than one buffer can hold`);
    }
    this.buffer = Buffer.allocUnsafe(size);
    this.u8(MAGIC).u8(opcode);
  }

  u8(value: number): this {
    this.offset = this.buffer.writeUInt8(value, this.offset);
    return this;
  }

  u32(value: number): this {
    this.offset = this.buffer.writeUInt32BE(value, this.offset);
    return this;
  }

  i32(value: number): this {
    this.offset = this.buffer.writeInt32BE(value, this.offset);
    return this;
  }

  i64(value: bigint): this {
    this.offset = this.buffer.writeBigInt64BE(value, this.offset);
    return this;
  }

  u64(value: bigint): this {
    this.offset = this.buffer.writeBigUInt64BE(value, this.offset);
    return this;
  }

  /** A length field followed at once by its data (the `misc` and `mget` list items). */
  sized(f: Field): this {
    return this.u32(f.size).data(f);
  }

  data(f: Field): this {
    if (typeof f.data === "string") {
      this.offset += this.buffer.write(f.data, this.offset, "utf8");
    } else if (byReference(f)) {
      this.chunks ??= [];
      this.chunks.push(this.buffer.subarray(this.segmentStart, this.offset), f.data);
      this.segmentStart = this.offset;
    } else {
      this.buffer.set(f.data, this.offset);
      this.offset += f.size;
    }
    return this;
  }

  finish(): RequestBytes {
    if (this.offset !== this.buffer.length) {
      throw new Error(`frame size mismatch: wrote ${this.offset} of ${this.buffer.length} bytes`);
    }
    if (this.chunks === undefined) return this.buffer;
    if (this.segmentStart < this.offset) this.chunks.push(this.buffer.subarray(this.segmentStart));
    return this.chunks;
  }
}

function byReference(f: Field): f is Field & { readonly data: Uint8Array } {
  return typeof f.data !== "string" && f.size >= BY_REFERENCE_MIN_BYTES;
}

/** The frame of a command without arguments; built once, since it never changes. */
export function bareFrame(opcode: number): Buffer {
  return Buffer.from([MAGIC, opcode]);
}

/** `len:u32 | data`, the whole argument list of `get`, `out`, `vsiz`, `copy` and `optimize`. */
export function singleFieldFrame(opcode: number, data: Field): RequestBytes {
  return new FrameWriter(opcode, 4, [data]).sized(data).finish();
}
