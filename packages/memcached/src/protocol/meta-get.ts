import type { ReplyDecoder } from "@tier/core/net";
import { protocolError } from "../errors.js";
import type { WireKey } from "../keys/key-encoder.js";
import { opaqueToken, ttlToken } from "./arguments.js";
import type { ErrorReply } from "./error-reply.js";
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from "./limits.js";
import { encodeQuietBatch, QuietBatchDecoder, type QuietBatchPlan } from "./quiet-batch.js";
import { checkEcho, type Echo, echoOf } from "./reply-echo.js";
import { NO_FLAGS, type ReplyFlags } from "./reply-flags.js";
import type { StatusReply } from "./reply-reader.js";
import { type RequestWriter, writer } from "./request-writer.js";
import { SingleReplyDecoder } from "./single-reply-decoder.js";

/** `mg` flags. Everything is off unless asked for, as in the protocol. */
export interface MetaGetOptions {
  /** `v`: return the value (`VA` reply); without it a hit is `HD` with flags only. */
  readonly returnValue?: boolean;
  /** `c`: return the CAS value. */
  readonly returnCas?: boolean;
  /** `f`: return the client flags. */
  readonly returnClientFlags?: boolean;
  /** `t`: return the seconds left (-1: never expires). */
  readonly returnTtl?: boolean;
  /** `s`: return the value size. */
  readonly returnSize?: boolean;
  /** `k`: echo the key; the decoder checks it is this request's key. */
  readonly returnKey?: boolean;
  /** `h`: return whether the item was read before. */
  readonly returnHitBefore?: boolean;
  /** `l`: return the seconds since the item was last read. */
  readonly returnLastAccess?: boolean;
  /** `u`: do not bump the item in the LRU (nor mark it read). */
  readonly noLruBump?: boolean;
  /**
   * `N<ttl>`: on a miss, create an empty placeholder living `ttl` seconds and answer with `W`
   * (this caller should load the value); later readers get the placeholder with `Z` until
   * someone stores the item. A placeholder has client flags 0 and an empty value.
   */
  readonly vivifyOnMissTtl?: number;
  /** `R<ttl>`: answer `W` to the first reader once the item has fewer than `ttl` seconds left. */
  readonly recacheBelowTtl?: number;
  /** `T<ttl>`: set the item's TTL on a hit (a touch). */
  readonly touchTtl?: number;
  /** `O<n>`: opaque token, echoed and checked. */
  readonly opaque?: number;
}

/** A get in a batch: the batch gives each request its own opaque token. */
export type MetaGetBatchOptions = Omit<MetaGetOptions, "opaque">;

/**
 * The item exists (it may be a vivified placeholder: see `flags.win`, `flags.alreadyWon`).
 * `value` is set when `returnValue` was asked, a copy the caller owns.
 */
export interface MetaGetHit {
  readonly kind: "hit";
  readonly value: Uint8Array | undefined;
  readonly flags: ReplyFlags;
}

export interface MetaGetMiss {
  readonly kind: "miss";
  readonly flags: ReplyFlags;
}

export type MetaGetReply = MetaGetHit | MetaGetMiss | ErrorReply;

/** `mg <key> <flags>\r\n`. Throws `E_INVALID_OPTION` for a TTL or opaque out of range. */
export function encodeMetaGet(key: WireKey, options: MetaGetOptions = {}): Buffer {
  writeMetaGet(writer.begin(), key, options, false, options.opaque);
  return writer.finish();
}

/** Reads the reply to {@link encodeMetaGet} with the same key and options. */
export function metaGetReplyDecoder(
  key: WireKey,
  options: MetaGetOptions = {},
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
): ReplyDecoder<MetaGetReply> {
  const echo = echoOf(key, options.returnKey, options.opaque);
  const withValue = options.returnValue === true;
  return new SingleReplyDecoder(
    "mg",
    false,
    (reply) => interpretGet(reply, echo, withValue),
    limits,
  );
}

/**
 * One round trip for many keys: a quiet `mg` per key (request `i` with opaque `opaqueBase + i`),
 * then `mn`. Misses stay silent; hits answer in order. Use a fresh `opaqueBase` per batch on a
 * connection (a counter) so that a stray reply from an earlier batch cannot pass the checks.
 */
export function encodeMetaGetBatch(
  keys: readonly WireKey[],
  options: MetaGetBatchOptions,
  opaqueBase: number,
): Buffer {
  return encodeQuietBatch(keys.length, opaqueBase, (w, i, opaque) => {
    writeMetaGet(w, keys[i] as WireKey, options, true, opaque);
  });
}

/**
 * Reads the replies to {@link encodeMetaGetBatch} up to `MN`: one reply per key, in key order;
 * a key that stayed silent is a `miss`.
 */
export function metaGetBatchDecoder(
  keys: readonly WireKey[],
  options: MetaGetBatchOptions,
  opaqueBase: number,
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
): ReplyDecoder<readonly MetaGetReply[]> {
  const withValue = options.returnValue === true;
  const plan: QuietBatchPlan<MetaGetHit | MetaGetMiss> = {
    command: "mg",
    count: keys.length,
    opaqueBase,
    sendsData: false,
    silence: { kind: "miss", flags: NO_FLAGS },
    echoedKey: (i) => (options.returnKey ? keys[i] : undefined),
    interpret: (reply, echo) => interpretGet(reply, echo, withValue),
  };
  return new QuietBatchDecoder(plan, limits);
}

function writeMetaGet(
  w: RequestWriter,
  key: WireKey,
  options: MetaGetOptions,
  quiet: boolean,
  opaque: number | undefined,
): void {
  w.command("mg", key.text);
  if (key.base64) w.flag("b");
  // memcached applies flags in the order they come: N, R and T go before t, so that the TTL
  // returned is the one they set.
  if (options.vivifyOnMissTtl !== undefined) {
    w.flagWith("N", ttlToken("vivifyOnMissTtl", options.vivifyOnMissTtl));
  }
  if (options.recacheBelowTtl !== undefined) {
    w.flagWith("R", ttlToken("recacheBelowTtl", options.recacheBelowTtl));
  }
  if (options.touchTtl !== undefined) w.flagWith("T", ttlToken("touchTtl", options.touchTtl));
  if (options.returnValue) w.flag("v");
  if (options.returnCas) w.flag("c");
  if (options.returnClientFlags) w.flag("f");
  if (options.returnHitBefore) w.flag("h");
  if (options.returnKey) w.flag("k");
  if (options.returnLastAccess) w.flag("l");
  if (options.returnSize) w.flag("s");
  if (options.returnTtl) w.flag("t");
  if (options.noLruBump) w.flag("u");
  if (opaque !== undefined) w.flagWith("O", opaqueToken(opaque));
  if (quiet) w.flag("q");
  w.endLine();
}

function interpretGet(
  reply: StatusReply,
  echo: Echo,
  withValue: boolean,
): MetaGetHit | MetaGetMiss {
  switch (reply.status) {
    case "VA":
      if (!withValue) throw protocolError("VA reply to an mg that did not ask for the value");
      checkEcho(reply.flags, echo, true, "VA");
      return { kind: "hit", value: reply.data, flags: reply.flags };
    case "HD":
      if (withValue) throw protocolError("HD reply to an mg that asked for the value");
      checkEcho(reply.flags, echo, true, "HD");
      return { kind: "hit", value: undefined, flags: reply.flags };
    case "EN":
      checkEcho(reply.flags, echo, false, "EN");
      return { kind: "miss", flags: reply.flags };
    default:
      throw protocolError(`${reply.status} is not a reply to mg`);
  }
}
