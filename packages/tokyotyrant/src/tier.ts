import {
  InvalidKeyError,
  type Tier,
  type TierCallOptions,
  type TierCapabilities,
  type TierEntry,
  TierError,
  ValueTooLargeError,
} from "@tier/core";
import type { TokyoTyrantClient } from "./client.js";
import { invalidArgument, invalidOption } from "./errors.js";
import { ServerLimit } from "./protocol/limits.js";
import { expiresAtFor } from "./tier/expiry.js";
import type { TokyoTyrantGcReport } from "./tier/gc-report.js";
import { GcTimer } from "./tier/gc-timer.js";
import {
  isWellFormed,
  type ResolvedTierOptions,
  resolveTierOptions,
  type TokyoTyrantTierOptions,
} from "./tier/options.js";
import { RawHashStorage } from "./tier/raw-hash-storage.js";
import type { EntryStorage, StoredEntry } from "./tier/storage.js";
import { TableStorage } from "./tier/table-storage.js";
import { TtlHashStorage } from "./tier/ttl-hash-storage.js";

export type {
  TokyoTyrantGcReport,
  TokyoTyrantGcServerReport,
} from "./tier/gc-report.js";
export type { TokyoTyrantTierGcOptions, TokyoTyrantTierOptions } from "./tier/options.js";
export type { TableColumnNames } from "./tier/table-record.js";

/**
 * Tokyo Tyrant as a tier of a chain: persistent, so what it holds survives a restart of
 * memcached (and of Tokyo Tyrant). `getMany` is one `mget` per server.
 *
 * - Without `ttl` (the default) the data is immutable: values are stored raw, as any other TT
 *   client would read them, and nothing expires.
 * - With `ttl: true` each entry carries its expiry; an expired entry is never served, and `gc()`
 *   (or the `gc.intervalMs` timer) deletes expired entries at a cost proportional to what
 *   expired, not to the size of the database.
 */
export function tokyoTyrantTier(options: TokyoTyrantTierOptions): TokyoTyrantTier {
  return new TokyoTyrantTier(resolveTierOptions(options));
}

/**
 * The tier {@link tokyoTyrantTier} returns: core's `Tier`, plus `gc()`, `ensureSchema()` and its
 * `client`.
 */
export class TokyoTyrantTier implements Tier {
  readonly name: string;
  readonly capabilities: TierCapabilities;
  /** The client the tier talks through. */
  readonly client: TokyoTyrantClient;
  private readonly options: ResolvedTierOptions;
  private readonly storage: EntryStorage;
  private readonly maxValueBytes: number;
  private readonly timer: GcTimer | undefined;
  private running: Promise<TokyoTyrantGcReport> | undefined;
  private closing: Promise<void> | undefined;

  /** @internal Create tiers with {@link tokyoTyrantTier}, which checks the options. */
  constructor(options: ResolvedTierOptions) {
    this.options = options;
    this.name = options.name;
    this.client = options.client;
    this.storage = createStorage(options);
    const ceiling = ServerLimit.maxArgumentBytes - this.storage.overheadBytes;
    if (options.maxValueBytes !== undefined && options.maxValueBytes > ceiling) {
      if (options.ownsClient) void options.client.close();
      throw invalidOption(`maxValueBytes can be at most ${ceiling} here`);
    }
    this.maxValueBytes = options.maxValueBytes ?? ceiling;
    this.capabilities = Object.freeze({
      ttl: options.ttl,
      maxValueBytes: this.maxValueBytes,
      defaultTtlSeconds: options.defaultTtlSeconds,
      persistent: true,
    });
    this.timer =
      options.ttl && options.gc.intervalMs > 0
        ? new GcTimer(options.gc.intervalMs, async () => {
            await this.gc();
          })
        : undefined;
    this.timer?.start();
  }

  /** The live entries among `keys`. A key with no UTF-8 form (a lone surrogate) is a miss. */
  async getMany(
    keys: readonly string[],
    options: TierCallOptions,
  ): Promise<Map<string, Uint8Array>> {
    this.checkOpen();
    const serverKeys = this.serverKeys(keys);
    if (serverKeys.length === 0) return new Map();
    // The client keys what it found by the keys asked, after checking that each record the
    // server returned answers the key asked at its place: a value never comes under another key.
    const found = await this.storage.read(serverKeys, this.options.now(), options);
    const prefixLength = this.options.keyPrefix.length;
    if (prefixLength === 0) return found;
    const hits = new Map<string, Uint8Array>();
    for (const [serverKey, value] of found) hits.set(serverKey.slice(prefixLength), value);
    return hits;
  }

