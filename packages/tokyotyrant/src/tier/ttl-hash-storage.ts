import type { TokyoTyrantClient } from "../client.js";
import { isExpired, liveValues } from "./expiry.js";
import {
  BUCKET_MS,
  bucketEndAtOrBefore,
  bucketEndFor,
  decodeKeyList,
  ExpiryIndexKeys,
  encodeKeyList,
} from "./expiry-index.js";
import { gcReport, type TokyoTyrantGcReport } from "./gc-report.js";
import { encodeHashEntry, HASH_ENTRY_HEADER_BYTES, parseHashEntry } from "./hash-entry.js";
import { writeValues } from "./raw-hash-storage.js";
import type { EntryStorage, StorageCall, StoredEntry } from "./storage.js";

export interface TtlHashStorageOptions {
  readonly keyPrefix: string;
  readonly noReplyWrites: boolean;
  /** A bucket is collected only this long after its end. */
  readonly graceMs: number;
  /** Most buckets one collection reads. */
  readonly maxBuckets: number;
}

/** Keys per `mget` and per `outlist` of a collection. */
const COLLECT_BATCH = 1000;
/** Bucket records read at once by a collection. */
const BUCKET_READS_AT_ONCE = 64;

/**
 * Entries that may expire, on a hash database: every value carries a header with its expiry
 * (`hash-entry.ts`), and every entry written with a TTL is listed in the expiry index
 * (`expiry-index.ts`) before its value is written, so that no written entry escapes the
 * collector. A read is one `mget` per server; the header decides whether the value is served.
 *
 * A collection reads the index buckets that ended before `now - grace`, after the cursor, reads
 * the keys they list with `mget`, deletes (`outlist`) those whose stored entry is still expired (an
 * entry written again with a later expiry stays), then deletes the buckets and moves the cursor.
 * Its cost is the buckets due plus the keys they list: proportional to the entries that expired,
 * never to the size of the database.
 */
export class TtlHashStorage implements EntryStorage {
  readonly overheadBytes = HASH_ENTRY_HEADER_BYTES;
  private readonly index: ExpiryIndexKeys;
  /** Set once this process made sure the cursor exists, before its first index write. */
  private cursorReady: Promise<void> | undefined;

  constructor(
    private readonly client: TokyoTyrantClient,
    private readonly options: TtlHashStorageOptions,
    private readonly clock: () => number,
  ) {
    this.index = new ExpiryIndexKeys(options.keyPrefix);
  }

  async read(
    serverKeys: readonly string[],
    now: number,
    call: StorageCall,
  ): Promise<Map<string, Uint8Array>> {
    return liveValues(await this.client.getMany(serverKeys, call), parseHashEntry, now);
  }

  async write(entries: readonly StoredEntry[], call: StorageCall): Promise<void> {
    await this.addToIndex(entries, call);
    await writeValues(
      this.client,
      this.options.noReplyWrites,
      entries,
      (entry) => encodeHashEntry(entry.value, entry.expiresAtMs),
      call,
    );
  }

  remove(serverKeys: readonly string[], call: StorageCall): Promise<void> {
    // The index may still list them; the collector finds them gone and skips them.
    return this.client.outMany(serverKeys, call);
  }

  async collect(now: number): Promise<TokyoTyrantGcReport> {
    const startedAt = performance.now();
    const run = { removed: 0, scanned: 0, buckets: 0, complete: true };
    try {
      await this.collectBuckets(now, run);
    } catch (error) {
      return gcReport(startedAt, now, run.buckets, false, [
        { server: "*", removed: run.removed, scanned: run.scanned, error },
      ]);
    }
    return gcReport(startedAt, now, run.buckets, run.complete, [
      { server: "*", removed: run.removed, scanned: run.scanned },
    ]);
  }

