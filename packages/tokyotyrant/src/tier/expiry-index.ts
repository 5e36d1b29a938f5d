/**
 * The expiry index of a hash database (`ttl: true`): which keys were written to expire in which
 * time bucket, so the garbage collector reads only what expired instead of the whole database.
 *
 * - Bucket `E` covers expiry times in `(E - BUCKET_MS, E]`. Writing an entry that expires at `t`
 *   appends its server key to the record of bucket `ceil(t / BUCKET_MS) * BUCKET_MS` with
 *   `putcat`, which the server applies atomically, so concurrent writers never lose an append.
 * - A cursor record holds the end of the last bucket collected; the collector walks the buckets
 *   after it in order, by computing their keys (no `fwmkeys`: on a hash database that scans every
 *   record).
 * - Records of the index are keyed `FF "tier-ttl" FF <key prefix> FF ...`. Their first byte, 0xFF,
 *   never occurs in UTF-8, so no key a caller can give (a string, sent as UTF-8) ever names one.
 *
 * A bucket record is a list of `[u32 BE length][key bytes]`.
 */

/** Width of a bucket. Fixed, so every process sharing the server agrees on bucket keys. */
export const BUCKET_MS = 10_000;

const MARK = 0xff;
const LENGTH_BYTES = 4;

/** The keys of the index records of one key prefix. */
export class ExpiryIndexKeys {
  private readonly base: Buffer;

  constructor(keyPrefix: string) {
    const mark = Buffer.of(MARK);
    this.base = Buffer.concat([
      mark,
      Buffer.from("tier-ttl", "latin1"),
      mark,
      Buffer.from(keyPrefix, "utf8"),
      mark,
    ]);
  }

  /** The record holding the end of the last bucket collected, as decimal ms. */
  cursor(): Buffer {
    return Buffer.concat([this.base, Buffer.from("cursor", "latin1")]);
  }

  /** The record listing the keys that expire in the bucket ending at `bucketEndMs`. */
  bucket(bucketEndMs: number): Buffer {
    return Buffer.concat([this.base, Buffer.from(`b${bucketEndMs}`, "latin1")]);
  }
}

/** The end of the bucket an entry expiring at `expiresAtMs` belongs to. */
export function bucketEndFor(expiresAtMs: number): number {
  return Math.ceil(expiresAtMs / BUCKET_MS) * BUCKET_MS;
}

/** The end of the latest bucket that ends at or before `ms`. */
export function bucketEndAtOrBefore(ms: number): number {
  return Math.floor(ms / BUCKET_MS) * BUCKET_MS;
}

/** The bytes `putcat` appends to a bucket record for `keys`. */
export function encodeKeyList(keys: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const key of keys) size += LENGTH_BYTES + key.byteLength;
  const list = Buffer.allocUnsafe(size);
  let at = 0;
  for (const key of keys) {
    at = list.writeUInt32BE(key.byteLength, at);
    list.set(key, at);
    at += key.byteLength;
  }
  return list;
}

/** The keys a bucket record lists, and whether it ended cleanly (a torn tail is dropped). */
export function decodeKeyList(record: Uint8Array): { keys: Buffer[]; intact: boolean } {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  const keys: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < LENGTH_BYTES) return { keys, intact: false };
    const length = bytes.readUInt32BE(at);
    at += LENGTH_BYTES;
    if (length > bytes.length - at) return { keys, intact: false };
    keys.push(bytes.subarray(at, at + length));
    at += length;
  }
  return { keys, intact: true };
}
