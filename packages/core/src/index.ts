/**
 * `@tier/core`: the chain (`createChain`), the `Tier`, `Source` and `Codec` contracts the adapters
 * implement, the codecs, the typed errors, and an in-process memory tier. Nothing here knows
 * memcached, Tokyo Tyrant or MySQL. What network adapters share is in `@tier/core/net`.
 *
 * @module @tier/core
 */
export { Chain, createChain } from "./chain/chain.js";
export type {
  AdmissionOptions,
  BackfillOptions,
  ChainOptions,
  ChainTierOptions,
  LeaseOptions,
} from "./chain/options.js";
export { bytesCodec, stringCodec } from "./codec/bytes-codec.js";
export { ENVELOPE_HEADER_BYTES } from "./codec/envelope.js";
export { type JsonCodecOptions, jsonCodec } from "./codec/json-codec.js";
export type { Codec } from "./contracts/codec.js";
export type { Source, SourceCallOptions } from "./contracts/source.js";
export type {
  LeasedRead,
  Tier,
  TierCallOptions,
  TierCapabilities,
  TierEntry,
} from "./contracts/tier.js";
export * from "./errors.js";
export { type VersionedKeys, versionedKeys } from "./keys/versioned-key.js";
export type { DecodedReply, ReplyDecoder } from "./net/reply-decoder.js";
export type { ChainEvents, TierOperation } from "./observe/chain-events.js";
export type { ChainStats, SourceStats, TierStats } from "./observe/chain-stats.js";
export type { LatencySummary } from "./observe/latency-histogram.js";
export type { BreakerState, CircuitBreakerOptions } from "./resilience/circuit-breaker.js";
export {
  MEMORY_TIER_ENTRY_OVERHEAD_BYTES,
  type MemoryTier,
  type MemoryTierOptions,
  memoryTier,
} from "./tiers/memory-tier.js";
