import type { ReplyDecoder } from "@tier/core/net";
import { invalidArgument } from "../errors.js";
import type { WireKey } from "../keys/key-encoder.js";
import { opaqueToken, ttlToken, uint32Token, uint64Token } from "./arguments.js";
import type { ErrorReply } from "./error-reply.js";
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from "./limits.js";
import { encodeQuietBatch, QuietBatchDecoder, type QuietBatchPlan } from "./quiet-batch.js";
import { echoOf } from "./reply-echo.js";
import { NO_FLAGS } from "./reply-flags.js";
import { type Outcome, outcomeReader } from "./reply-outcome.js";
import { type RequestWriter, writer } from "./request-writer.js";
import { SingleReplyDecoder } from "./single-reply-decoder.js";

/** How `ms` stores: `M` token `S` (default), `E`, `R`, `A`, `P`. */
export type MetaSetMode = "set" | "add" | "replace" | "append" | "prepend";

const MODE_TOKENS: Readonly<Record<MetaSetMode, string | undefined>> = {
  set: undefined,
  add: "E",
  replace: "R",
  append: "A",
  prepend: "P",
};

/** memcached reads the size as a signed int and refuses more than INT_MAX - 2. */
const MAX_DATA_BYTES = 0x7fffffff - 2;

export interface MetaSetOptions {
  /** `T<ttl>`: seconds to live; absent or 0: never expires. */
  readonly ttl?: number;
  /** `F<flags>`: 32-bit client flags stored with the item; absent: 0. */
  readonly clientFlags?: number;
  /** `M<mode>`: default `"set"`. `add` answers `not-stored` if the item exists, `replace`, `append` and `prepend` if it does not. */
  readonly mode?: MetaSetMode;
  /** `C<cas>`: store only if the item's CAS is this (else `exists`, or `not-found` if it is gone). */
  readonly compareCas?: bigint;
  /**
   * `I` (with `compareCas` only): a CAS older than the item's still stores, but marks the item
   * stale, so the next `mg` answers `X` and `W` to its first reader.
   */
  readonly invalidate?: boolean;
  /** `c`: return the item's new CAS. */
  readonly returnCas?: boolean;
  /** `k`: echo the key; the decoder checks it. */
  readonly returnKey?: boolean;
  /** `O<n>`: opaque token, echoed and checked. */
  readonly opaque?: number;
}

export type MetaSetBatchOptions = Omit<MetaSetOptions, "opaque">;

export interface MetaSetEntry {
  readonly key: WireKey;
  readonly value: Uint8Array;
  readonly options?: MetaSetBatchOptions;
}

/**
 * - `stored`: `HD`.
 * - `not-stored`: `NS`, the mode's condition failed (add of an existing item...).
 * - `exists`: `EX`, `compareCas` did not match.
 * - `not-found`: `NF`, `compareCas` was given and the item is gone.
 */
export type MetaSetOutcome = Outcome<"stored" | "not-stored" | "exists" | "not-found">;

/** `server-error` is `object too large for cache` or `out of memory storing object`; the connection stays usable. */
export type MetaSetReply = MetaSetOutcome | ErrorReply;

/** `ms <key> <size> <flags>\r\n<value>\r\n`, in one buffer. */
export function encodeMetaSet(
  key: WireKey,
  value: Uint8Array,
  options: MetaSetOptions = {},
): Buffer {
  writeMetaSetLine(writer.begin(), key, value, options, false, options.opaque);
  return writer.finishWithData(value);
}

export function metaSetReplyDecoder(
  key: WireKey,
  options: MetaSetOptions = {},
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
): ReplyDecoder<MetaSetReply> {
  const echo = echoOf(key, options.returnKey, options.opaque);
  return new SingleReplyDecoder("ms", true, (reply) => interpretSet(reply, echo), limits);
}

/**
 * Many sets in one round trip: quiet `ms` requests (request `i` with opaque `opaqueBase + i`),
 * then `mn`. Stores stay silent; only refusals and errors answer.
 */
export function encodeMetaSetBatch(entries: readonly MetaSetEntry[], opaqueBase: number): Buffer {
  return encodeQuietBatch(entries.length, opaqueBase, (w, i, opaque) => {
    const entry = entries[i] as MetaSetEntry;
    writeMetaSetLine(w, entry.key, entry.value, entry.options ?? {}, true, opaque);
    w.dataBlock(entry.value);
  });
}

/** Reads the replies to {@link encodeMetaSetBatch}: one outcome per entry; silence is `stored`. */
export function metaSetBatchDecoder(
  entries: readonly MetaSetEntry[],
  opaqueBase: number,
  limits: ReplyLimits = DEFAULT_REPLY_LIMITS,
): ReplyDecoder<readonly MetaSetReply[]> {
  const plan: QuietBatchPlan<MetaSetOutcome> = {
    command: "ms",
    count: entries.length,
    opaqueBase,
    sendsData: true,
    silence: { kind: "stored", flags: NO_FLAGS },
    echoedKey: (i) => {
      const entry = entries[i] as MetaSetEntry;
      return entry.options?.returnKey ? entry.key : undefined;
    },
    interpret: interpretSet,
  };
  return new QuietBatchDecoder(plan, limits);
}

function writeMetaSetLine(
  w: RequestWriter,
  key: WireKey,
  value: Uint8Array,
  options: MetaSetOptions,
  quiet: boolean,
  opaque: number | undefined,
): void {
  if (!(value instanceof Uint8Array) || value.length > MAX_DATA_BYTES) {
    throw invalidArgument(`a value must be a Uint8Array of at most ${MAX_DATA_BYTES} bytes`);
  }
  const mode = options.mode ?? "set";
  if (!Object.hasOwn(MODE_TOKENS, mode)) {
    throw invalidArgument(`mode must be set, add, replace, append or prepend; got ${String(mode)}`);
  }
  if (options.invalidate && options.compareCas === undefined) {
    throw invalidArgument("invalidate (I) only works together with compareCas (C)");
  }
  w.command("ms", key.text).token(String(value.length));
  if (key.base64) w.flag("b");
  if (options.returnCas) w.flag("c");
  if (options.compareCas !== undefined)
    w.flagWith("C", uint64Token("compareCas", options.compareCas));
  if (options.clientFlags !== undefined) {
    w.flagWith("F", uint32Token("clientFlags", options.clientFlags));
  }
  if (options.invalidate) w.flag("I");
  if (options.returnKey) w.flag("k");
  if (opaque !== undefined) w.flagWith("O", opaqueToken(opaque));
  if (quiet) w.flag("q");
  if (options.ttl !== undefined) w.flagWith("T", ttlToken("ttl", options.ttl));
  const modeToken = MODE_TOKENS[mode];
  if (modeToken !== undefined) w.flagWith("M", modeToken);
  w.endLine();
}

const interpretSet = outcomeReader<MetaSetOutcome["kind"]>(
  "ms",
  { HD: "stored", NS: "not-stored", EX: "exists", NF: "not-found" },
  "stored",
);
