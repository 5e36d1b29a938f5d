import type { TierError } from "@tier/core";

/** Options every client call takes. */
export interface CallOptions {
  /** Aborting rejects the call with the signal's reason; a reply that comes later is dropped. */
  readonly signal?: AbortSignal;
}

/** An item as `getItem` / `getManyItems` return it. */
export interface MemcachedItem {
  /** The stored bytes. */
  readonly value: Uint8Array;
  /** The 32-bit client flags stored with the item. */
  readonly clientFlags: number;
  /** The item's CAS value, when asked for (`withCas`). */
  readonly cas: bigint | undefined;
  /** Seconds until it expires (-1: never), when asked for (`withTtl`). */
  readonly ttl: number | undefined;
  /** Marked stale by an invalidating delete (`md` with `I`): an old value someone should refresh. */
  readonly stale: boolean;
  /** This read won the right to refresh the item (memcached's `W`). */
  readonly win: boolean;
  /** Another reader already won that right (memcached's `Z`). */
  readonly alreadyWon: boolean;
}

/** What `getItem` and `getManyItems` also return or do. */
export interface GetItemOptions extends CallOptions {
  /** Return the CAS value (for a later `set` with `cas`). Default false. */
  readonly withCas?: boolean;
  /** Return the seconds left before the item expires. Default false. */
  readonly withTtl?: boolean;
  /** Also set the item's TTL to this many seconds (get-and-touch). */
  readonly touchTtl?: number;
}

/** Stores by `ms`: how long, with what flags, and on what condition. */
export interface StoreOptions extends CallOptions {
  /** Seconds to live; 0 (the default) never expires. Over 30 days it is sent as a Unix time. */
  readonly ttl?: number;
  /** 32-bit client flags stored with the item. Default 0. */
  readonly clientFlags?: number;
  /** Store only if the item's CAS is still this; else the outcome is `exists` (or `not-found`). */
  readonly cas?: bigint;
  /**
   * With `cas`: a CAS older than the item's still stores, but marks the item stale, so its next
   * reader wins a refresh.
   */
  readonly invalidate?: boolean;
}

/**
 * - `stored`: written.
 * - `not-stored`: the mode's condition failed (`add` of an existing key; `replace`, `append` or
 *   `prepend` of a missing one).
 * - `exists`: `cas` did not match.
 * - `not-found`: `cas` was given and the item is gone.
 */
export type StoreOutcome = "stored" | "not-stored" | "exists" | "not-found";

export interface DeleteOptions extends CallOptions {
  /** Delete only if the item's CAS is still this; else the outcome is `exists`. */
  readonly cas?: bigint;
  /**
   * Do not remove the item: mark it stale, so readers still get the old value, flagged, and the
   * first of them wins the right to refresh it (`md` with `I`).
   */
  readonly invalidate?: boolean;
  /** With `invalidate`: how long the stale item may still live, in seconds. */
  readonly staleTtl?: number;
}

/** `deleted` (or marked stale), `not-found`, or `exists` (`cas` did not match). */
export type DeleteOutcome = "deleted" | "not-found" | "exists";

export interface CounterOptions extends CallOptions {
  /** Create a missing counter instead of answering `undefined` (`ma` with `N` and `J`). */
  readonly create?: {
    /** The value a created counter starts at. Default 0. */
    readonly initial?: bigint | number;
    /** Seconds the created counter lives; 0 (the default) never expires. */
    readonly ttl?: number;
  };
}

/** One entry of `setMany`. */
export interface SetManyEntry {
  /** The key. */
  readonly key: string;
  /** The bytes to store. */
  readonly value: Uint8Array;
  /** Seconds to live; 0 never expires. Default: the call's `ttl`, else 0. */
  readonly ttl?: number;
  /** Default: the call's `clientFlags`, else 0. */
  readonly clientFlags?: number;
}

/** Defaults for every entry of one `setMany`. */
export interface SetManyOptions extends CallOptions {
  readonly ttl?: number;
  readonly clientFlags?: number;
}

/** Keys a server could not serve, and why. */
export interface ServerFailure {
  /** `host:port` of the server. */
  readonly server: string;
  /** The keys that server could not serve. */
  readonly keys: readonly string[];
  /**
   * A `NetError` (the server is down, ejected, timed out...), a `ProtocolError`, a
   * `MemcachedServerError`, or a `ValueTooLargeError` for one key.
   */
  readonly error: TierError;
}

/** The result of a call spanning several servers: one server's failure never hides the others' answers. */
export interface ManyResult {
  /** Empty when every server answered. */
  readonly failures: readonly ServerFailure[];
}

/** What `getMany` returns. */
export interface GetManyResult extends ManyResult {
  /** The hits; a key that is absent missed, or is named in `failures`. */
  readonly hits: Map<string, Uint8Array>;
}

/** What `getManyItems` returns. */
export interface GetManyItemsResult extends ManyResult {
  /** The items found; a key that is absent missed, or is named in `failures`. */
  readonly items: Map<string, MemcachedItem>;
}

/** Options of the leased reads, `getWithLease` and `getManyLeased`. */
export interface LeaseOptions extends CallOptions {
  /**
   * How long a won lease lasts, in seconds: if its holder neither fills nor releases it, the next
   * reader wins it after this long.
   */
  readonly leaseTtlSeconds: number;
}

/**
 * What a leased read found for one key:
 * - `hit`: a value.
 * - `won`: nobody has the value, and this caller holds the lease to load it: fill it with a
 *   `set` (plain, or with `cas` to store only if still leased) or give it back with
 *   `releaseLeases`. `stale` is the old value when the item was invalidated rather than missing.
 * - `held`: another caller holds the lease and is loading the value; ask again shortly.
 * - `miss`: no value and no lease (the server could not create the placeholder).
 */
export type LeaseLookup =
  | { readonly kind: "hit"; readonly value: Uint8Array }
  | { readonly kind: "won"; readonly cas: bigint; readonly stale: Uint8Array | undefined }
  | { readonly kind: "held"; readonly stale: Uint8Array | undefined }
  | { readonly kind: "miss" };

/** What `getManyLeased` returns: hits, leases won, and keys another caller is loading. */
export interface GetManyLeasedResult extends ManyResult {
  /** The values found; a key in none of the three missed, or is named in `failures`. */
  readonly hits: Map<string, Uint8Array>;
  /** Keys this caller holds the lease for, with the placeholder's CAS that releases it. */
  readonly won: Map<string, bigint>;
  /** Keys another caller holds the lease for. */
  readonly heldElsewhere: Set<string>;
}
