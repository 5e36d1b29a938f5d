/**
 * `@tier/tokyotyrant`: a Tokyo Tyrant binary-protocol client (`createTokyoTyrantClient`) with
 * replicas or shards, the codec it is built on (`src/protocol`), and the tier for tier chains.
 * The TT-compatible test server is in `@tier/tokyotyrant/testing`.
 *
 * @module @tier/tokyotyrant
 */

export type { CallOptions } from "./client/call-context.js";
export type { GetManyFailure, GetManySettled } from "./client/get-many.js";
export type {
  ExtCallOptions,
  MiscCallOptions,
  NoUpdateLogOption,
  PutManyOptions,
  ReplicationCallOptions,
  ServerCallOptions,
  SetIndexCallOptions,
} from "./client/method-options.js";
export {
  CLIENT_DEFAULTS,
  type TokyoTyrantClientOptions,
  type TokyoTyrantDatabase,
} from "./client/options.js";
export { TOKYO_TYRANT_DEFAULT_PORT, type TokyoTyrantServer } from "./client/server-address.js";
export type { TokyoTyrantServerStats } from "./client/server-node.js";
export type { TokyoTyrantTable } from "./client/table-operations.js";
export {
  createTokyoTyrantClient,
  TokyoTyrantClient,
  type TokyoTyrantClientStats,
  type TokyoTyrantEntry,
} from "./client.js";
export {
  TokyoTyrantError,
  type TokyoTyrantErrorCode,
  TokyoTyrantFailedError,
  type TokyoTyrantFailure,
} from "./errors.js";
export * from "./protocol/index.js";

// The tier (src/tier.ts) is exported below this line.
export * from "./tier.js";
