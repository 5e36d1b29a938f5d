import type { ReplyLimits } from "../limits.js";

/**
 * Builds a stateless part once per limits object: decoders without progress of their own are
 * shared by every request instead of being allocated for each one.
 */
export function perLimits<T>(build: (limits: ReplyLimits) => T): (limits: ReplyLimits) => T {
  const built = new WeakMap<ReplyLimits, T>();
  return (limits) => {
    let value = built.get(limits);
    if (value === undefined) {
      value = build(limits);
      built.set(limits, value);
    }
    return value;
  };
}
