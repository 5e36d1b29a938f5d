import type { ReplyDecoder } from "@tier/core/net";
import { invalidArgument } from "../errors.js";
import type { WireKey } from "../keys/key-encoder.js";
import { opaqueToken, ttlToken, uint64Token } from "./arguments.js";
import type { ErrorReply } from "./error-reply.js";
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from "./limits.js";
import { encodeQuietBatch, QuietBatchDecoder, type QuietBatchPlan } from "./quiet-batch.js";
import { echoOf } from "./reply-echo.js";
import { NO_FLAGS } from "./reply-flags.js";
import { type Outcome, outcomeReader } from "./reply-outcome.js";
import { type RequestWriter, writer } from "./request-writer.js";
import { SingleReplyDecoder } from "./single-reply-decoder.js";

export interface MetaDeleteOptions {
  /** `C<cas>`: delete (or invalidate) only if the item's CAS is this; else `exists`. */
  readonly compareCas?: bigint;
  /**
   * `I`: instead of removing the item, mark it stale and give it a new CAS. The next `mg` gets
   * the old value with `X` and `W` (it should recompute), later ones `X` and `Z`.
   */
  readonly invalidate?: boolean;
  /** `T<ttl>` (with `invalidate` only): how long the stale item may still live. */
  readonly ttl?: number;
  /** `k`: echo the key; the decoder checks it. */
  readonly returnKey?: boolean;
  /** `O<n>`: opaque token, echoed and checked. */
  readonly opaque?: number;
}

export type MetaDeleteBatchOptions = Omit<MetaDeleteOptions, "opaque">;

/**
 * - `deleted`: `HD`, removed (or marked stale with `invalidate`).
 * - `not-found`: `NF`, there was no such item.
 * - `exists`: `EX`, `compareCas` did not match.
 */
export type MetaDeleteOutcome = Outcome<"deleted" | "not-found" | "exists">;

export type MetaDeleteReply = MetaDeleteOutcome | ErrorReply;

/** `md <key> <flags>\r\n`. */
export function encodeMetaDelete(key: WireKey, options: MetaDeleteOptions = {}): Buffer {
  writeMetaDelete(writer.begin(), key, options, false, options.opaque);
  return writer.finish();
}

export function metaDeleteReplyDecoder(
  key: WireKey,
  options: MetaDeleteOptions = {},
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
): ReplyDecoder<MetaDeleteReply> {
  const echo = echoOf(key, options.returnKey, options.opaque);
  return new SingleReplyDecoder("md", false, (reply) => interpretDelete(reply, echo), limits);
}

/**
 * Many deletes in one round trip: quiet `md` requests, then `mn`. Deletes stay silent; `NF`
 * (nothing to delete) and `EX` answer, since quiet mode hides only `HD`.
 */
export function encodeMetaDeleteBatch(
  keys: readonly WireKey[],
  options: MetaDeleteBatchOptions,
  opaqueBase: number,
): Buffer {
  return encodeQuietBatch(keys.length, opaqueBase, (w, i, opaque) => {
    writeMetaDelete(w, keys[i] as WireKey, options, true, opaque);
  });
}

/** Reads the replies to {@link encodeMetaDeleteBatch}: one outcome per key; silence is `deleted`. */
export function metaDeleteBatchDecoder(
  keys: readonly WireKey[],
  options: MetaDeleteBatchOptions,
  opaqueBase: number,
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
): ReplyDecoder<readonly MetaDeleteReply[]> {
  const plan: QuietBatchPlan<MetaDeleteOutcome> = {
    command: "md",
    count: keys.length,
    opaqueBase,
    sendsData: false,
    silence: { kind: "deleted", flags: NO_FLAGS },
    echoedKey: (i) => (options.returnKey ? keys[i] : undefined),
    interpret: interpretDelete,
  };
  return new QuietBatchDecoder(plan, limits);
}

function writeMetaDelete(
  w: RequestWriter,
  key: WireKey,
  options: MetaDeleteOptions,
  quiet: boolean,
  opaque: number | undefined,
): void {
  if (options.ttl !== undefined && !options.invalidate) {
    throw invalidArgument("a delete's ttl (T) only works together with invalidate (I)");
  }
  w.command("md", key.text);
  if (key.base64) w.flag("b");
  if (options.compareCas !== undefined)
    w.flagWith("C", uint64Token("compareCas", options.compareCas));
  if (options.invalidate) w.flag("I");
  if (options.ttl !== undefined) w.flagWith("T", ttlToken("ttl", options.ttl));
  if (options.returnKey) w.flag("k");
  if (opaque !== undefined) w.flagWith("O", opaqueToken(opaque));
  if (quiet) w.flag("q");
  w.endLine();
}

const interpretDelete = outcomeReader<MetaDeleteOutcome["kind"]>(
  "md",
  { HD: "deleted", NF: "not-found", EX: "exists" },
  "deleted",
);
