import type { MiscResult } from "../database.js";
import { compilePosixPattern, matchesPosixPattern } from "../posix-regex.js";
import { partOfValue, regexLimit } from "./misc-arguments.js";

/** What the `misc` functions every database kind shares need from it. */
export interface SharedMiscTarget {
  out(key: Buffer): boolean;
  /** The record as the plain `get` command returns it. */
  get(key: Buffer): Buffer | undefined;
  initIterator(): boolean;
  initIteratorAt(key: Buffer): boolean;
  nextKey(): Buffer | undefined;
  sync(): boolean;
  optimize(params: Buffer): boolean;
  vanish(): boolean;
}

/** Returned for a function name the shared part does not know. */
export const NOT_SHARED = Symbol("not a shared misc function");

const EMPTY: readonly Buffer[] = [];

/**
 * The `misc` functions that behave alike on hash, on-memory and table databases once a record is
 * read as the plain `get` command reads it (a table record as its NUL-joined columns).
 */
export function sharedMisc(
  db: SharedMiscTarget,
  name: string,
  args: readonly Buffer[],
): MiscResult | typeof NOT_SHARED {
  switch (name) {
    case "out":
      return args[0] !== undefined && db.out(args[0]) ? EMPTY : undefined;
    case "outlist":
      for (const key of args) db.out(key);
      return EMPTY;
    case "getlist": {
      const found: Buffer[] = [];
      for (const key of args) {
        const value = db.get(key);
        if (value !== undefined) found.push(key, value);
      }
      return found;
    }
    case "getpart": {
      const value = args[0] === undefined ? undefined : db.get(args[0]);
      const part = value === undefined ? undefined : partOfValue(value, args);
      return part === undefined ? undefined : [part];
    }
    case "iterinit": {
      const ok = args[0] === undefined ? db.initIterator() : db.initIteratorAt(args[0]);
      return ok ? EMPTY : undefined;
    }
    case "iternext": {
      const key = db.nextKey();
      if (key === undefined) return undefined;
      const value = db.get(key);
      return value === undefined ? [key] : [key, value];
    }
    case "sync":
      return db.sync() ? EMPTY : undefined;
    case "optimize":
      return db.optimize(args[0] ?? Buffer.alloc(0)) ? EMPTY : undefined;
    case "vanish":
      return db.vanish() ? EMPTY : undefined;
    case "regex":
      return regex(db, args);
    default:
      return NOT_SHARED;
  }
}

/** Walks the shared iterator from the start, as `tcadbmisc` does, so it leaves it at the end. */
function regex(db: SharedMiscTarget, args: readonly Buffer[]): MiscResult {
  const pattern = args[0] === undefined ? undefined : compilePosixPattern(args[0]);
  if (!pattern) return undefined;
  let left = regexLimit(args);
  const found: Buffer[] = [];
  db.initIterator();
  while (left > 0) {
    const key = db.nextKey();
    if (key === undefined) break;
    if (!matchesPosixPattern(pattern, key)) continue;
    const value = db.get(key);
    if (value === undefined) continue;
    found.push(key, value);
    left--;
  }
  return found;
}
