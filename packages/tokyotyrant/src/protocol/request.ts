import type { ReplyDecoder, RequestBytes } from "@tier/core/net";
import type { ReplyLimits } from "./limits.js";
import type { Reply } from "./reply.js";

/**
 * One request: the frame to write and how to read its reply. Every reply has its own layout and
 * carries no command byte, so the decoder must come from the request it answers.
 */
export interface TtRequest<T> {
  readonly bytes: RequestBytes;
  /** A fresh decoder for this request's reply (decoders keep their progress between calls). */
  createDecoder(limits: ReplyLimits): ReplyDecoder<Reply<T>>;
}

/** A request the server never answers (`putnr`): nothing to wait for, not even on failure. */
export interface TtNoReplyRequest {
  readonly bytes: RequestBytes;
  readonly createDecoder: null;
}

export type DecoderFactory<T> = (limits: ReplyLimits) => ReplyDecoder<Reply<T>>;

export function request<T>(bytes: RequestBytes, createDecoder: DecoderFactory<T>): TtRequest<T> {
  return { bytes, createDecoder };
}
