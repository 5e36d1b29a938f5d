/**
 * Every error `@tier/core` throws is a `TierError` with a stable `code`, so callers branch on the
 * code rather than on message text, and with the underlying `cause` when there is one.
 */
export type TierErrorCode =
  | "E_INVALID_KEY"
  | "E_INVALID_OPTION"
  | "E_UNKNOWN_TIER"
  | "E_CLOSED"
  | "E_SOURCE_FAILED"
  | "E_SOURCE_TIMEOUT"
  | "E_SOURCE_OVERLOADED"
  | "E_TIER_TIMEOUT"
  | "E_TIER_WRITE_FAILED"
  | "E_VALUE_TOO_LARGE"
  | "E_ENCODE_FAILED"
  | "E_DECODE_FAILED"
  | NetErrorCode
  | "E_PROTOCOL"
  | AdapterErrorCode;

/**
 * Codes an adapter package adds for failures only it can name, prefixed with its own name, so
 * that its errors are `TierError`s too and `isTierError` covers everything a chain can meet.
 */
export type AdapterErrorCode = `E_MEMCACHED_${string}` | `E_TT_${string}` | `E_MYSQL_${string}`;

/**
 * The base of every error `tier` throws: branch on `code`; `cause` holds the underlying error, when
 * there is one. Messages start with `[tier]`.
 */
export class TierError extends Error {
  /** Stable across versions; see {@link TierErrorCode}. */
  readonly code: TierErrorCode;

