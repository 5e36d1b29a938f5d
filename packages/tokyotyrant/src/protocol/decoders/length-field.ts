import { protocolError } from "./protocol-error.js";

/**
 * Reads a u32 length at `at` and checks it against `cap` before anyone waits for or allocates
 * that many bytes. Lengths are int32 on the wire, so one with the top bit set is negative.
 */
export function readLength(bytes: Buffer, at: number, cap: number, what: string): number {
  const length = bytes.readUInt32BE(at);
  if (length > cap) {
    const shown = length > 0x7fff_ffff ? `${length} (negative as int32)` : `${length}`;
    throw protocolError(`the reply claims a ${what} of ${shown} bytes; the limit is ${cap}`);
  }
  return length;
}

/** A copy of `bytes[from, to)`: decoded values must not share memory with the receive buffer. */
export function copyOut(bytes: Buffer, from: number, to: number): Buffer {
  return Buffer.from(bytes.subarray(from, to));
}
