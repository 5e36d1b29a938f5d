import type { Codec } from "../contracts/codec.js";
import { CodecError } from "../errors.js";

/** Stores `Uint8Array` values as they are: for callers that serialise themselves. */
export function bytesCodec(): Codec<Uint8Array> {
  return {
    id: 0,
    name: "bytes",
    encode(value: Uint8Array): Uint8Array {
      if (!(value instanceof Uint8Array)) {
        throw new CodecError("E_ENCODE_FAILED", "bytes codec: the value is not a Uint8Array");
      }
      return value;
    },
    decode(bytes: Uint8Array): Uint8Array {
      return bytes;
    },
  };
}

/** Stores strings as UTF-8. */
export function stringCodec(): Codec<string> {
  return {
    id: 2,
    name: "string",
    encode(value: string): Uint8Array {
      if (typeof value !== "string") {
        throw new CodecError("E_ENCODE_FAILED", "string codec: the value is not a string");
      }
      return Buffer.from(value, "utf8");
    },
    decode(bytes: Uint8Array): string {
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    },
  };
}
