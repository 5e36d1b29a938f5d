/**
 * Expiry times are wall-clock milliseconds since the epoch, stored with the entry, because the
 * entry outlives the process that wrote it and every process sharing the server reads it: their
 * clocks must agree (NTP), and a skew of s ms moves every expiry by s ms for that reader.
 */

/** When an entry written at `nowMs` with `ttlSeconds` expires: 0 for no expiry. */
export function expiresAtFor(nowMs: number, ttlSeconds: number): number {
  return ttlSeconds === 0 ? 0 : Math.ceil(nowMs + ttlSeconds * 1000);
}

/** An entry expires at its expiry time: from then on it is never served. */
export function isExpired(expiresAtMs: number, nowMs: number): boolean {
  return expiresAtMs !== 0 && nowMs >= expiresAtMs;
}

/** A value read back from the server, with its expiry (0 = never). */
export interface StoredValue {
  readonly value: Buffer;
  readonly expiresAtMs: number;
}

/**
 * The values of the entries in `stored` that are live at `now`, by key. An entry `parse` cannot
 * read (another shape, another program's bytes) is a miss, never a value.
 */
export function liveValues(
  stored: ReadonlyMap<string, Buffer>,
  parse: (bytes: Buffer) => StoredValue | undefined,
  now: number,
): Map<string, Uint8Array> {
  const live = new Map<string, Uint8Array>();
  for (const [key, bytes] of stored) {
    const entry = parse(bytes);
    if (entry !== undefined && !isExpired(entry.expiresAtMs, now)) live.set(key, entry.value);
  }
  return live;
}
