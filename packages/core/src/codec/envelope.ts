import type { Codec } from "../contracts/codec.js";
import { CodecError } from "../errors.js";

/**
 * The bytes the chain stores: a 16-byte header, then the codec's payload.
 *
 *   0      magic 0xE7 (a byte no JSON or text value starts with, so foreign bytes are recognised)
 *   1      format version (1)
 *   2      codec id
 *   3      flags: bit 0 = "absent" marker (negative cache, no payload)
 *   4..7   key check: FNV-1a 32 of the key, big-endian. Bytes that another key's entry ended up
 *          under (a confused client, a bad backfill, a hash collision in a shard map) are refused
 *          instead of returned as this key's value.
 *   8..15  soft expiry, epoch milliseconds as float64, big-endian; 0 = none
 */
export const ENVELOPE_HEADER_BYTES = 16;
const MAGIC = 0xe7;
const FORMAT_VERSION = 1;
const FLAG_ABSENT = 0b0000_0001;

export interface StoredValue<V> {
  readonly absent: false;
  readonly value: V;
  readonly softExpiresAt: number;
}

export interface StoredAbsence {
  readonly absent: true;
  readonly softExpiresAt: number;
}

export type StoredEntry<V> = StoredValue<V> | StoredAbsence;

export function encodeEnvelope<V>(
  key: string,
  codec: Codec<V>,
  value: V,
  softExpiresAt: number,
): Uint8Array {
  const payload = codec.encode(value);
  const bytes = Buffer.allocUnsafe(ENVELOPE_HEADER_BYTES + payload.byteLength);
  writeHeader(bytes, key, codec.id, 0, softExpiresAt);
  bytes.set(payload, ENVELOPE_HEADER_BYTES);
  return bytes;
}

export function encodeAbsence(key: string, codecId: number, softExpiresAt: number): Uint8Array {
  const bytes = Buffer.allocUnsafe(ENVELOPE_HEADER_BYTES);
  writeHeader(bytes, key, codecId, FLAG_ABSENT, softExpiresAt);
  return bytes;
}

/** Reads what {@link encodeEnvelope} wrote for `key`; anything else is a `CodecError`. */
export function decodeEnvelope<V>(key: string, codec: Codec<V>, bytes: Uint8Array): StoredEntry<V> {
  if (bytes.byteLength < ENVELOPE_HEADER_BYTES || bytes[0] !== MAGIC) {
    throw new CodecError("E_DECODE_FAILED", "stored bytes do not start with a tier envelope");
  }
  if (bytes[1] !== FORMAT_VERSION) {
    throw new CodecError("E_DECODE_FAILED", `unknown envelope format version ${String(bytes[1])}`);
  }
  if (bytes[2] !== codec.id) {
    throw new CodecError(
      "E_DECODE_FAILED",
      `entry was written by codec ${String(bytes[2])}, expected ${codec.id}`,
    );
  }
  const check = ((bytes[4]! << 24) | (bytes[5]! << 16) | (bytes[6]! << 8) | bytes[7]!) >>> 0;
  if (check !== keyCheck(key)) {
    throw new CodecError("E_DECODE_FAILED", "entry belongs to another key");
  }
  const softExpiresAt = readFloat64BE(bytes, 8);
  if ((bytes[3]! & FLAG_ABSENT) !== 0) {
    return { absent: true, softExpiresAt };
  }
  const value = codec.decode(bytes.subarray(ENVELOPE_HEADER_BYTES));
  return { absent: false, value, softExpiresAt };
}

// One scratch word for reading big-endian doubles from any Uint8Array without a DataView per read.
const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readFloat64BE(bytes: Uint8Array, offset: number): number {
  for (let i = 0; i < 8; i++) scratchBytes[littleEndian ? 7 - i : i] = bytes[offset + i]!;
  return scratch[0]!;
}

function writeHeader(
  bytes: Buffer,
  key: string,
  codecId: number,
  flags: number,
  softExpiresAt: number,
): void {
  bytes[0] = MAGIC;
  bytes[1] = FORMAT_VERSION;
  bytes[2] = codecId;
  bytes[3] = flags;
  bytes.writeUInt32BE(keyCheck(key), 4);
  bytes.writeDoubleBE(softExpiresAt, 8);
}

/** FNV-1a over the key's UTF-16 code units: cheap enough for every hit. */
export function keyCheck(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
