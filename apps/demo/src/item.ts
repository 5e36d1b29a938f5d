/** One immutable row of the demo table, as the chain caches it. */
export interface DemoItem {
  readonly id: string;
  readonly payload: string;
}

/**
 * The payload of an id: derived from it, so every value read can be checked against the id it
 * was asked for, and a value of another item can never pass.
 */
export function payloadOf(id: number): string {
  return `item ${id} / ${(Math.imul(id, 2_654_435_761) >>> 0).toString(36)}`;
}

/** True when `value` is exactly the row of `id`. */
export function isItemOf(id: string, value: DemoItem | undefined): boolean {
  return value !== undefined && value.id === id && value.payload === payloadOf(Number(id));
}
