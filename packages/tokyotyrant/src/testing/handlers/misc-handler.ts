import { cString } from "../engine/binary-string.js";
import { miscReply } from "../wire/reply-writer.js";
import type { TtRequest } from "../wire/requests.js";
import { answer, type HandlerContext, type HandlerResult } from "./handler-context.js";

/** misc: `status | n | elements`; a failure still carries its count (`01 00000000`). */
export function handleMisc(
  request: Extract<TtRequest, { command: "misc" }>,
  context: HandlerContext,
): HandlerResult {
  const name = cString(request.name).toString("latin1");
  context.processCounters.countMiscFunction(name);
  context.lifetimeCounters.countMiscFunction(name);
  return answer(miscReply(context.database.misc(request.name, request.args)));
}
