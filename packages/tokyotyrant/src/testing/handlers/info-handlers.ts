import { textReply, uint64Reply } from "../wire/reply-writer.js";
import {
  answer,
  type ConnectionInfo,
  type HandlerContext,
  type HandlerResult,
} from "./handler-context.js";
import { statReport } from "./stat-report.js";

export function handleRecordCount(context: HandlerContext): HandlerResult {
  return answer(uint64Reply(context.database.recordCount));
}

export function handleSize(context: HandlerContext): HandlerResult {
  return answer(uint64Reply(context.database.sizeInBytes));
}

export function handleStat(context: HandlerContext, connection: ConnectionInfo): HandlerResult {
  return answer(textReply(statReport(context, connection)));
}