  /**
   * Appends the keys of the entries that expire to their buckets: one `putcat` per bucket, which
   * the server applies atomically, so concurrent writers never lose each other's keys.
   */
  private async addToIndex(entries: readonly StoredEntry[], call: StorageCall): Promise<void> {
    const buckets = new Map<number, Buffer[]>();
    for (const entry of entries) {
      if (entry.expiresAtMs === 0) continue;
      const end = bucketEndFor(entry.expiresAtMs);
      const keys = buckets.get(end);
      const key = Buffer.from(entry.serverKey, "utf8");
      if (keys === undefined) buckets.set(end, [key]);
      else keys.push(key);
    }
    if (buckets.size === 0) return;
    await this.ensureCursor(call);
    await Promise.all(
      [...buckets].map(([end, keys]) =>
        this.client.putCat(this.index.bucket(end), encodeKeyList(keys), call),
      ),
    );
  }

  /**
   * The cursor must exist before the first bucket is written, or a collector would not know
   * where to start. `putkeep` leaves one that exists alone. It starts at the latest bucket that
   * may be collected now: no entry written from now on expires in a bucket at or before it.
   */
  private ensureCursor(call: StorageCall): Promise<void> {
    this.cursorReady ??= this.client
      .putKeep(this.index.cursor(), String(this.collectableUpTo(this.clock())), call)
      .then(
        () => undefined,
        (error: unknown) => {
          this.cursorReady = undefined;
          throw error;
        },
      );
    return this.cursorReady;
  }

  /** The end of the latest bucket a collection at `now` may take. */
  private collectableUpTo(now: number): number {
    return bucketEndAtOrBefore(now - this.options.graceMs);
  }

  private async collectBuckets(
    now: number,
    run: { removed: number; scanned: number; buckets: number; complete: boolean },
  ): Promise<void> {
    const cursorRecord = await this.client.get(this.index.cursor());
    if (cursorRecord === undefined) return; // nothing was ever written with a TTL
    const cursor = Number(cursorRecord.toString("latin1"));
    if (!Number.isSafeInteger(cursor) || cursor % BUCKET_MS !== 0) {
      throw new TypeError(`the expiry index cursor holds ${JSON.stringify(String(cursorRecord))}`);
    }
    const upTo = this.collectableUpTo(now);
    let ends: number[] = [];
    for (let end = cursor + BUCKET_MS; end <= upTo; end += BUCKET_MS) {
      if (ends.length === this.options.maxBuckets) {
        run.complete = false;
        break;
      }
      ends.push(end);
    }
    while (ends.length > 0) {
      const window = ends.slice(0, BUCKET_READS_AT_ONCE);
      ends = ends.slice(BUCKET_READS_AT_ONCE);
      await this.collectWindow(window, now, run);
      // Progress is kept window by window: a run that fails later starts here next time.
      await this.client.put(this.index.cursor(), String(window.at(-1)));
    }
  }

  /** Collects the buckets ending at `ends`, then deletes their records. */
  private async collectWindow(
    ends: readonly number[],
    now: number,
    run: { removed: number; scanned: number; buckets: number },
  ): Promise<void> {
    const bucketKeys = ends.map((end) => this.index.bucket(end));
    const records = await Promise.all(bucketKeys.map((key) => this.client.get(key)));
    const listed = new Set<string>();
    const found: Buffer[] = [];
    records.forEach((record, i) => {
      if (record === undefined) return;
      found.push(bucketKeys[i]!);
      for (const key of decodeKeyList(record).keys) {
        run.scanned++;
        listed.add(key.toString("utf8"));
      }
    });
    const keys = [...listed];
    for (let start = 0; start < keys.length; start += COLLECT_BATCH) {
      const batch = keys.slice(start, start + COLLECT_BATCH);
      const stored = await this.client.getMany(batch);
      const expired: string[] = [];
      for (const [key, bytes] of stored) {
        const entry = parseHashEntry(bytes);
        if (entry !== undefined && isExpired(entry.expiresAtMs, now)) expired.push(key);
      }
      if (expired.length > 0) await this.client.outMany(expired);
      run.removed += expired.length;
    }
    if (found.length > 0) await this.client.outMany(found);
    run.buckets += found.length;
  }
}
