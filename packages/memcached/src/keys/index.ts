export {
  KeyEncoder,
  type KeyEncoderOptions,
  type LongKeyPolicy,
  MAX_BASE64_KEY_BYTES,
  MAX_KEY_BYTES,
  MAX_PREFIX_BYTES,
  type WireKey,
} from "./key-encoder.js";
