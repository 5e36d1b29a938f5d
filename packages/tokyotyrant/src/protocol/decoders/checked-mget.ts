import type { DecodedReply, ReplyDecoder } from "@tier/core/net";
import type { ReplyLimits } from "../limits.js";
import type { MgetFrame } from "../mget-frame.js";
import { failed, type Reply, succeeded } from "../reply.js";
import { readLength } from "./length-field.js";
import { protocolError } from "./protocol-error.js";

/** The records an `mget` found: `values[i]` is the value of the key at `positions[i]` in the request. */
export interface MgetHits {
  readonly positions: readonly number[];
  readonly values: readonly Buffer[];
}

/** Status byte plus record count. */
const HEADER_BYTES = 5;
/** `ksiz:u32 | vsiz:u32` before each record's key and value. */
const RECORD_HEADER_BYTES = 8;

/**
 * `status | n:u32 | n × (ksiz | vsiz | key | value)`, read against the request that asked for it.
 * Replies carry no request id, so a record whose key was not asked for at its place (out of order,
 * repeated, one too many) is a reply to some other request: a `ProtocolError`, never a value. Keys
 * are compared in place with the request frame; the payload is copied out once, when whole, and
 * the values are views into that copy (never into the receive buffer, which the connection reuses).
 */
export class CheckedMgetDecoder implements ReplyDecoder<Reply<MgetHits>> {
  private status = -1;
  private count = 0;
  /** Offset of the next unread record, relative to the reply's start. */
  private offset = 0;
  /** The request key the next record may answer at the earliest. */
  private nextKey = 0;
  /** Per record read: its key's position, its value's offset (from the reply's start), its length. */
  private readonly spans: number[] = [];

  constructor(
    private readonly limits: ReplyLimits,
    private readonly frame: MgetFrame,
  ) {}

  decode(bytes: Buffer, start: number, end: number): DecodedReply<Reply<MgetHits>> | undefined {
    if (this.status < 0 && !this.readHeader(bytes, start, end)) return undefined;
    const { maxValueBytes, maxReplyBytes } = this.limits;
    const spans = this.spans;
    while (spans.length < 3 * this.count) {
      const at = start + this.offset;
      if (end - at < RECORD_HEADER_BYTES) return undefined;
      const keyLength = u32(bytes, at);
      const valueLength = u32(bytes, at + 4);
      if (keyLength > maxValueBytes || valueLength > maxValueBytes) {
        // Whichever is over the cap: readLength throws with the message naming it.
        readLength(bytes, at, maxValueBytes, "key");
        readLength(bytes, at + 4, maxValueBytes, "value");
      }
      const size = RECORD_HEADER_BYTES + keyLength + valueLength;
      if (this.offset + size > maxReplyBytes) {
        throw protocolError(`the reply grows past its byte limit (a record of ${size} bytes)`);
      }
      if (end - at < size) return undefined;
      const keyAt = at + RECORD_HEADER_BYTES;
      const position = this.matchKey(bytes, keyAt, keyLength);
      spans.push(position, this.offset + RECORD_HEADER_BYTES + keyLength, valueLength);
      this.offset += size;
    }
    const replyEnd = start + this.offset;
    if (this.status !== 0) return { value: failed(this.status), end: replyEnd };
    return { value: succeeded(this.hits(bytes, start, replyEnd)), end: replyEnd };
  }

  private readHeader(bytes: Buffer, start: number, end: number): boolean {
    if (end - start < HEADER_BYTES) return false;
    const status = bytes[start]!;
    if (status > 1) {
      throw protocolError(`a reply started with status byte ${status}; only 0 and 1 exist`);
    }
    const count = bytes.readUInt32BE(start + 1);
    const asked = this.frame.keyStart.length;
    if (count > asked) {
      throw protocolError(`the mget reply claims ${count} records for ${asked} keys asked`);
    }
    const { maxRecords, maxReplyBytes } = this.limits;
    if (count > maxRecords) {
      throw protocolError(`the reply claims ${count} records; the limit is ${maxRecords}`);
    }
    const leastBytes = HEADER_BYTES + count * RECORD_HEADER_BYTES;
    if (leastBytes > maxReplyBytes) {
      throw protocolError(
        `the reply claims ${count} records, at least ${leastBytes} bytes; the limit is ${maxReplyBytes}`,
      );
    }
    this.status = status;
    this.count = count;
    this.offset = HEADER_BYTES;
    return true;
  }

  /** The first key asked at or after `nextKey` that equals `bytes[keyAt, +keyLength)`. */
  private matchKey(bytes: Buffer, keyAt: number, keyLength: number): number {
    const { bytes: sent, keyStart, keyLength: sentLength } = this.frame;
    for (let i = this.nextKey; i < keyStart.length; i++) {
      const from = keyStart[i]!;
      if (sentLength[i] === keyLength && sameBytes(sent, from, bytes, keyAt, keyLength)) {
        this.nextKey = i + 1;
        return i;
      }
    }
    throw protocolError("an mget reply holds a key that was not asked for, or out of order");
  }

  private hits(bytes: Buffer, start: number, replyEnd: number): MgetHits {
    const spans = this.spans;
    const positions: number[] = new Array(this.count);
    const values: Buffer[] = new Array(this.count);
    if (this.count > 0) {
      // One copy of the whole reply into memory of its own, and each value a view of it made with
      // `Buffer.from(arrayBuffer, ...)`: half the cost of `subarray`, which looks up a species
      // constructor for every view.
      const base = bytes.byteOffset;
      const payload = bytes.buffer.slice(base + start, base + replyEnd);
      for (let i = 0, s = 0; i < this.count; i++, s += 3) {
        positions[i] = spans[s]!;
        values[i] = Buffer.from(payload, spans[s + 1]!, spans[s + 2]!);
      }
    }
    return { positions, values };
  }
}

/** Below this, a loop in JS beats `Buffer.compare`, whose argument checks and native call dominate. */
const SHORT_KEY_BYTES = 64;

function sameBytes(a: Buffer, aAt: number, b: Buffer, bAt: number, length: number): boolean {
  if (length > SHORT_KEY_BYTES) return a.compare(b, bAt, bAt + length, aAt, aAt + length) === 0;
  for (let i = 0; i < length; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}

/** A big-endian u32 read inline: `readUInt32BE` checks bounds the loop has already checked. */
function u32(bytes: Buffer, at: number): number {
  return (
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  );
}