  constructor(code: TierErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[tier] ${message}`, options);
    this.name = "TierError";
    this.code = code;
  }
}

/** A key or argument the caller passed is unusable; nothing was sent anywhere. */
export class InvalidKeyError extends TierError {
  constructor(message: string) {
    super("E_INVALID_KEY", message);
    this.name = "InvalidKeyError";
  }
}

/**
 * An option is unknown or out of range (`E_INVALID_OPTION`); thrown where the options are given,
 * before anything is started.
 */
export class InvalidOptionError extends TierError {
  constructor(message: string) {
    super("E_INVALID_OPTION", message);
    this.name = "InvalidOptionError";
  }
}

/** The chain was used after `close()` (`E_CLOSED`). */
export class ChainClosedError extends TierError {
  constructor() {
    super("E_CLOSED", "the chain is closed");
    this.name = "ChainClosedError";
  }
}

/**
 * The source could not answer for `keys`. `code` tells why: it failed (`E_SOURCE_FAILED`), it took
 * longer than its deadline (`E_SOURCE_TIMEOUT`), or admission control refused to queue one more
 * load (`E_SOURCE_OVERLOADED`).
 */
export type SourceErrorCode = "E_SOURCE_FAILED" | "E_SOURCE_TIMEOUT" | "E_SOURCE_OVERLOADED";

/**
 * The source could not answer for `keys`. Apart from a bad key or a closed chain, the only error a
 * read rejects with: a failing tier is a miss. See {@link SourceErrorCode}.
 */
export class SourceError extends TierError {
  /** Why: failed, timed out, or refused by admission control. */
  declare readonly code: SourceErrorCode;
  /** The caller's keys that could not be loaded. */
  readonly keys: readonly string[];
  /** The source's `name`. */
  readonly source: string;

  constructor(
    code: SourceErrorCode,
    source: string,
    keys: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      code,
      `source "${source}" ${describeSourceFailure(code)} for ${describeKeys(keys)}`,
      options,
    );
    this.name = "SourceError";
    this.keys = keys;
    this.source = source;
  }

  /** The same failure, naming only `keys`: the part of a shared load that one caller asked for. */
  narrowTo(keys: readonly string[]): SourceError {
    if (keys.length === this.keys.length && keys.every((k, i) => k === this.keys[i])) return this;
    return new SourceError(this.code, this.source, keys, { cause: this.cause ?? this });
  }
}

/** A tier call passed its deadline; the chain treats it as a miss. */
export class TierTimeoutError extends TierError {
  /** The tier's name. */
  readonly tier: string;

  constructor(tier: string, timeoutMs: number) {
    super("E_TIER_TIMEOUT", `tier "${tier}" did not answer within ${timeoutMs} ms`);
    this.name = "TierTimeoutError";
    this.tier = tier;
  }
}

/** A value exceeds what a tier can hold; the chain skips that tier for that entry. */
export class ValueTooLargeError extends TierError {
  /** The key of the refused value. */
  readonly key: string;
  /** The value's size, in bytes. */
  readonly size: number;
  /** The most the tier takes, in bytes. */
  readonly limit: number;

  constructor(tier: string, key: string, size: number, limit: number) {
    super("E_VALUE_TOO_LARGE", `tier "${tier}": value of ${size} bytes exceeds ${limit} bytes`);
    this.name = "ValueTooLargeError";
    this.key = key;
    this.size = size;
    this.limit = limit;
  }
}

/** One tier that a `set` or `delete` could not write. */
export interface TierWriteFailure {
  /** The tier's name. */
  readonly tier: string;
  /** What the tier threw. */
  readonly error: unknown;
}

/**
 * `set` or `delete` could not reach every tier. The tiers named in `failures` may still hold the
 * old value until their TTL runs out; the others were written.
 */
export class TierWriteError extends TierError {
  /** The key written or deleted. */
  readonly key: string;
  /** The tiers that failed; every other switched-on tier was written. */
  readonly failures: readonly TierWriteFailure[];

  constructor(operation: "set" | "delete", key: string, failures: readonly TierWriteFailure[]) {
    const names = failures.map((f) => f.tier).join(", ");
    super(
      "E_TIER_WRITE_FAILED",
      `${operation} of ${JSON.stringify(key)} failed on tier(s) ${names}`,
      {
        cause: failures[0]?.error,
      },
    );
    this.name = "TierWriteError";
    this.key = key;
    this.failures = failures;
  }
}

/**
 * A value the codec cannot encode (`E_ENCODE_FAILED`, thrown by `set`), or stored bytes it cannot
 * decode (`E_DECODE_FAILED`, a miss plus a `decodeError` event on reads).
 */
export class CodecError extends TierError {
  constructor(code: "E_ENCODE_FAILED" | "E_DECODE_FAILED", message: string, cause?: unknown) {
    super(code, message, cause === undefined ? undefined : { cause });
    this.name = "CodecError";
  }
}

/**
 * Why a network call to one server failed, as `@tier/core/net` reports it:
 * - `E_NET_CONNECT_FAILED`: the connect was refused or did not finish within its timeout.
 * - `E_NET_UNAVAILABLE`: the server failed recently and is in its backoff (or ejection) window;
 *   nothing was sent.
 * - `E_NET_TIMEOUT`: no reply within the operation's deadline; the connection was closed.
 * - `E_NET_CONNECTION_LOST`: the connection closed (reset, server gone, or closed on purpose after
 *   another request's timeout or protocol error) before this request's reply arrived.
 * - `E_NET_CLOSED`: the client was closed by its owner.
 * A request that failed with any of these except `E_NET_UNAVAILABLE` and `E_NET_CONNECT_FAILED`
 * may or may not have been applied by the server.
 */
export type NetErrorCode =
  | "E_NET_CONNECT_FAILED"
  | "E_NET_UNAVAILABLE"
  | "E_NET_TIMEOUT"
  | "E_NET_CONNECTION_LOST"
  | "E_NET_CLOSED";

/** A network call to one server failed; `code` says how (see {@link NetErrorCode}). */
export class NetError extends TierError {
  declare readonly code: NetErrorCode;
  /** `host:port` of the server the request was meant for. */
  readonly server: string;

  constructor(code: NetErrorCode, server: string, message: string, options?: { cause?: unknown }) {
    super(code, `${server}: ${message}`, options);
    this.name = "NetError";
    this.server = server;
  }
}

/**
 * Bytes from a server that do not follow its protocol: a bad frame, an impossible length, a reply
 * that does not belong to the request it answers. The connection they came on is closed.
 */
export class ProtocolError extends TierError {
  declare readonly code: "E_PROTOCOL";
  /** Which protocol was broken: `"tokyotyrant"`, `"memcached"`, ... */
  readonly protocol: string;

  constructor(protocol: string, message: string, options?: { cause?: unknown }) {
    super("E_PROTOCOL", `[${protocol}] ${message}`, options);
    this.name = "ProtocolError";
    this.protocol = protocol;
  }
}

/** Whether `error` is a {@link TierError} (any code, from core or an adapter). */
export function isTierError(error: unknown): error is TierError {
  return error instanceof TierError;
}

function describeSourceFailure(code: SourceErrorCode): string {
  if (code === "E_SOURCE_TIMEOUT") return "timed out";
  if (code === "E_SOURCE_OVERLOADED")
    return "is overloaded (admission queue full or wait too long)";
  return "failed";
}

const KEYS_IN_MESSAGE = 5;

function describeKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, KEYS_IN_MESSAGE).map((k) => JSON.stringify(k));
  const more = keys.length > KEYS_IN_MESSAGE ? ` and ${keys.length - KEYS_IN_MESSAGE} more` : "";
  return `${keys.length === 1 ? "key" : "keys"} ${shown.join(", ")}${more}`;
}
