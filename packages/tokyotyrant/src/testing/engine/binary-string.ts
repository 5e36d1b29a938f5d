/**
 * Keys, column names and values are byte strings in Tokyo Cabinet. The engine uses a JavaScript
 * string holding one char per byte ("latin1") wherever it needs a byte string as a `Map` key: it
 * round-trips every byte exactly and compares like `memcmp` when compared char by char.
 */
export type BinaryString = string;

export function toBinaryString(bytes: Uint8Array): BinaryString {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

export function fromBinaryString(text: BinaryString): Buffer {
  return Buffer.from(text, "latin1");
}

/** The bytes of a C string view of `bytes`: everything before the first NUL. */
export function cString(bytes: Uint8Array): Buffer {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nul = buffer.indexOf(0);
  return nul < 0 ? buffer : buffer.subarray(0, nul);
}

/** Lexical order of Tokyo Cabinet (`memcmp` over the common length, then the shorter first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}
