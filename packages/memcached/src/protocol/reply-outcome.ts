import { protocolError } from "../errors.js";
import { checkEcho, type Echo } from "./reply-echo.js";
import type { ReplyFlags } from "./reply-flags.js";
import type { StatusReply } from "./reply-reader.js";

export interface Outcome<K extends string> {
  readonly kind: K;
  readonly flags: ReplyFlags;
}

/**
 * Reads the replies of a command that answers with a bare status (`ms`, `md`): `outcomes` names
 * the kind of each status it may send; any other status is a protocol error. `success` must echo
 * the opaque token and key; refusals from servers older than 1.6.18 may leave them out.
 */
export function outcomeReader<K extends string>(
  command: string,
  outcomes: Readonly<Record<string, K>>,
  success: K,
): (reply: StatusReply, echo: Echo) => Outcome<K> {
  return (reply, echo) => {
    const kind = Object.hasOwn(outcomes, reply.status) ? outcomes[reply.status] : undefined;
    if (kind === undefined) throw protocolError(`${reply.status} is not a reply to ${command}`);
    checkEcho(reply.flags, echo, kind === success, reply.status);
    return { kind, flags: reply.flags };
  };
}
