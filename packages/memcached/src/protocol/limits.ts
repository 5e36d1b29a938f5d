import { invalidArgument } from "../errors.js";

/** Caps a decoder checks before it waits for, or copies, the bytes a reply announces. */
export interface ReplyLimits {
  /**
   * Largest value (`VA <size>`) accepted; a larger announced size is a protocol error and closes
   * the connection. Set it to the servers' item size limit (`-I`). Default 1 MiB, memcached's
   * default limit.
   */
  readonly maxValueBytes: number;
  /**
   * Longest reply line accepted, CRLF excluded. memcached's longest meta reply line is a few
   * hundred bytes (a 250-byte key echoed, a CAS, a TTL...). Default 2048.
   */
  readonly maxLineBytes: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = Object.freeze({
  maxValueBytes: 1024 * 1024,
  maxLineBytes: 2048,
});

/** Defaults for what `overrides` leaves out; throws `E_INVALID_OPTION` for an unusable cap. */
export function replyLimits(overrides: Partial<ReplyLimits> = {}): ReplyLimits {
  const limits = { ...DEFAULT_REPLY_LIMITS, ...overrides };
  if (!Number.isSafeInteger(limits.maxValueBytes) || limits.maxValueBytes < 0) {
    throw invalidArgument(
      `maxValueBytes must be a non-negative integer, got ${limits.maxValueBytes}`,
    );
  }
  if (!Number.isSafeInteger(limits.maxLineBytes) || limits.maxLineBytes < 64) {
    throw invalidArgument(
      `maxLineBytes must be an integer of at least 64, got ${limits.maxLineBytes}`,
    );
  }
  return limits;
}
