import type { GarbageFault } from "./fault.js";

/** Garbage length when a {@link GarbageFault} does not say. */
export const DEFAULT_GARBAGE_LENGTH = 16;

/**
 * `length` pseudo-random bytes, the same on every call and every run (xorshift32 from a fixed
 * seed), so that a parser test that fails on garbage fails again when rerun.
 *
 * Every byte has its high bit set and none is 0x81, so the garbage can never be mistaken for the
 * start of a valid reply by the protocols tier speaks: it is not ASCII (memcached text lines),
 * not 0x00 (Tokyo Tyrant's success status) and not 0x81 (memcached binary response magic). A
 * parser that accepts it has a bug, not bad luck.
 */
export function deterministicGarbage(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = 0x9e3779b9;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const byte = (state & 0xff) | 0x80;
    out[i] = byte === 0x81 ? 0x80 : byte;
  }
  return out;
}

/** The exact bytes a garbage fault injects. */
export function garbageBytes(fault: GarbageFault): Buffer {
  const spec = fault.bytes ?? DEFAULT_GARBAGE_LENGTH;
  const bytes = typeof spec === "number" ? deterministicGarbage(spec) : spec;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
