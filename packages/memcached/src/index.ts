/**
 * `@tier/memcached`: a memcached tier for tier chains, over our own meta-protocol client
 * (pipelining, ketama placement compatible with libmemcached, ejection of dead servers, leases).
 */

export type { MemcachedClientOptions, ResolvedClientOptions } from "./client/options.js";
export { DEFAULT_MAX_VALUE_BYTES } from "./client/options.js";
export type {
  CallOptions,
  CounterOptions,
  DeleteOptions,
  DeleteOutcome,
  GetItemOptions,
  GetManyItemsResult,
  GetManyLeasedResult,
  GetManyResult,
  LeaseLookup,
  LeaseOptions,
  ManyResult,
  MemcachedItem,
  ServerFailure,
  SetManyEntry,
  SetManyOptions,
  StoreOptions,
  StoreOutcome,
} from "./client/results.js";
export type { MemcachedServerAddress, ServerSpec } from "./client/server-address.js";
export type { MemcachedServerStats } from "./client/server-node.js";
export { MAX_RELATIVE_TTL_SECONDS, wireTtl } from "./client/ttl.js";
export { createMemcachedClient, MemcachedClient } from "./client.js";
export {
  MemcachedClientError,
  MemcachedClosedError,
  MemcachedKeyError,
  type MemcachedKeyProblem,
  MemcachedServerError,
} from "./errors.js";
export {
  KeyEncoder,
  type KeyEncoderOptions,
  type LongKeyPolicy,
  MAX_BASE64_KEY_BYTES,
  MAX_KEY_BYTES,
  MAX_PREFIX_BYTES,
  type WireKey,
} from "./keys/index.js";
export { KetamaRing, type KetamaServer, ketamaKeyHash, ketamaServerName } from "./ring.js";
export type { MemcachedTierLeaseOptions, MemcachedTierOptions } from "./tier/options.js";
export { LeasingMemcachedTier, MemcachedTier, memcachedTier } from "./tier.js";
