import type { TokyoTyrantClient } from "../client.js";
import { TokyoTyrantFailedError } from "../errors.js";
import { TableQuery } from "../protocol/table-query.js";
import { liveValues } from "./expiry.js";
import { gcReport, type TokyoTyrantGcReport, type TokyoTyrantGcServerReport } from "./gc-report.js";
import type { EntryStorage, StorageCall, StoredEntry } from "./storage.js";
import { type TableColumnNames, TableRecordFormat } from "./table-record.js";

/** Digits of an expiry in ms since the epoch, with room to spare (`table-record.ts`). */
const EXPIRY_DIGITS = 16;

/**
 * Entries on a table database: one record per key, the value in one column and the expiry, when
 * there is one, in a column with a decimal index (`table-record.ts`). A read is one `mget` per
 * server; the expiry is checked here, so an expired record is never served, collected or not.
 *
 * A collection is one `search` per server, "expiry <= now" plus `out`, which the server answers
 * through the index: it removes every expired record in one call. A `search ... count` with the
 * same bound goes first, because `out` does not say how many it removed.
 */
export class TableStorage implements EntryStorage {
  readonly overheadBytes: number;
  private readonly format: TableRecordFormat;
  private schemaReady: Promise<void> | undefined;
  private readonly parse = (record: Buffer) => this.format.parse(record);

  constructor(
    private readonly client: TokyoTyrantClient,
    columns: TableColumnNames,
    private readonly ttl: boolean,
  ) {
    this.format = new TableRecordFormat(columns);
    // `mget` returns "x\0<expiry>\0v\0<value>": one reply field, under the same 256 MiB cap.
    this.overheadBytes =
      Buffer.byteLength(columns.expiry) + Buffer.byteLength(columns.value) + EXPIRY_DIGITS + 3;
  }

  async read(
    serverKeys: readonly string[],
    now: number,
    call: StorageCall,
  ): Promise<Map<string, Uint8Array>> {
    const records = await this.client.getMany(serverKeys, call);
    return liveValues(records, this.parse, now);
  }

  /**
   * One `misc put` per entry (pipelined): it carries each column as its own argument, so values
   * may hold NUL bytes, which the NUL-joined `putlist` and plain `put` cannot carry.
   */
  async write(entries: readonly StoredEntry[], call: StorageCall): Promise<void> {
    if (entries.some((entry) => entry.expiresAtMs !== 0)) await this.ensureSchema(call);
    await Promise.all(
      entries.map((entry) =>
        this.client.table.put(
          entry.serverKey,
          this.format.columns(entry.value, entry.expiresAtMs),
          call,
        ),
      ),
    );
  }

  remove(serverKeys: readonly string[], call: StorageCall): Promise<void> {
    return this.client.outMany(serverKeys, call);
  }

  /**
   * Creates the decimal index of the expiry column on every server, once per process. It is
   * created with KEEP, so an index that exists is left as it is (rebuilding it would read the
   * whole table); the failure KEEP answers with then means "already there".
   */
  ensureSchema(call?: StorageCall): Promise<void> {
    this.schemaReady ??= this.client.table
      .setIndex(this.format.names.expiry, "decimal", { keep: true, ...call })
      .catch((error: unknown) => {
        if (error instanceof TokyoTyrantFailedError) return;
        this.schemaReady = undefined;
        throw error;
      });
    return this.schemaReady;
  }

  async collect(now: number): Promise<TokyoTyrantGcReport> {
    const startedAt = performance.now();
    if (!this.ttl) return gcReport(startedAt, now, 0, true, []);
    const query = new TableQuery().addCondition(this.format.names.expiry, "NUMLE", now);
    const servers = this.client.servers;
    const perServer = await Promise.all(
      servers.map(async (server): Promise<TokyoTyrantGcServerReport> => {
        try {
          await this.ensureSchema();
          const expired = await this.client.table.searchCount(query, { server });
          if (expired > 0) await this.client.table.searchOut(query, { server });
          return { server, removed: expired, scanned: expired };
        } catch (error) {
          return { server, removed: 0, scanned: 0, error };
        }
      }),
    );
    return gcReport(startedAt, now, 0, true, perServer);
  }
}
