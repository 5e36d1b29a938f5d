import type { DecodedReply, ReplyDecoder } from "@tier/core/net";
import { expect } from "vitest";

/**
 * Bytes that look like the end of any reply. Placed after `end` (and before `start`) in every
 * buffer handed to a decoder, so one that reads outside its window completes on them and fails
 * the comparison instead of going unnoticed.
 */
const DECOY = Buffer.from("\r\nMN\r\nHD O1\r\nEN\r\n", "latin1");

/** `bytes[0, length)` at `offset` of a fresh buffer surrounded by decoys, as a receive buffer holds it. */
export function framed(bytes: Uint8Array, length: number, offset: number): Buffer {
  const buffer = Buffer.alloc(offset + length + DECOY.length * 2);
  for (let i = 0; i < offset; i++) buffer[i] = DECOY[i % DECOY.length] as number;
  buffer.set(bytes.subarray(0, length), offset);
  DECOY.copy(buffer, offset + length);
  DECOY.copy(buffer, offset + length + DECOY.length);
  return buffer;
}

export type DecodeResult<T> = { readonly value: T; readonly length: number };

/**
 * Decodes one reply the way a connection feeds it, every way it can arrive, and checks they all
 * agree: whole; in two chunks split at every byte boundary (the second call sees the bytes moved
 * to another offset of another buffer, as after a compaction); and one byte at a time. Returns
 * the value and how many bytes the reply took. Before the last byte no call may return a value.
 */
export function decodeEveryWay<T>(make: () => ReplyDecoder<T>, bytes: Uint8Array): DecodeResult<T> {
  const whole = decodeWhole(make(), bytes);
  const n = whole.length;
  const reference = whole.value;
  for (let split = 0; split < n; split++) {
    const decoder = make();
    const first = decoder.decode(framed(bytes, split, 3), 3, 3 + split);
    expect(first, `a value after only ${split} of ${n} bytes`).toBeUndefined();
    const second = expectDecoded(
      decoder.decode(framed(bytes, bytes.length, 11), 11, 11 + bytes.length),
    );
    expect(second.end - 11, `end after a split at ${split}`).toBe(n);
    expect(second.value, `value after a split at ${split}`).toEqual(reference);
  }
  const decoder = make();
  for (let k = 0; k < n; k++) {
    expect(decoder.decode(framed(bytes, k, k % 5), k % 5, (k % 5) + k)).toBeUndefined();
  }
  const last = expectDecoded(decoder.decode(framed(bytes, n, 1), 1, 1 + n));
  expect(last.end - 1).toBe(n);
  expect(last.value).toEqual(reference);
  return whole;
}

/** Decodes `bytes` given whole; the reply may be followed by more. */
export function decodeWhole<T>(decoder: ReplyDecoder<T>, bytes: Uint8Array): DecodeResult<T> {
  const decoded = expectDecoded(
    decoder.decode(framed(bytes, bytes.length, 2), 2, 2 + bytes.length),
  );
  return { value: decoded.value, length: decoded.end - 2 };
}

/**
 * Feeds `bytes` whole, split everywhere and byte by byte, and expects a `ProtocolError` each
 * time, never a value. Returns the error's message.
 */
export function expectProtocolErrorEveryWay<T>(
  make: () => ReplyDecoder<T>,
  bytes: Uint8Array,
): string {
  const message = expectProtocolError(() =>
    make().decode(framed(bytes, bytes.length, 0), 0, bytes.length),
  );
  for (let split = 0; split < bytes.length; split++) {
    const decoder = make();
    expectProtocolError(() => {
      const first = decoder.decode(framed(bytes, split, 4), 4, 4 + split);
      expect(first, `a value after ${split} bytes of a broken reply`).toBeUndefined();
      decoder.decode(framed(bytes, bytes.length, 9), 9, 9 + bytes.length);
    });
  }
  const decoder = make();
  expectProtocolError(() => {
    for (let k = 1; k <= bytes.length; k++) {
      expect(decoder.decode(framed(bytes, k, 0), 0, k)).toBeUndefined();
    }
  });
  return message;
}

export function expectProtocolError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({
      name: "ProtocolError",
      code: "E_PROTOCOL",
      protocol: "memcached",
    });
    return (error as Error).message;
  }
  throw new Error("expected a ProtocolError, nothing was thrown");
}

function expectDecoded<T>(decoded: DecodedReply<T> | undefined): DecodedReply<T> {
  expect(decoded, "a complete reply decoded to nothing").toBeDefined();
  return decoded as DecodedReply<T>;
}

export const latin1 = (text: string): Buffer => Buffer.from(text, "latin1");

export { seededRandom } from "@tier/testkit";

/**
 * Feeds `bytes` in random chunks of 1..`maxChunk` bytes, as a connection would, each call seeing
 * everything received so far at a new offset of a new buffer. Returns the decoded value.
 */
export function decodeInRandomChunks<T>(
  decoder: ReplyDecoder<T>,
  bytes: Uint8Array,
  random: () => number,
  maxChunk: number,
): DecodeResult<T> {
  let received = 0;
  while (received < bytes.length) {
    received = Math.min(bytes.length, received + 1 + Math.floor(random() * maxChunk));
    const offset = Math.floor(random() * 8);
    const decoded = decoder.decode(framed(bytes, received, offset), offset, offset + received);
    if (decoded !== undefined) return { value: decoded.value, length: decoded.end - offset };
  }
  throw new Error(`no value after all ${bytes.length} bytes`);
}
