import { invalidArgument } from "../errors.js";

/** Limits of ttserver 1.1.41 (`ttserver.c`, `ttutil.h`); a request above them is dropped unanswered. */
export const ServerLimit = {
  /** `MAXARGSIZ`: longest key, value, prefix, path or argument (256 MiB). */
  maxArgumentBytes: 268_435_456,
  /** `MAXARGNUM`: most keys in one `mget`, most arguments in one `misc`. */
  maxArgumentCount: 1_048_576,
  /** `TTADDRBUFSIZ`: `misc` and `ext` function names must be shorter than this. */
  functionNameBytesBelow: 1024,
  /** `TTIOBUFSIZ`: the C client refuses a `stat` text this long or longer. */
  statBytesBelow: 65_536,
} as const;

/**
 * Caps a reply decoder checks every length and count against before it waits for or keeps any
 * bytes. A reply above a cap is a `ProtocolError` (the connection is closed): a broken or hostile
 * server can neither exhaust memory nor make the client wait for bytes that will never come.
 */
export interface ReplyLimits {
  /**
   * Longest single key, value, `ext` result or `misc` element a reply may claim. Default: 256 MiB,
   * the most the server accepts in one request (`MAXARGSIZ`).
   */
  readonly maxValueBytes: number;
  /**
   * Most records in an `mget` reply or keys in an `fwmkeys` reply. Default: 1,048,576
   * (`MAXARGNUM`, the most keys one `mget` may ask for). Pass an `fwmkeys` max below it.
   */
  readonly maxRecords: number;
  /**
   * Most elements in a `misc` reply. Default: 2,097,152, two per key of the largest `getlist`
   * (a key and its value). Table searches should use a limit below it.
   */
  readonly maxElements: number;
  /**
   * Most bytes in one whole reply, headers included. Default: 512 MiB, room for two values of the
   * largest size; a multi-record reply claiming more is refused as soon as its lengths say so.
   */
  readonly maxReplyBytes: number;
  /** Longest `stat` text. Default: 65,535 bytes, as the C client (`TTIOBUFSIZ`). */
  readonly maxStatBytes: number;
}

/**
 * The largest reply the real server can send for each kind of field: a length above these can only
 * come from a broken stream, and is refused before anything is allocated.
 */
export const DEFAULT_REPLY_LIMITS: ReplyLimits = Object.freeze({
  maxValueBytes: ServerLimit.maxArgumentBytes,
  maxRecords: ServerLimit.maxArgumentCount,
  maxElements: 2 * ServerLimit.maxArgumentCount,
  maxReplyBytes: 2 * ServerLimit.maxArgumentBytes,
  maxStatBytes: ServerLimit.statBytesBelow - 1,
});

/** Lengths on the wire are int32: nothing above this can be a valid length or count. */
const INT32_MAX = 0x7fff_ffff;

/** Fills in the defaults and checks that every cap is a whole number from 1 to 2^31 - 1. */
export function resolveReplyLimits(overrides: Partial<ReplyLimits> = {}): ReplyLimits {
  const limits = { ...DEFAULT_REPLY_LIMITS, ...definedOnly(overrides) };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value < 1 || value > INT32_MAX) {
      throw invalidArgument(`reply limit ${name} must be an integer from 1 to ${INT32_MAX}`);
    }
  }
  return Object.freeze(limits);
}

function definedOnly(overrides: Partial<ReplyLimits>): Partial<ReplyLimits> {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}
