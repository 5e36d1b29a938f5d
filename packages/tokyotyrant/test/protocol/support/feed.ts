import { expect } from "vitest";
import type { DecodedReply, ReplyDecoder } from "../../../src/protocol/index.js";

/** Decodes `bytes` placed at a non-zero offset between garbage, as in a shared receive buffer. */
export function decodeEmbedded<T>(decoder: ReplyDecoder<T>, bytes: Buffer): DecodedReply<T> {
  const prefix = 3;
  const buffer = Buffer.concat([Buffer.from([0xee, 0xee, 0xee]), bytes, Buffer.from([0xee])]);
  const decoded = decoder.decode(buffer, prefix, prefix + bytes.length);
  expect(decoded, "a complete reply must decode").toBeDefined();
  expect(decoded!.end).toBe(prefix + bytes.length);
  // The value must not share memory with the receive buffer, which the connection reuses.
  buffer.fill(0x5a);
  return decoded!;
}

/**
 * Feeds the reply in two pieces cut at `cut`: the first piece alone (in its own buffer, so
 * nothing past it can be peeked at) must be incomplete, then the whole reply must decode.
 */
export function decodeInTwo<T>(decoder: ReplyDecoder<T>, bytes: Buffer, cut: number): T {
  if (cut < bytes.length) {
    const first = Buffer.from(bytes.subarray(0, cut));
    expect(decoder.decode(first, 0, cut), `incomplete at ${cut} bytes`).toBeUndefined();
  }
  const decoded = decoder.decode(Buffer.from(bytes), 0, bytes.length);
  expect(decoded?.end).toBe(bytes.length);
  return decoded!.value;
}

/** Feeds the reply one byte more at a time to one decoder, as a slow connection would. */
export function decodeByteByByte<T>(decoder: ReplyDecoder<T>, bytes: Buffer): T {
  for (let end = 0; end < bytes.length; end++) {
    if (decoder.decode(bytes, 0, end) !== undefined) {
      throw new Error(`decoded early, at ${end} of ${bytes.length} bytes`);
    }
  }
  const decoded = decoder.decode(bytes, 0, bytes.length);
  expect(decoded?.end).toBe(bytes.length);
  return decoded!.value;
}

/** Every cut for short replies; for long ones the first and last 64 and 64 spread between. */
export function cutsOf(length: number): number[] {
  if (length <= 4096) return Array.from({ length }, (_, i) => i);
  const cuts = new Set<number>();
  for (let i = 0; i < 64; i++) {
    cuts.add(i);
    cuts.add(length - 1 - i);
    cuts.add(Math.floor((length * i) / 64));
  }
  return [...cuts].sort((a, b) => a - b);
}

export function concatRequest(bytes: Uint8Array | readonly Uint8Array[]): Buffer {
  return bytes instanceof Uint8Array ? Buffer.from(bytes) : Buffer.concat(bytes);
}

/**
 * The same value with bytes as hex strings: deep equality on a 1 MiB Buffer goes element by
 * element and takes seconds, a string comparison does not.
 */
export function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString("hex")}`;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, comparable(v)]));
  if (Array.isArray(value)) return value.map(comparable);
  if (value !== null && typeof value === "object" && !("asymmetricMatch" in value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}
