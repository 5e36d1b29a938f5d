import { bytesReply, int32Reply, recordListReply, statusReply } from "../wire/reply-writer.js";
import type { TtRequest } from "../wire/requests.js";
import { answer, type HandlerContext, type HandlerResult } from "./handler-context.js";

type Put = Extract<TtRequest, { command: "put" | "putkeep" | "putcat" | "putnr" | "putshl" }>;

/** put, putkeep, putcat, putshl: a status byte. putnr: the same work and no reply at all. */
export function handlePut(request: Put, context: HandlerContext): HandlerResult {
  const { database } = context;
  const stored =
    request.command === "putkeep"
      ? database.putKeep(request.key, request.value)
      : request.command === "putcat"
        ? database.putCat(request.key, request.value)
        : request.command === "putshl"
          ? database.putShiftLeft(request.key, request.value, request.width)
          : database.put(request.key, request.value);
  if (!stored) context.processCounters.countMiss("put_miss");
  return request.command === "putnr" ? { keep: true } : answer(statusReply(stored));
}

export function handleOut(key: Buffer, context: HandlerContext): HandlerResult {
  const removed = context.database.out(key);
  if (!removed) context.processCounters.countMiss("out_miss");
  return answer(statusReply(removed));
}

export function handleGet(key: Buffer, context: HandlerContext): HandlerResult {
  const value = context.database.get(key);
  if (value === undefined) {
    context.processCounters.countMiss("get_miss");
    return answer(statusReply(false));
  }
  return answer(bytesReply(value));
}

/** Missing keys are left out; a repeated key is answered again; always status 0. */
export function handleMget(keys: readonly Buffer[], context: HandlerContext): HandlerResult {
  const found: [Buffer, Buffer][] = [];
  for (const key of keys) {
    const value = context.database.get(key);
    if (value !== undefined) found.push([key, value]);
  }
  return answer(recordListReply(found));
}

export function handleValueSize(key: Buffer, context: HandlerContext): HandlerResult {
  const size = context.database.valueSize(key);
  return answer(size >= 0 ? int32Reply(size) : statusReply(false));
}
