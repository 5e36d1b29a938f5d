import { canBeId, type MysqlIdType } from "./id-type.js";

/** A load split into queries of at most `maxBatch` ids; each key is sent as its own id. */
export interface ChunkPlan {
  readonly chunks: readonly (readonly string[])[];
  /**
   * The chunk each distinct key is in (-1 for keys never sent). A row answers a key only in the
   * chunk that asked for it: under a case-insensitive collation, "abc" in one chunk and "ABC" in
   * another both bring back the row "abc", and only the first chunk's copy is "abc"'s.
   */
  readonly chunkOf: ReadonlyMap<string, number>;
  /** Distinct keys that cannot be an id of this type (e.g. "007" for integers): never sent. */
  readonly skipped: number;
}

const NOT_SENT = -1;

/** Splits `keys` into chunks of at most `maxBatch` distinct ids, in the order given. */
export function planChunks(
  keys: readonly string[],
  idType: MysqlIdType,
  maxBatch: number,
): ChunkPlan {
  const chunks: string[][] = [];
  const chunkOf = new Map<string, number>();
  let skipped = 0;
  let current: string[] = [];
  for (const key of keys) {
    if (chunkOf.has(key)) continue;
    // Keys are typed as strings, but a direct caller may pass anything; no such key has a row.
    if (typeof key !== "string" || !canBeId(key, idType)) {
      chunkOf.set(key, NOT_SENT);
      skipped++;
      continue;
    }
    if (chunks.length === 0 || current.length === maxBatch) {
      current = [];
      chunks.push(current);
    }
    chunkOf.set(key, chunks.length - 1);
    current.push(key);
  }
  return { chunks, chunkOf, skipped };
}
