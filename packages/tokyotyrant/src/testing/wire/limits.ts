/** ttserver's limits on request fields (ttserver.c, ttutil.h). Beyond them a request is malformed. */

/** `MAXARGSIZ`: the largest key, value, prefix, path or argument (256 MiB). */
export const MAX_ARGUMENT_SIZE = 268_435_456;
/** `MAXARGNUM`: the most keys of an `mget` and arguments of a `misc`. */
export const MAX_ARGUMENT_COUNT = 1_048_576;
/** `TTADDRBUFSIZ`: `ext` and `misc` function names must be shorter. */
export const NAME_BUFFER_SIZE = 1024;
/** `SOCKLINEMAXSIZ`: a text-protocol line is cut after this many bytes. */
export const MAX_TEXT_LINE_SIZE = 16 * 1024 * 1024;

export function isValidLength(length: number): boolean {
  return length >= 0 && length <= MAX_ARGUMENT_SIZE;
}
