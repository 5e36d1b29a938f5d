import type { ReplyDecoder } from "@tier/core/net";
import { invalidArgument, protocolError } from "../errors.js";
import type { WireKey } from "../keys/key-encoder.js";
import { opaqueToken, ttlToken, uint64Token } from "./arguments.js";
import type { ErrorReply } from "./error-reply.js";
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from "./limits.js";
import { checkEcho, type Echo, echoOf } from "./reply-echo.js";
import type { ReplyFlags } from "./reply-flags.js";
import type { StatusReply } from "./reply-reader.js";
import { writer } from "./request-writer.js";
import { SingleReplyDecoder } from "./single-reply-decoder.js";

/** Counters are unsigned 64-bit: decrementing stops at 0, incrementing wraps past 2^64-1. */
export interface MetaArithmeticOptions {
  /** `M<mode>`: default `"increment"`. */
  readonly mode?: "increment" | "decrement";
  /** `D<delta>`: default 1. */
  readonly delta?: bigint | number;
  /** `N<ttl>`: on a miss, create the counter with `initialValue`, living `ttl` seconds. */
  readonly autoCreateTtl?: number;
  /** `J<n>` (with `autoCreateTtl` only): the value a created counter starts at; default 0. */
  readonly initialValue?: bigint | number;
  /** `T<ttl>`: set the counter's TTL on success. */
  readonly ttl?: number;
  /** `C<cas>`: apply only if the item's CAS is this; else `exists`. */
  readonly compareCas?: bigint;
  /** `v`: return the new value. */
  readonly returnValue?: boolean;
  /** `c`: return the new CAS. */
  readonly returnCas?: boolean;
  /** `t`: return the seconds left (-1: never expires). */
  readonly returnTtl?: boolean;
  /** `k`: echo the key; the decoder checks it. */
  readonly returnKey?: boolean;
  /** `O<n>`: opaque token, echoed and checked. */
  readonly opaque?: number;
}

/** The delta was applied (or the counter created); `value` is the new value when asked for. */
export interface MetaArithmeticApplied {
  readonly kind: "applied";
  readonly value: bigint | undefined;
  readonly flags: ReplyFlags;
}

/**
 * - `not-found`: no such counter and no `autoCreateTtl`.
 * - `not-stored`: the counter could not be created.
 * - `exists`: `compareCas` did not match.
 */
export interface MetaArithmeticRefused {
  readonly kind: "not-found" | "not-stored" | "exists";
  readonly flags: ReplyFlags;
}

/** `client-error` includes `cannot increment or decrement non-numeric value`. */
export type MetaArithmeticReply = MetaArithmeticApplied | MetaArithmeticRefused | ErrorReply;

/** `ma <key> <flags>\r\n`. */
export function encodeMetaArithmetic(key: WireKey, options: MetaArithmeticOptions = {}): Buffer {
  const { mode = "increment" } = options;
  if (mode !== "increment" && mode !== "decrement") {
    throw invalidArgument(`mode must be "increment" or "decrement", got ${String(mode)}`);
  }
  if (options.initialValue !== undefined && options.autoCreateTtl === undefined) {
    throw invalidArgument("initialValue (J) only works together with autoCreateTtl (N)");
  }
  const w = writer.begin().command("ma", key.text);
  if (key.base64) w.flag("b");
  // Applied in order: N and T before t, so that the TTL returned is the one they set.
  if (options.autoCreateTtl !== undefined)
    w.flagWith("N", ttlToken("autoCreateTtl", options.autoCreateTtl));
  if (options.initialValue !== undefined) {
    w.flagWith("J", uint64Token("initialValue", options.initialValue));
  }
  if (options.delta !== undefined) w.flagWith("D", uint64Token("delta", options.delta));
  if (options.ttl !== undefined) w.flagWith("T", ttlToken("ttl", options.ttl));
  if (mode === "decrement") w.flagWith("M", "D");
  if (options.compareCas !== undefined)
    w.flagWith("C", uint64Token("compareCas", options.compareCas));
  if (options.returnValue) w.flag("v");
  if (options.returnCas) w.flag("c");
  if (options.returnTtl) w.flag("t");
  if (options.returnKey) w.flag("k");
  if (options.opaque !== undefined) w.flagWith("O", opaqueToken(options.opaque));
  return w.endLine().finish();
}

export function metaArithmeticReplyDecoder(
  key: WireKey,
  options: MetaArithmeticOptions = {},
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
): ReplyDecoder<MetaArithmeticReply> {
  const echo = echoOf(key, options.returnKey, options.opaque);
  const withValue = options.returnValue === true;
  return new SingleReplyDecoder(
    "ma",
    false,
    (reply) => interpretArithmetic(reply, echo, withValue),
    limits,
  );
}

const REFUSALS: Readonly<Record<string, MetaArithmeticRefused["kind"]>> = {
  NF: "not-found",
  NS: "not-stored",
  EX: "exists",
};
const COUNTER = /^\d{1,20}$/;

function interpretArithmetic(
  reply: StatusReply,
  echo: Echo,
  withValue: boolean,
): MetaArithmeticApplied | MetaArithmeticRefused {
  const refusal = REFUSALS[reply.status];
  if (refusal !== undefined) {
    checkEcho(reply.flags, echo, false, reply.status);
    return { kind: refusal, flags: reply.flags };
  }
  if (reply.status === "HD" && !withValue) {
    checkEcho(reply.flags, echo, true, "HD");
    return { kind: "applied", value: undefined, flags: reply.flags };
  }
  if (reply.status === "VA" && withValue) {
    checkEcho(reply.flags, echo, true, "VA");
    const text = Buffer.from(reply.data as Uint8Array).toString("latin1");
    if (!COUNTER.test(text))
      throw protocolError(`ma returned ${JSON.stringify(text)}, not a counter`);
    return { kind: "applied", value: BigInt(text), flags: reply.flags };
  }
  throw protocolError(`${reply.status} is not a reply to this ma`);
}
