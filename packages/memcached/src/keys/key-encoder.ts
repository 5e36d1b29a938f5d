import { hash } from "node:crypto";
import { invalidArgument, MemcachedKeyError } from "../errors.js";

/** memcached refuses a key token longer than this, base64 text included. */
export const MAX_KEY_BYTES = 250;
/** The longest raw key whose base64 form still fits in {@link MAX_KEY_BYTES} (4 * ceil(186/3) = 248). */
export const MAX_BASE64_KEY_BYTES = 186;
/** Longest namespace prefix; leaves room for a hashed long key (prefix + 1 + 32 bytes, base64). */
export const MAX_PREFIX_BYTES = 128;

/**
 * What to do with a key too long for the protocol:
 * - `"refuse"` (default): throw {@link MemcachedKeyError} with problem `too-long`.
 * - `"hash"`: send `prefix + 0xFF + sha256(key)` instead (base64), a fixed 33 bytes after the
 *   prefix. UTF-8 never contains 0xFF, so no other key can be sent as the same bytes; two long
 *   keys share a server key only if they collide in SHA-256.
 */
export type LongKeyPolicy = "refuse" | "hash";

/** Options of a {@link KeyEncoder}. */
export interface KeyEncoderOptions {
  /**
   * Namespace put in front of every key on the wire, e.g. `"app1:"`. Printable ASCII (0x21-0x7E),
   * at most {@link MAX_PREFIX_BYTES} bytes. Default `""`. It counts towards the key's length.
   */
  readonly prefix?: string;
  /** Default `"refuse"`. */
  readonly longKeys?: LongKeyPolicy;
}

declare const issuedByEncoder: unique symbol;

/**
 * A key as it goes on the wire: `text` is printable ASCII of 1..250 characters with no space, so
 * it can never end a command line or start another command. When `base64` is true the request
 * carries the meta `b` flag and memcached stores the decoded bytes. Only {@link KeyEncoder} makes
 * these, so a request can only ever be built from a checked key.
 */
export interface WireKey {
  /** The key as sent: printable ASCII without spaces, 1 to 250 characters. */
  readonly text: string;
  /** Whether `text` is base64 (sent with the `b` flag). */
  readonly base64: boolean;
  readonly [issuedByEncoder]: true;
}

/**
 * Turns caller keys into {@link WireKey}s. The rule:
 * - A key of safe printable ASCII (0x21-0x7E) that fits in 250 bytes with its prefix goes as it
 *   is, so PHP and C clients sharing the server see the same key names.
 * - Any other key (a space, CR, LF, a control byte, DEL, anything non-ASCII) goes base64-encoded
 *   with the `b` flag; the server decodes it, so the stored key is exactly the key's UTF-8 bytes.
 *   No such key can equal a plain key, which has none of those bytes.
 * - A key with no valid encoding is refused with {@link MemcachedKeyError}: empty, not a string, a
 *   lone UTF-16 surrogate, or too long (plain over 250 bytes, base64-encoded over 186 raw bytes,
 *   since memcached checks the 250-byte limit on the base64 text) unless `longKeys` is `"hash"`.
 *
 * Encoding keeps no state between keys, so it costs the same for the millionth distinct key.
 */
export class KeyEncoder {
  /** Put in front of every key. */
  readonly prefix: string;
  /** What happens to a key too long for memcached. */
  readonly longKeys: LongKeyPolicy;
  private readonly prefixBytes: Buffer;

  constructor(options: KeyEncoderOptions = {}) {
    const prefix = options.prefix ?? "";
    if (typeof prefix !== "string" || prefix.length > MAX_PREFIX_BYTES || !isPlain(prefix)) {
      throw invalidArgument(
        `prefix must be printable ASCII without spaces, at most ${MAX_PREFIX_BYTES} bytes; got ${JSON.stringify(prefix)}`,
      );
    }
    const longKeys = options.longKeys ?? "refuse";
    if (longKeys !== "refuse" && longKeys !== "hash") {
      throw invalidArgument(`longKeys must be "refuse" or "hash", got ${JSON.stringify(longKeys)}`);
    }
    this.prefix = prefix;
    this.longKeys = longKeys;
    this.prefixBytes = Buffer.from(prefix, "latin1");
  }

  /**
   * The key as it goes on the wire; throws {@link MemcachedKeyError} for a key that has no valid
   * encoding.
   */
  encode(key: string): WireKey {
    if (typeof key !== "string") {
      throw new MemcachedKeyError("malformed", 0, `a key must be a string, got ${typeof key}`);
    }
    if (key.length === 0) throw new MemcachedKeyError("empty", 0, "a key must not be empty");
    const plain = isPlain(key);
    if (plain && this.prefix.length + key.length <= MAX_KEY_BYTES) {
      return wireKey(this.prefix + key, false);
    }
    if (!plain && LONE_SURROGATE.test(key)) {
      throw new MemcachedKeyError(
        "malformed",
        this.prefix.length + Buffer.byteLength(key),
        "a key must not contain a lone UTF-16 surrogate (it has no UTF-8 form)",
      );
    }
    const byteLength = this.prefix.length + (plain ? key.length : Buffer.byteLength(key));
    if (!plain && byteLength <= MAX_BASE64_KEY_BYTES) {
      return wireKey(Buffer.from(this.prefix + key, "utf8").toString("base64"), true);
    }
    if (this.longKeys === "hash") return this.hashed(key);
    const limit = plain ? MAX_KEY_BYTES : MAX_BASE64_KEY_BYTES;
    throw new MemcachedKeyError(
      "too-long",
      byteLength,
      `a key of ${byteLength} bytes (prefix included) is longer than the ${limit} bytes memcached takes ${plain ? "as text" : "base64-encoded"}`,
    );
  }

  private hashed(key: string): WireKey {
    const digest = hash("sha256", key, "buffer");
    const bytes = Buffer.allocUnsafe(this.prefixBytes.length + 1 + digest.length);
    this.prefixBytes.copy(bytes, 0);
    bytes[this.prefixBytes.length] = HASHED_KEY_MARKER;
    digest.copy(bytes, this.prefixBytes.length + 1);
    return wireKey(bytes.toString("base64"), true);
  }
}

/** A byte UTF-8 never produces, so a hashed key never equals an encoded one. */
const HASHED_KEY_MARKER = 0xff;
const LONE_SURROGATE = /\p{Surrogate}/u;

function wireKey(text: string, base64: boolean): WireKey {
  return { text, base64 } as WireKey;
}

/** Whether every character is printable ASCII other than space: what PHP and C clients accept. */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}
