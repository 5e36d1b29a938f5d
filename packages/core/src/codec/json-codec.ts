import type { Codec } from "../contracts/codec.js";
import { CodecError } from "../errors.js";

/**
 * JSON that keeps what plain JSON loses from database rows: `Date`, bytes (`Uint8Array`/`Buffer`,
 * which come back as `Buffer`) and `bigint`. Such values are written as `{"$tier": tag, "v": ...}`;
 * an object that has its own `$tier` property is escaped, so no user data is misread as a tag.
 *
 * The first payload byte says whether any tag was written: most rows have none, and they are
 * decoded with a plain `JSON.parse`, without the slower reviver.
 */
const TAG = "$tier";
const PLAIN = 0;
const TAGGED = 1;

/** Options of {@link jsonCodec}. */
export interface JsonCodecOptions {
  /** Codec id written into stored entries. Default 1. */
  readonly id?: number;
}

/**
 * The default codec: JSON in which `Date`, bytes (`Uint8Array`, `Buffer`) and `bigint` keep their
 * types.
 */
export function jsonCodec<V = unknown>(options: JsonCodecOptions = {}): Codec<V> {
  const id = options.id ?? 1;
  return {
    id,
    name: "json",
    encode(value: V): Uint8Array {
      let tagged = false;
      function replacer(this: Record<string, unknown>, key: string, encoded: unknown): unknown {
        const original = this[key];
        if (original instanceof Date) {
          tagged = true;
          return {
            [TAG]: "d",
            v: Number.isNaN(original.getTime()) ? null : original.toISOString(),
          };
        }
        if (original instanceof Uint8Array) {
          tagged = true;
          return {
            [TAG]: "b",
            v: Buffer.from(original.buffer, original.byteOffset, original.byteLength).toString(
              "base64",
            ),
          };
        }
        if (typeof original === "bigint") {
          tagged = true;
          return { [TAG]: "n", v: original.toString() };
        }
        if (
          encoded !== null &&
          typeof encoded === "object" &&
          !Array.isArray(encoded) &&
          Object.hasOwn(encoded, TAG)
        ) {
          tagged = true;
          return { [TAG]: "o", v: Object.entries(encoded) };
        }
        return encoded;
      }
      let text: string | undefined;
      try {
        text = JSON.stringify(value, replacer);
      } catch (error) {
        throw new CodecError(
          "E_ENCODE_FAILED",
          `json codec cannot encode the value: ${String(error)}`,
          error,
        );
      }
      if (text === undefined) {
        throw new CodecError("E_ENCODE_FAILED", "json codec cannot encode undefined or a function");
      }
      const bytes = Buffer.allocUnsafe(1 + Buffer.byteLength(text));
      bytes[0] = tagged ? TAGGED : PLAIN;
      bytes.write(text, 1);
      return bytes;
    },
    decode(bytes: Uint8Array): V {
      const mode = bytes[0];
      if (mode !== PLAIN && mode !== TAGGED) {
        throw new CodecError("E_DECODE_FAILED", `json codec: unknown payload mode ${String(mode)}`);
      }
      const text = Buffer.isBuffer(bytes)
        ? bytes.toString("utf8", 1)
        : Buffer.from(bytes.buffer, bytes.byteOffset + 1, bytes.byteLength - 1).toString("utf8");
      try {
        return (mode === PLAIN ? JSON.parse(text) : JSON.parse(text, reviveTags)) as V;
      } catch (error) {
        throw new CodecError("E_DECODE_FAILED", "json codec: payload is not valid JSON", error);
      }
    },
  };
}

function reviveTags(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const tag = record[TAG];
  if (tag === undefined) return value;
  const inner = record.v;
  switch (tag) {
    case "d":
      return new Date(typeof inner === "string" ? inner : Number.NaN);
    case "b":
      return Buffer.from(String(inner), "base64");
    case "n":
      return BigInt(String(inner));
    case "o":
      return Object.fromEntries(inner as [string, unknown][]);
    default:
      throw new CodecError("E_DECODE_FAILED", `json codec: unknown tag ${JSON.stringify(tag)}`);
  }
}