  /**
   * Writes every entry, or none: the batch is checked first (keys, sizes, TTLs). Rejects with
   * `ValueTooLargeError` for a value over `maxValueBytes`, `InvalidKeyError` for a key without a
   * UTF-8 form, `E_TT_INVALID_ARGUMENT` for a TTL without `ttl: true`.
   */
  async setMany(entries: readonly TierEntry[], options: TierCallOptions): Promise<void> {
    this.checkOpen();
    if (entries.length === 0) return;
    const now = this.options.now();
    const stored: StoredEntry[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const { key, value, ttlSeconds } = entries[i]!;
      this.checkKey(key);
      if (value.byteLength > this.maxValueBytes) {
        throw new ValueTooLargeError(this.name, key, value.byteLength, this.maxValueBytes);
      }
      this.checkTtl(key, ttlSeconds);
      stored[i] = {
        serverKey: this.options.keyPrefix + key,
        value,
        expiresAtMs: expiresAtFor(now, ttlSeconds),
      };
    }
    // One signal for every request of the batch: the transport listens to it once, however many.
    await this.storage.write(stored, options);
  }

  async deleteMany(keys: readonly string[], options: TierCallOptions): Promise<void> {
    this.checkOpen();
    const serverKeys = this.serverKeys(keys);
    if (serverKeys.length > 0) await this.storage.remove(serverKeys, options);
  }

  /**
   * Deletes the entries that have expired (with `ttl: true`; otherwise there is nothing to do)
   * and reports what it did; `gc.onGc` hears the report too. A call while a run is under way
   * shares that run. Failures of single servers are in the report; the call rejects only when
   * the tier is closed.
   */
  gc(): Promise<TokyoTyrantGcReport> {
    if (this.closing !== undefined) return Promise.reject(this.closedError());
    this.running ??= this.storage.collect(this.options.now()).then(
      (report) => {
        this.running = undefined;
        this.report(report);
        return report;
      },
      (error: unknown) => {
        this.running = undefined;
        throw error;
      },
    );
    return this.running;
  }

  /**
   * Table database with `ttl: true`: creates the decimal index of the expiry column on every
   * server unless it exists. The tier does it by itself before its first write with a TTL and
   * before a collection; call it at startup to find a problem early. Otherwise does nothing.
   */
  async ensureSchema(options?: TierCallOptions): Promise<void> {
    this.checkOpen();
    if (this.storage instanceof TableStorage && this.options.ttl) {
      await this.storage.ensureSchema(options);
    }
  }

  /**
   * Refuses new calls at once and stops the collector's timer; calls in flight settle. Closes the
   * client if the tier made it (not one it was given). Idempotent.
   */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.timer?.stop();
      this.closing = this.options.ownsClient ? this.client.close() : Promise.resolve();
    }
    return this.closing;
  }

  /** Same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  private report(report: TokyoTyrantGcReport): void {
    try {
      this.options.gc.onGc?.(report);
    } catch {
      // A listener's failure is its own; the collector goes on.
    }
  }

  /**
   * The keys on the server, with the prefix. A key with no UTF-8 form (a lone surrogate) is left
   * out: it can name no entry, and the client would refuse the whole batch for it.
   */
  private serverKeys(keys: readonly string[]): string[] {
    const prefix = this.options.keyPrefix;
    const serverKeys: string[] = [];
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (isWellFormed(key)) serverKeys.push(prefix === "" ? key : prefix + key);
    }
    return serverKeys;
  }

  private checkOpen(): void {
    if (this.closing !== undefined) throw this.closedError();
  }

  private closedError(): TierError {
    return new TierError("E_CLOSED", `[tokyotyrant] tier "${this.name}" is closed`);
  }

  private checkKey(key: string): void {
    if (typeof key !== "string" || !isWellFormed(key)) {
      throw new InvalidKeyError(
        `[tokyotyrant] tier "${this.name}": a key must be a string with a UTF-8 form (no lone surrogate)`,
      );
    }
    if (this.options.database === "table" && this.options.keyPrefix.length + key.length === 0) {
      // An empty primary key crashes the real server.
      throw new InvalidKeyError(`[tokyotyrant] tier "${this.name}": a table key must not be empty`);
    }
  }

  private checkTtl(key: string, ttlSeconds: number): void {
    if (!(ttlSeconds >= 0 && ttlSeconds < Number.POSITIVE_INFINITY)) {
      throw invalidArgument(
        `tier "${this.name}": ttlSeconds of ${JSON.stringify(key)} must be a finite number >= 0, got ${String(ttlSeconds)}`,
      );
    }
    if (ttlSeconds > 0 && !this.options.ttl) {
      throw invalidArgument(
        `tier "${this.name}" holds immutable data: ttlSeconds must be 0 (create it with ttl: true for expiring entries)`,
      );
    }
  }
}

function createStorage(options: ResolvedTierOptions): EntryStorage {
  if (options.database === "table") {
    return new TableStorage(options.client, options.tableColumns, options.ttl);
  }
  const noReplyWrites = options.backfillWrites === "putnr";
  if (!options.ttl) return new RawHashStorage(options.client, noReplyWrites);
  return new TtlHashStorage(
    options.client,
    {
      keyPrefix: options.keyPrefix,
      noReplyWrites,
      graceMs: options.gc.graceMs,
      maxBuckets: options.gc.maxBuckets,
    },
    options.now,
  );
}
