/** What one garbage collection run did. */
export interface TokyoTyrantGcReport {
  /** Expired entries deleted. */
  readonly removed: number;
  /**
   * Entries looked at. Hash database: the keys the index buckets listed (an entry written several
   * times with a TTL is listed once per write). Table database: the expired records found.
   */
  readonly scanned: number;
  /** Hash database: index buckets read and then deleted. Table database: 0. */
  readonly buckets: number;
  /** Wall-clock time the run took. */
  readonly durationMs: number;
  /** The time expiries were compared against, in ms since the epoch. */
  readonly now: number;
  /**
   * `false` when the run left work for the next one: a request failed, or more buckets were due
   * than `gc.maxBuckets`.
   */
  readonly complete: boolean;
  /** Table database: per server. Hash database: one entry, for the whole database. */
  readonly perServer: readonly TokyoTyrantGcServerReport[];
}

/** One server's part of a garbage collection run. */
export interface TokyoTyrantGcServerReport {
  /** `host:port`, or `"*"` for work spread over every server (the hash database's index). */
  readonly server: string;
  /** Expired entries deleted. */
  readonly removed: number;
  /** Entries looked at (see {@link TokyoTyrantGcReport.scanned}). */
  readonly scanned: number;
  /** Why this server's part failed; the run went on with the others. */
  readonly error?: unknown;
}

/** Sums the per-server parts into a report. */
export function gcReport(
  startedAt: number,
  now: number,
  buckets: number,
  complete: boolean,
  perServer: readonly TokyoTyrantGcServerReport[],
): TokyoTyrantGcReport {
  let removed = 0;
  let scanned = 0;
  let failed = false;
  for (const part of perServer) {
    removed += part.removed;
    scanned += part.scanned;
    if (part.error !== undefined) failed = true;
  }
  return {
    removed,
    scanned,
    buckets,
    durationMs: performance.now() - startedAt,
    now,
    complete: complete && !failed,
    perServer,
  };
}
