import { InvalidKeyError, InvalidOptionError, ProtocolError, TierError } from "@tier/core";

/**
 * Why a key cannot be sent to memcached:
 * - `empty`: the empty string names nothing.
 * - `too-long`: longer than the protocol can carry (250 bytes as text, 186 bytes base64-encoded).
 * - `malformed`: not a string, or a string with a lone UTF-16 surrogate, which has no UTF-8 form
 *   and would share its encoding with other malformed strings.
 */
export type MemcachedKeyProblem = "empty" | "too-long" | "malformed";

/**
 * A key that can never reach the server. Its `code` is core's `E_INVALID_KEY`, so callers that
 * branch on codes treat it like any other unusable key; `problem` says which rule it broke.
 */
export class MemcachedKeyError extends InvalidKeyError {
  /** Which rule the key broke. */
  readonly problem: MemcachedKeyProblem;
  /** The key's length in UTF-8 bytes, namespace prefix included (0 for a non-string). */
  readonly byteLength: number;

  constructor(problem: MemcachedKeyProblem, byteLength: number, detail: string) {
    super(`[memcached] ${detail}`);
    this.name = "MemcachedKeyError";
    this.problem = problem;
    this.byteLength = byteLength;
  }
}

/** A request argument the protocol cannot express (a fractional TTL, a negative CAS...). */
export function invalidArgument(detail: string): InvalidOptionError {
  return new InvalidOptionError(`[memcached] ${detail}`);
}

/** Bytes from the server that break the meta protocol or do not answer the request they follow. */
export function protocolError(detail: string): ProtocolError {
  return new ProtocolError("memcached", detail);
}

/**
 * The server could not carry out a command it understood (`SERVER_ERROR out of memory storing
 * object`, ...). The connection stays usable. A value too large for the server is reported as
 * core's `ValueTooLargeError` instead, so the chain skips the tier for that entry.
 */
export class MemcachedServerError extends TierError {
  /** `host:port` of the server that answered. */
  readonly server: string;
  /** What the server said after `SERVER_ERROR`. */
  readonly reply: string;

  constructor(server: string, reply: string) {
    super("E_MEMCACHED_SERVER_ERROR", `[memcached] ${server}: SERVER_ERROR ${reply}`);
    this.name = "MemcachedServerError";
    this.server = server;
    this.reply = reply;
  }
}

/**
 * The server refused a well-formed request for what it holds (`CLIENT_ERROR cannot increment or
 * decrement non-numeric value`). The connection stays usable.
 */
export class MemcachedClientError extends TierError {
  readonly server: string;
  readonly reply: string;

  constructor(server: string, reply: string) {
    super("E_MEMCACHED_CLIENT_ERROR", `[memcached] ${server}: CLIENT_ERROR ${reply}`);
    this.name = "MemcachedClientError";
    this.server = server;
    this.reply = reply;
  }
}

/** The tier was closed by its owner; nothing was sent. */
export class MemcachedClosedError extends TierError {
  constructor(what: "client" | "tier") {
    super("E_CLOSED", `[memcached] the ${what} is closed`);
    this.name = "MemcachedClosedError";
  }
}
