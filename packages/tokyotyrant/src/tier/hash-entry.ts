import type { StoredValue } from "./expiry.js";

/**
 * How a hash database holds an entry when the tier runs with `ttl: true`: a 10-byte header, then
 * the value as it was given.
 *
 * `[0xF7][version 1][expires at: f64 BE, ms since the epoch; 0 = never][value]`
 *
 * Every entry carries the header in that mode, whatever its TTL, so a read never has to guess
 * whether bytes are a header: a stored value without a valid header (written by the tier without
 * `ttl`, or by another program) is a miss, never a value. 0xF7 can never start UTF-8 text, so
 * text another client stored is not mistaken for an entry either.
 */

export const HASH_ENTRY_MAGIC = 0xf7;
export const HASH_ENTRY_VERSION = 1;
export const HASH_ENTRY_HEADER_BYTES = 10;

/** The header and `value` in one new buffer. `expiresAtMs` is 0 (never) or a time in ms. */
export function encodeHashEntry(value: Uint8Array, expiresAtMs: number): Buffer {
  const stored = Buffer.allocUnsafe(HASH_ENTRY_HEADER_BYTES + value.byteLength);
  stored[0] = HASH_ENTRY_MAGIC;
  stored[1] = HASH_ENTRY_VERSION;
  stored.writeDoubleBE(expiresAtMs, 2);
  stored.set(value, HASH_ENTRY_HEADER_BYTES);
  return stored;
}

/**
 * The value (a view into `stored`, not a copy) and expiry (ms since the epoch, 0 = never) of the
 * entry in `stored`, or `undefined` when `stored` is not an entry of this format.
 */
export function parseHashEntry(stored: Buffer): StoredValue | undefined {
  if (
    stored.length < HASH_ENTRY_HEADER_BYTES ||
    stored[0] !== HASH_ENTRY_MAGIC ||
    stored[1] !== HASH_ENTRY_VERSION
  ) {
    return undefined;
  }
  const expiresAtMs = stored.readDoubleBE(2);
  if (!Number.isSafeInteger(expiresAtMs) || expiresAtMs < 0) return undefined;
  return { value: stored.subarray(HASH_ENTRY_HEADER_BYTES), expiresAtMs };
}
