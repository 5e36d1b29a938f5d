import { type TierError, ValueTooLargeError } from "@tier/core";
import { MemcachedClientError, MemcachedServerError } from "../errors.js";
import type { ErrorReply } from "../protocol/index.js";

/** What memcached 1.6 says when an item exceeds its `-I` limit. */
const TOO_LARGE = /too large/i;

/**
 * The typed error for an error line the server sent instead of a reply. An item over the
 * server's size limit is core's `ValueTooLargeError`, so a chain skips the tier for that entry.
 */
export function errorFromReply(
  reply: ErrorReply,
  server: string,
  key: string,
  valueBytes: number | undefined,
  maxValueBytes: number,
): TierError {
  if (reply.kind === "client-error") return new MemcachedClientError(server, reply.message);
  if (valueBytes !== undefined && TOO_LARGE.test(reply.message)) {
    return new ValueTooLargeError(
      "memcached",
      key,
      valueBytes,
      Math.min(maxValueBytes, valueBytes - 1),
    );
  }
  return new MemcachedServerError(server, reply.message);
}

export function isErrorReply(reply: { readonly kind: string }): reply is ErrorReply {
  return reply.kind === "server-error" || reply.kind === "client-error";
}
