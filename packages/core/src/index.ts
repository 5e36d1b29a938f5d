export { bytesCodec, stringCodec } from "./codec/bytes-codec.js";
export { type JsonCodecOptions, jsonCodec } from "./codec/json-codec.js";
export type { Codec } from "./contracts/codec.js";
export type { Source, SourceCallOptions } from "./contracts/source.js";
export type { Tier, TierCallOptions, TierCapabilities, TierEntry } from "./contracts/tier.js";
export * from "./errors.js";
