import { INT32_MIN } from "../engine/native-number.js";
import { doubleReply, int32Reply, statusReply } from "../wire/reply-writer.js";
import { answer, type HandlerContext, type HandlerResult } from "./handler-context.js";

/**
 * addint: the new sum. ttserver cannot tell a sum of INT_MIN from a failure and answers status 1
 * for both; so does the test server.
 */
export function handleAddInt(
  key: Buffer,
  increment: number,
  context: HandlerContext,
): HandlerResult {
  const sum = context.database.addInt(key, increment);
  return answer(sum === INT32_MIN ? statusReply(false) : int32Reply(sum));
}

/** adddouble: the new sum in the fixed-point pair; a NaN sum (even one stored) is status 1. */
export function handleAddDouble(
  key: Buffer,
  increment: number,
  context: HandlerContext,
): HandlerResult {
  const sum = context.database.addDouble(key, increment);
  return answer(Number.isNaN(sum) ? statusReply(false) : doubleReply(sum));
}
