import { TierError } from "@tier/core";
import type { CommandName } from "./protocol/opcodes.js";

/**
 * Why `@tier/tokyotyrant` failed a call without a network or protocol problem:
 * - `E_TT_INVALID_ARGUMENT`: an argument the protocol cannot carry (a length above the server's
 *   limits, a number outside its field, a NUL inside a NUL-separated table field, ...) or a call
 *   the configured servers cannot serve (iteration over several shards). The real server would
 *   drop the connection without a reply, so the request is never sent.
 * - `E_TT_INVALID_OPTION`: a client option that cannot work (no servers, a malformed address,
 *   a timeout that is not a positive number, ...).
 * - `E_TT_UNSAFE_REQUEST`: a well-formed request known to crash or corrupt the real server (see
 *   `assertTablePutIsSafe`, `assertCopyPathIsSafe`). Nothing was sent.
 * - `E_TT_FAILED`: the server answered with its failure status where the command has no
 *   "not found" or "exists" result of its own; see {@link TokyoTyrantFailedError}.
 *
 * Network failures are core's `NetError` (`E_NET_*`), broken replies core's `ProtocolError`.
 */
export type TokyoTyrantErrorCode =
  | "E_TT_INVALID_ARGUMENT"
  | "E_TT_INVALID_OPTION"
  | "E_TT_UNSAFE_REQUEST"
  | "E_TT_FAILED";

/** A `TierError` of this package: `[tier] [tokyotyrant] ...` with a stable `code`. */
export class TokyoTyrantError extends TierError {
  declare readonly code: TokyoTyrantErrorCode;

  constructor(code: TokyoTyrantErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, `[tokyotyrant] ${message}`, options);
    this.name = "TokyoTyrantError";
  }
}

/**
 * What a failure status means, as the C client decides it from the command alone (the wire
 * gives no reason): `record-exists` for `putkeep` (and for `addint`/`adddouble`, whose real
 * cause is a stored value of the wrong size), `not-found` for `out`, `get`, `vsiz`, `iternext`,
 * `fwmkeys` and the table helpers `get`/`out`, `misc` for everything else.
 */
export type TokyoTyrantFailure = "not-found" | "record-exists" | "misc";

/**
 * `E_TT_FAILED`: the server reported a failure (status 1), or a `misc` function answered
 * "success" without the result it always returns (status 0: what a `-mask`ed server sends).
 * The connection is fine and nothing needs retrying elsewhere.
 */
export class TokyoTyrantFailedError extends TokyoTyrantError {
  declare readonly code: "E_TT_FAILED";
  /** The binary command that failed. */
  readonly command: CommandName;
  /** For `misc`: the function called. */
  readonly miscFunction: string | undefined;
  readonly failure: TokyoTyrantFailure;
  /** The status byte: 1, or 0 for a `misc` success without its result. */
  readonly status: number;
  /** `host:port` of the server that answered. */
  readonly server: string;

  constructor(details: {
    readonly command: CommandName;
    readonly miscFunction?: string | undefined;
    readonly failure: TokyoTyrantFailure;
    readonly status: number;
    readonly server: string;
    readonly reason?: string | undefined;
  }) {
    const name =
      details.miscFunction === undefined ? details.command : `misc ${details.miscFunction}`;
    const why =
      details.reason ??
      (details.status === 0
        ? "answered without its result (a function forbidden by -mask?)"
        : `failed (${details.failure})`);
    super("E_TT_FAILED", `${details.server}: ${name} ${why}`);
    this.name = "TokyoTyrantFailedError";
    this.command = details.command;
    this.miscFunction = details.miscFunction;
    this.failure = details.failure;
    this.status = details.status;
    this.server = details.server;
  }
}

export function invalidArgument(message: string): TokyoTyrantError {
  return new TokyoTyrantError("E_TT_INVALID_ARGUMENT", message);
}

export function invalidOption(message: string): TokyoTyrantError {
  return new TokyoTyrantError("E_TT_INVALID_OPTION", message);
}
