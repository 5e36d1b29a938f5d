import { InvalidKeyError } from "../errors.js";

/**
 * Keys that carry a version, for data that changes: an update writes the row under a new version
 * and readers ask for the new key, so no tier ever has to be invalidated and an old value can never
 * be mistaken for the new one, in this process or any other. This is the pattern the chain can
 * guarantee across processes; `set`/`delete` can only guarantee it within one.
 */
export interface VersionedKeys {
  /** `namespace:id@version`, e.g. `article:42@7`. */
  key(id: string | number | bigint, version: string | number | bigint): string;
  /** The id and version of a key this helper made; throws `InvalidKeyError` for any other string. */
  parse(key: string): { readonly id: string; readonly version: string };
  /** Whether `key` was made by this helper (same namespace). */
  owns(key: string): boolean;
}

const NAMESPACE = /^[A-Za-z0-9_.-]+$/;

/**
 * Keys of the form `namespace:id@version` for rows that change (see {@link VersionedKeys}). Throws
 * `InvalidKeyError` unless `namespace` matches `[A-Za-z0-9_.-]+`.
 */
export function versionedKeys(namespace: string): VersionedKeys {
  if (typeof namespace !== "string" || !NAMESPACE.test(namespace)) {
    throw new InvalidKeyError(
      `versionedKeys: namespace must match ${String(NAMESPACE)}, got ${JSON.stringify(namespace)}`,
    );
  }
  const prefix = `${namespace}:`;
  return {
    key(id, version) {
      const idText = String(id);
      const versionText = String(version);
      if (idText.length === 0 || versionText.length === 0) {
        throw new InvalidKeyError("versionedKeys: id and version must not be empty");
      }
      if (versionText.includes("@"))
        throw new InvalidKeyError("versionedKeys: a version must not contain '@'");
      return `${prefix}${idText}@${versionText}`;
    },
    parse(key) {
      const at = key.lastIndexOf("@");
      if (!key.startsWith(prefix) || at <= prefix.length || at === key.length - 1) {
        throw new InvalidKeyError(
          `versionedKeys: ${JSON.stringify(key)} is not a "${namespace}" versioned key`,
        );
      }
      return { id: key.slice(prefix.length, at), version: key.slice(at + 1) };
    },
    owns(key) {
      const at = key.lastIndexOf("@");
      return key.startsWith(prefix) && at > prefix.length && at < key.length - 1;
    },
  };
}
