import { invalidArgument } from "../errors.js";

/** memcached reads TTL tokens as signed 32-bit integers. */
const MAX_TTL = 0x7fffffff;
const MAX_UINT32 = 0xffffffff;
const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * A TTL in seconds, 0..2^31-1; 0 means no expiry. memcached reads values over 30 days
 * (2,592,000) as a Unix time, not as an offset.
 */
export function ttlToken(name: string, seconds: number): number {
  if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_TTL) {
    throw invalidArgument(
      `${name} must be a whole number of seconds, 0..${MAX_TTL}; got ${seconds}`,
    );
  }
  return seconds;
}

export function uint32Token(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) {
    throw invalidArgument(`${name} must be an integer, 0..${MAX_UINT32}; got ${value}`);
  }
  return value;
}

/** CAS values, deltas and counters: unsigned 64-bit. */
export function uint64Token(name: string, value: bigint | number): bigint {
  const big = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value) : -1n;
  if (big < 0n || big > MAX_UINT64) {
    throw invalidArgument(`${name} must be an integer, 0..2^64-1; got ${String(value)}`);
  }
  return big;
}

/** Opaque tokens are non-negative safe integers, so they fit memcached's 32-byte token limit. */
export function opaqueToken(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(`opaque must be a non-negative safe integer, got ${value}`);
  }
  return value;
}
