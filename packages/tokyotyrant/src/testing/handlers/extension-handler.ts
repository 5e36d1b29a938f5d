import { bytesReply, statusReply } from "../wire/reply-writer.js";
import type { TtRequest } from "../wire/requests.js";
import { answer, type HandlerContext, type HandlerResult } from "./handler-context.js";

/** ext: the result of a registered function, or status 1 (see `ExtensionRegistry`). */
export function handleExtension(
  request: Extract<TtRequest, { command: "ext" }>,
  context: HandlerContext,
): HandlerResult {
  const result = context.extensions.call(
    request.name,
    request.key,
    request.value,
    request.options,
    context.database,
  );
  return answer(result === undefined ? statusReply(false) : bytesReply(result));
}
