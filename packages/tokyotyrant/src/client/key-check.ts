import { invalidArgument } from "../errors.js";
import type { Bytes } from "../protocol/bytes.js";

/**
 * Refuses a key that is neither bytes nor a well-formed string. A string with a lone UTF-16
 * surrogate has no UTF-8 form: it would be sent as U+FFFD and share its record with every other
 * such string, so one key could read another's value.
 */
export function checkKey(key: Bytes, what = "key"): void {
  if (typeof key === "string") {
    if (!(key as unknown as WellFormedCheck).isWellFormed()) {
      throw invalidArgument(`${what} contains a lone UTF-16 surrogate, which has no UTF-8 form`);
    }
  } else if (!(key instanceof Uint8Array)) {
    throw invalidArgument(`${what} must be a string or a Uint8Array`);
  }
}

export function checkKeys(keys: readonly Bytes[], what = "key"): void {
  if (!Array.isArray(keys)) throw invalidArgument(`${what}s must be an array`);
  for (const key of keys) checkKey(key, what);
}

/** The bytes that go on the wire for `key`. */
export function keyBytes(key: Bytes): Uint8Array {
  return typeof key === "string" ? Buffer.from(key, "utf8") : key;
}

/** Node 20 has it; the ES2023 library types do not. */
interface WellFormedCheck {
  isWellFormed(): boolean;
}
