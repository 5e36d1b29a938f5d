import { cString } from "../engine/binary-string.js";
import { isDirectory } from "../engine/copy-target.js";
import { statusReply } from "../wire/reply-writer.js";
import type { TtRequest } from "../wire/requests.js";
import { answer, type HandlerContext, type HandlerResult } from "./handler-context.js";

export function handleSync(context: HandlerContext): HandlerResult {
  return answer(statusReply(context.database.sync()));
}

export function handleOptimize(params: Buffer, context: HandlerContext): HandlerResult {
  return answer(statusReply(context.database.optimize(cString(params))));
}

export function handleVanish(context: HandlerContext): HandlerResult {
  return answer(statusReply(context.database.vanish()));
}

/** copy: succeeds when the target could be written; no file is written (see `canCopyTo`). */
export function handleCopy(path: Buffer, context: HandlerContext): HandlerResult {
  return answer(statusReply(context.database.copy(path)));
}

/**
 * restore: ttserver replays an update-log directory; the test server keeps no update log, so a
 * directory that exists replays nothing and succeeds, and any other path fails.
 */
export function handleRestore(path: Buffer): HandlerResult {
  return answer(statusReply(isDirectory(cString(path).toString("latin1"))));
}

/** setmst: remembered for `stat`, always status 0; the test server never connects to a master. */
export function handleSetMaster(
  request: Extract<TtRequest, { command: "setmst" }>,
  context: HandlerContext,
): HandlerResult {
  context.master = {
    host: cString(request.host).toString("latin1"),
    port: request.port,
    timestamp: request.timestamp,
    options: request.options,
  };
  return answer(statusReply(true));
}
