/** Values up to this size are copied into a shared slab rather than a buffer of their own. */
const SLAB_VALUE_BYTES = 2048;
const SLAB_BYTES = 16 * 1024;

let slab = new ArrayBuffer(SLAB_BYTES);
let slabUsed = 0;

/**
 * A copy of `bytes[from, from + size)` that the caller owns: the receive buffer it comes from is
 * reused once a decoder returns. Small values are carved out of a shared 16 KiB slab, as Node's
 * Buffer pool does, which costs far less than an ArrayBuffer of their own; a consumer that keeps
 * values for long copies them out of any larger buffer (core's memory tier does).
 */
export function copyValue(bytes: Uint8Array, from: number, size: number): Uint8Array {
  let out: Uint8Array;
  if (size > SLAB_VALUE_BYTES) {
    out = new Uint8Array(size);
  } else {
    if (slabUsed + size > SLAB_BYTES) {
      slab = new ArrayBuffer(SLAB_BYTES);
      slabUsed = 0;
    }
    out = new Uint8Array(slab, slabUsed, size);
    // Keep every value 8-byte aligned, so a consumer can view it as wider typed arrays.
    slabUsed += (size + 7) & ~7;
  }
  // A plain view of the source, not Buffer#subarray: its species constructor costs more.
  out.set(new Uint8Array(bytes.buffer, bytes.byteOffset + from, size));
  return out;
}
