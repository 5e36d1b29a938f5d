/**
 * Turns values into bytes and back. `id` is written into every stored entry, so a reader can tell
 * bytes written with another codec apart and treat them as a miss instead of misreading them.
 * Ids 0-15 are reserved for the codecs `@tier/core` ships; pick 16-255 for your own.
 */
export interface Codec<V> {
  /** Written into every stored entry: 0-15 for the codecs of `@tier/core`, 16-255 for yours. */
  readonly id: number;
  /** For messages and events. */
  readonly name: string;
  /** The value's bytes; throw if it cannot be encoded (the chain reports `E_ENCODE_FAILED`). */
  encode(value: V): Uint8Array;
  /** The value back from bytes `encode` wrote; throw on anything else (a miss for the chain). */
  decode(bytes: Uint8Array): V;
}
