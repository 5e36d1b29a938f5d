import type { TokyoTyrantClient } from "../client.js";
import { gcReport, type TokyoTyrantGcReport } from "./gc-report.js";
import type { EntryStorage, StorageCall, StoredEntry } from "./storage.js";

/**
 * Immutable data on a hash database: values stored exactly as given, under the key, so any
 * other Tokyo Tyrant client reads them as they are. Nothing expires, so there is nothing to
 * collect. A read is one `mget` per server, a write one `putlist` per server (or `putnr` per
 * entry when the caller chose it).
 */
export class RawHashStorage implements EntryStorage {
  readonly overheadBytes = 0;

  constructor(
    private readonly client: TokyoTyrantClient,
    private readonly noReplyWrites: boolean,
  ) {}

  read(
    serverKeys: readonly string[],
    _now: number,
    call: StorageCall,
  ): Promise<Map<string, Uint8Array>> {
    return this.client.getMany(serverKeys, call);
  }

  write(entries: readonly StoredEntry[], call: StorageCall): Promise<void> {
    return writeValues(this.client, this.noReplyWrites, entries, (entry) => entry.value, call);
  }

  remove(serverKeys: readonly string[], call: StorageCall): Promise<void> {
    return this.client.outMany(serverKeys, call);
  }

  async collect(now: number): Promise<TokyoTyrantGcReport> {
    return gcReport(performance.now(), now, 0, true, []);
  }
}

/**
 * Writes each entry's stored bytes: one `put` for one entry, one `putlist` per server for more,
 * or one `putnr` per entry, which resolves once sent.
 */
export async function writeValues(
  client: TokyoTyrantClient,
  noReply: boolean,
  entries: readonly StoredEntry[],
  stored: (entry: StoredEntry) => Uint8Array,
  call: StorageCall,
): Promise<void> {
  if (noReply) {
    await Promise.all(entries.map((entry) => client.putNr(entry.serverKey, stored(entry), call)));
  } else if (entries.length === 1) {
    const entry = entries[0]!;
    await client.put(entry.serverKey, stored(entry), call);
  } else {
    await client.putMany(
      entries.map((entry) => ({ key: entry.serverKey, value: stored(entry) })),
      call,
    );
  }
}
