import type { ReplyFlags } from "../protocol/index.js";
import type { LeaseLookup } from "./results.js";

/**
 * Whether an item is a lease placeholder rather than a value. `mg` with `N` creates, on a miss, an
 * empty item with client flags 0, and marks it `W` for its creator and `Z` for every later reader
 * until someone stores the key. A real empty value is told apart by its client flags (the tier
 * writes non-zero flags) or by carrying neither mark, so one written by another client with flags
 * 0 still reads as a value.
 */
export function isLeasePlaceholder(
  value: Uint8Array,
  flags: Pick<ReplyFlags, "stale" | "win" | "alreadyWon" | "clientFlags">,
): boolean {
  return (
    value.length === 0 &&
    !flags.stale &&
    (flags.win || flags.alreadyWon) &&
    (flags.clientFlags === undefined || flags.clientFlags === 0)
  );
}

const HELD: LeaseLookup = Object.freeze({ kind: "held", stale: undefined });
export const LEASE_MISS: LeaseLookup = Object.freeze({ kind: "miss" });

/**
 * What a leased read (`mg` with `N`, `v`, `c`, `f`) of an existing item means: a placeholder or an
 * invalidated (stale) item is a lease, won (`W`) or held by another reader (`Z`); anything else is
 * a value.
 */
export function leaseLookupOf(value: Uint8Array, flags: ReplyFlags): LeaseLookup {
  const placeholder = isLeasePlaceholder(value, flags);
  if (placeholder || flags.stale) {
    const stale = placeholder ? undefined : value;
    if (flags.win && flags.cas !== undefined) return { kind: "won", cas: flags.cas, stale };
    if (flags.alreadyWon) return stale === undefined ? HELD : { kind: "held", stale };
  }
  return { kind: "hit", value };
}
