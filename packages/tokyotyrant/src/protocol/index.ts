/**
 * The Tokyo Tyrant binary protocol (magic byte 0xC8), client side: one request builder per
 * command and `misc` function, each returning a `TtRequest<T>`, the frame bytes plus a factory for
 * the decoder of its reply.
 *
 * - A reply carries no command byte and its layout depends on the command, so a reply can only be
 *   read with the decoder of the request it answers. `putnr` has no reply (`createDecoder: null`).
 * - Decoders implement `ReplyDecoder` of `@tier/core`'s pipelined connection: `undefined` while
 *   the reply is incomplete, a `ProtocolError` for bytes that break the protocol, and values that
 *   never share memory with the receive buffer. Each checks every length and count against
 *   `ReplyLimits` before it waits for or allocates anything.
 * - A status byte other than 0 is not an error here: the result is `{ ok: false, status }`.
 *   `failureCodeFor` says what the C client would call it. `misc` helpers also answer
 *   `{ ok: false, status: 0 }` for a "success" without the elements the function always returns
 *   (what a `-mask`ed server sends).
 * - Keys, values and arguments are `Uint8Array` or strings (sent as UTF-8; lengths count bytes).
 *   Results are `Buffer`s. Arguments the server would drop the connection for (lengths over
 *   256 MiB, names of 1024 bytes or more, numbers outside their field) throw a `TokyoTyrantError`
 *   `E_TT_INVALID_ARGUMENT` before anything is sent. `Uint8Array` values of 64 KiB or more are
 *   sent by reference, not copied: do not change them until the request is written.
 * - `assertTablePutIsSafe` and `assertCopyPathIsSafe` refuse requests known to crash or misuse the
 *   real server; the caller decides when to call them.
 */

/** The transport's contracts, re-exported for callers of this codec. */
export type { DecodedReply, ReplyDecoder, RequestBytes } from "@tier/core/net";
export { type PackedDouble, packDouble, unpackDouble } from "./adddouble-number.js";
export type { Bytes } from "./bytes.js";
export {
  copyRequest,
  optimizeRequest,
  type ReplicationOptions,
  restoreRequest,
  rnumRequest,
  setMasterRequest,
  sizeRequest,
  statRequest,
  syncRequest,
  vanishRequest,
} from "./database-commands.js";
export type { KeyValue } from "./decoders/item-readers.js";
export { failureCodeFor, TtErrorCode } from "./failure-codes.js";
export { BY_REFERENCE_MIN_BYTES } from "./frame-writer.js";
export {
  DEFAULT_REPLY_LIMITS,
  type ReplyLimits,
  resolveReplyLimits,
  ServerLimit,
} from "./limits.js";
export { type MiscOptions, miscRequest } from "./misc-command.js";
export {
  miscCacheClearRequest,
  miscDefragRequest,
  miscErrorRequest,
  miscGetListRequest,
  miscGetPartRequest,
  miscGetRequest,
  miscIterInitRequest,
  miscIterNextRequest,
  miscOptimizeRequest,
  miscOutListRequest,
  miscOutRequest,
  miscPutCatRequest,
  miscPutKeepRequest,
  miscPutListRequest,
  miscPutRequest,
  miscRegexRequest,
  miscSyncRequest,
  miscVanishRequest,
} from "./misc-hash.js";
export type { EngineError } from "./misc-results.js";
export {
  type TableRecordInput,
  tableGenUidRequest,
  tableGetListRequest,
  tableGetRequest,
  tableIterNextRequest,
  tableOutRequest,
  tablePutCatRequest,
  tablePutKeepRequest,
  tablePutListRequest,
  tablePutRequest,
  tableRegexRequest,
  tableSetIndexRequest,
} from "./misc-table.js";
export { type CommandName, MAGIC, Opcode } from "./opcodes.js";
export { ExtOption, MiscOption, ReplicationOption } from "./option-bits.js";
export {
  addDoubleRequest,
  addIntRequest,
  type ExtOptions,
  extRequest,
  fwmKeysRequest,
  getRequest,
  iterInitRequest,
  iterNextRequest,
  mgetRequest,
  outRequest,
  putCatRequest,
  putKeepRequest,
  putNrRequest,
  putRequest,
  putShlRequest,
  vsizRequest,
} from "./record-commands.js";
export type { Failed, Reply, Succeeded } from "./reply.js";
export type { TtNoReplyRequest, TtRequest } from "./request.js";
export {
  assertCopyPathIsSafe,
  assertTablePutIsSafe,
  type KnownIndexes,
} from "./request-safety.js";
export { parseStatText } from "./stat-text.js";
export {
  decodeTableColumns,
  encodeTableColumns,
  type TableColumns,
  type TableRecord,
} from "./table-columns.js";
export {
  encodeIndexType,
  type SetIndexOptions,
  TABLE_INDEX_KEEP,
  TABLE_INDEX_TYPE_NAMES,
  TABLE_INDEX_TYPES,
  type TableIndexType,
} from "./table-index.js";
export {
  CONDITION_OPERATORS,
  ConditionFlag,
  type ConditionOperator,
  type ConditionOptions,
  ORDER_TYPES,
  type OrderType,
  type QueryExpression,
  TableQuery,
  type TableQueryOptions,
} from "./table-query.js";
export {
  HINT_MARKER,
  SET_OPERATIONS,
  type SearchOptions,
  type SetOperation,
  stripHint,
  tableMetaSearchRequest,
  tableSearchCountRequest,
  tableSearchGetRequest,
  tableSearchOutRequest,
  tableSearchRequest,
} from "./table-search.js";
