import { invalidArgument } from "../errors.js";

/** memcached reads an expiry above this (30 days, in seconds) as a Unix time, not an offset. */
export const MAX_RELATIVE_TTL_SECONDS = 30 * 24 * 60 * 60;
/** memcached reads expiry times as signed 32-bit integers. */
const MAX_EXPIRY = 0x7fffffff;

/**
 * The expiry to send for a TTL of `seconds` from now (0: never expires). Up to 30 days it goes as
 * it is; a longer TTL is sent as the Unix time it ends at, by this machine's clock, since memcached
 * would read the plain number as a date in 1970 and drop the item at once. Times past 2038 are
 * capped to the largest memcached takes.
 */
export function wireTtl(seconds: number, nowMs: number = Date.now()): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0) {
    throw invalidArgument(`a TTL must be a whole number of seconds >= 0, got ${String(seconds)}`);
  }
  if (seconds <= MAX_RELATIVE_TTL_SECONDS) return seconds;
  return Math.min(MAX_EXPIRY, Math.floor(nowMs / 1000) + seconds);
}
