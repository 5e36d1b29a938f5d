/**
 * The memcached meta protocol (`mg`, `ms`, `md`, `ma`, `mn`): serializers that return request
 * bytes and decoders that read replies out of a connection's receive buffer, single requests and
 * quiet batches ended by `mn`. Keys come in as checked `WireKey`s from `KeyEncoder`.
 */
export type { ClientErrorReply, ErrorReply, ServerErrorReply } from "./error-reply.js";
export { DEFAULT_REPLY_LIMITS, type ReplyLimits, replyLimits } from "./limits.js";
export {
  encodeMetaArithmetic,
  type MetaArithmeticApplied,
  type MetaArithmeticOptions,
  type MetaArithmeticRefused,
  type MetaArithmeticReply,
  metaArithmeticReplyDecoder,
} from "./meta-arithmetic.js";
export {
  encodeMetaDelete,
  encodeMetaDeleteBatch,
  type MetaDeleteBatchOptions,
  type MetaDeleteOptions,
  type MetaDeleteOutcome,
  type MetaDeleteReply,
  metaDeleteBatchDecoder,
  metaDeleteReplyDecoder,
} from "./meta-delete.js";
export {
  encodeMetaGet,
  encodeMetaGetBatch,
  type MetaGetBatchOptions,
  type MetaGetHit,
  type MetaGetMiss,
  type MetaGetOptions,
  type MetaGetReply,
  metaGetBatchDecoder,
  metaGetReplyDecoder,
} from "./meta-get.js";
export { encodeNoop, noopReplyDecoder } from "./meta-noop.js";
export {
  encodeMetaSet,
  encodeMetaSetBatch,
  type MetaSetBatchOptions,
  type MetaSetEntry,
  type MetaSetMode,
  type MetaSetOptions,
  type MetaSetOutcome,
  type MetaSetReply,
  metaSetBatchDecoder,
  metaSetReplyDecoder,
} from "./meta-set.js";
export { NO_FLAGS, type ReplyFlags } from "./reply-flags.js";
