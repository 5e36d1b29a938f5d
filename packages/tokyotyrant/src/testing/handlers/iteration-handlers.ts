import { bytesReply, keyListReply, statusReply } from "../wire/reply-writer.js";
import { answer, type HandlerContext, type HandlerResult } from "./handler-context.js";

/** iterinit: the iterator every connection shares goes back to the first record. */
export function handleIteratorInit(context: HandlerContext): HandlerResult {
  return answer(statusReply(context.database.initIterator()));
}

/** iternext: the next key, or status 1 at the end (and after it). */
export function handleIteratorNext(context: HandlerContext): HandlerResult {
  const key = context.database.nextKey();
  return answer(key === undefined ? statusReply(false) : bytesReply(key));
}

/** fwmkeys: keys with a prefix in storage order; a negative max means all. Always status 0. */
export function handleForwardMatchingKeys(
  prefix: Buffer,
  max: number,
  context: HandlerContext,
): HandlerResult {
  return answer(keyListReply(context.database.forwardMatchingKeys(prefix, max)));
}
