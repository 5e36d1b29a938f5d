import { createTokyoTyrantClient, tokyoTyrantTier } from "@tier/tokyotyrant";
import { startServerProcess } from "./server-process.js";

/** What one collection cost, next to how much it had to do. */
export interface GcCost {
  readonly database: "hash" | "table";
  readonly live: number;
  readonly expired: number;
  readonly removed: number;
  readonly durationMs: number;
}

const VALUE = Buffer.alloc(100, 0x62);
const WRITE_BATCH = 500;

/**
 * Writes `live` entries that do not expire and `expired` entries with a 60-second TTL, moves the
 * tier's clock past their expiry (and the hash index's grace), and times one `gc()`.
 */
export async function measureGc(
  database: "hash" | "table",
  live: number,
  expired: number,
): Promise<GcCost> {
  const server = await startServerProcess(database);
  const client = createTokyoTyrantClient({ servers: `${server.host}:${server.port}`, database });
  let clock = Date.now();
  const tier = tokyoTyrantTier({ client, database, ttl: true, now: () => clock });
  const signal = new AbortController().signal;
  try {
    for (const [count, ttlSeconds, label] of [
      [live, 0, "live"],
      [expired, 60, "expiring"],
    ] as const) {
      for (let start = 0; start < count; start += WRITE_BATCH) {
        const batch = Array.from({ length: Math.min(WRITE_BATCH, count - start) }, (_, i) => ({
          key: `${label}:${start + i}`,
          value: VALUE,
          ttlSeconds,
        }));
        await tier.setMany(batch, { signal });
      }
    }
    clock += 200_000;
    const report = await tier.gc();
    if (!report.complete) throw new Error(`the collection failed: ${JSON.stringify(report)}`);
    return { database, live, expired, removed: report.removed, durationMs: report.durationMs };
  } finally {
    await tier.close();
    await client.close();
    await server.stop();
  }
}
