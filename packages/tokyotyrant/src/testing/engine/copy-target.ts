import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Whether a `copy` to `path` on the server host would succeed, decided without writing anything:
 * the test server never creates files. A path starting with `@` asks the real server to run a
 * command; the test server refuses it.
 */
export function canCopyTo(path: string): boolean {
  if (path.length === 0 || path.startsWith("@")) return false;
  try {
    accessSync(dirname(path), constants.W_OK);
    return !isDirectory(path);
  } catch {
    return false;
  }
}

/** Whether `path` names an existing directory (`restore` reads an update-log directory). */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Database suffixes `tcadbopen` knows: an on-memory database copies into a new one of that type. */
const DATABASE_SUFFIXES = [".tch", ".hdb", ".tcb", ".bdb", ".tcf", ".fdb", ".tct", ".tdb"];

/** Whether `tcadbopen` would open `path` (its name before any `#` tuning picks the type). */
export function namesDatabaseFile(path: string): boolean {
  const name = path.split("#")[0] ?? "";
  if (name === "*" || name === "+") return true;
  return DATABASE_SUFFIXES.some((suffix) => name.toLowerCase().endsWith(suffix));
}
