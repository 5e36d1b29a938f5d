import type { MiscResult } from "../database.js";
import { NOT_SHARED, type SharedMiscTarget, sharedMisc } from "./shared-misc.js";

/**
 * The `misc` functions of a hash (`*.tch`) or on-memory (`*`) database, `tcadbmisc` for
 * `ADBOHDB` and `ADBOMDB`. The two differ only in the functions the on-memory database lacks
 * (`error`, `defrag`, `cacheclear`), which `hashOnly` supplies for the hash database.
 */
export interface KeyValueMiscTarget extends SharedMiscTarget {
  put(key: Buffer, value: Buffer): boolean;
  putKeep(key: Buffer, value: Buffer): boolean;
  putCat(key: Buffer, value: Buffer): boolean;
}

/** The hash-only functions. */
export interface HashOnlyMisc {
  errorElements(): Buffer[];
  defragment(): boolean;
}

const EMPTY: readonly Buffer[] = [];

export function keyValueMisc(
  db: KeyValueMiscTarget,
  name: string,
  args: readonly Buffer[],
  hashOnly: HashOnlyMisc | undefined,
): MiscResult {
  const shared = sharedMisc(db, name, args);
  if (shared !== NOT_SHARED) return shared;
  switch (name) {
    case "put":
    case "putkeep":
    case "putcat":
      return putOne(db, name, args);
    case "get": {
      const value = args[0] === undefined ? undefined : db.get(args[0]);
      return value === undefined ? undefined : [value];
    }
    case "putlist":
      for (let i = 0; i + 1 < args.length; i += 2) db.put(args[i]!, args[i + 1]!);
      return EMPTY;
    case "error":
      return hashOnly?.errorElements();
    case "defrag":
      return hashOnly?.defragment() ? EMPTY : undefined;
    case "cacheclear":
      return hashOnly ? EMPTY : undefined;
    default:
      return undefined;
  }
}

function putOne(db: KeyValueMiscTarget, name: string, args: readonly Buffer[]): MiscResult {
  const key = args[0];
  const value = args[1];
  if (key === undefined || value === undefined) return undefined;
  const ok =
    name === "put"
      ? db.put(key, value)
      : name === "putkeep"
        ? db.putKeep(key, value)
        : db.putCat(key, value);
  return ok ? EMPTY : undefined;
}
