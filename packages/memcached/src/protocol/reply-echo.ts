import { protocolError } from "../errors.js";
import type { WireKey } from "../keys/key-encoder.js";
import type { ReplyFlags } from "./reply-flags.js";

/** What a reply must echo of its request: the opaque token and the key, when they were asked for. */
export interface Echo {
  readonly opaque: string | undefined;
  /** Set when the request asked for the key back (`k`). */
  readonly key: WireKey | undefined;
}

/** The echo a request expects: its opaque token if it sent one, its key if it asked for it. */
export function echoOf(
  key: WireKey,
  returnKey: boolean | undefined,
  opaque: number | undefined,
): Echo {
  return {
    opaque: opaque === undefined ? undefined : String(opaque),
    key: returnKey ? key : undefined,
  };
}

/**
 * Checks that a reply echoes its own request, so a reply meant for another request (a stream out
 * of step) is caught instead of delivered. An echo that is present must match, and one the request
 * did not ask for must be absent. `required` says whether a missing echo is also an error: replies
 * that carry an item must echo; bare misses and refusals from servers older than 1.6.18 may not.
 */
export function checkEcho(flags: ReplyFlags, echo: Echo, required: boolean, status: string): void {
  if (flags.opaque !== echo.opaque && (flags.opaque !== undefined || required)) {
    throw protocolError(
      `${status} reply with opaque ${describe(flags.opaque)} answers a request with opaque ${describe(echo.opaque)}`,
    );
  }
  const key = echo.key;
  if (key === undefined) {
    if (flags.key !== undefined)
      throw protocolError(`${status} reply echoes a key nobody asked for`);
    return;
  }
  if (flags.key === undefined) {
    if (required) throw protocolError(`${status} reply does not echo the key it was asked for`);
    return;
  }
  if (flags.key !== key.text || flags.base64Key !== key.base64) {
    throw protocolError(
      `${status} reply for key ${JSON.stringify(flags.key)} answers a request for ${JSON.stringify(key.text)}`,
    );
  }
}

function describe(opaque: string | undefined): string {
  return opaque === undefined ? "(none)" : JSON.stringify(opaque);
}
