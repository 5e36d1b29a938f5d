import type { TokyoTyrantGcReport } from "./gc-report.js";

/** One entry as the tier writes it: the key with the tier's prefix, and when it expires. */
export interface StoredEntry {
  readonly serverKey: string;
  readonly value: Uint8Array;
  /** ms since the epoch; 0 = never. */
  readonly expiresAtMs: number;
}

/** Options of one storage call: the caller's signal, passed to every request. */
export interface StorageCall {
  readonly signal: AbortSignal;
}

/**
 * How entries live on the servers: one implementation per database kind and mode (raw values on
 * a hash database, values with an expiry header and an expiry index, table records). The tier
 * does the rest: keys, limits, clock, closing, the collector's timer.
 */
export interface EntryStorage {
  /** Bytes the storage adds to a value on the server, taken off `maxValueBytes`. */
  readonly overheadBytes: number;
  /** The values of the live entries among `serverKeys`, by server key. */
  read(
    serverKeys: readonly string[],
    now: number,
    call: StorageCall,
  ): Promise<Map<string, Uint8Array>>;
  write(entries: readonly StoredEntry[], call: StorageCall): Promise<void>;
  remove(serverKeys: readonly string[], call: StorageCall): Promise<void>;
  /** Deletes the entries expired at `now`. */
  collect(now: number): Promise<TokyoTyrantGcReport>;
}
