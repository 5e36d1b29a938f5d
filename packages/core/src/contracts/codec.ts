/**
 * Turns values into bytes and back. `id` is written into every stored entry, so a reader can tell
 * bytes written with another codec apart and treat them as a miss instead of misreading them.
 * Ids 0-15 are reserved for the codecs `@tier/core` ships; pick 16-255 for your own.
 */
export interface Codec<V> {
  readonly id: number;
  readonly name: string;
  encode(value: V): Uint8Array;
  decode(bytes: Uint8Array): V;
}
