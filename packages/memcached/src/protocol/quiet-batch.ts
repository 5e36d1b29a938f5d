import type { DecodedReply, ReplyDecoder } from "@tier/core/net";
import { protocolError } from "../errors.js";
import type { WireKey } from "../keys/key-encoder.js";
import { opaqueToken } from "./arguments.js";
import { type ErrorReply, errorReply } from "./error-reply.js";
import type { ReplyLimits } from "./limits.js";
import type { Echo } from "./reply-echo.js";
import { isErrorLine, readReply, type StatusReply } from "./reply-reader.js";
import { type RequestWriter, writer } from "./request-writer.js";

const ZERO = 0x30;

/**
 * How a batch's requests are written and answered. A batch is `count` quiet requests, request `i`
 * carrying opaque token `opaqueBase + i`, then `mn`. Quiet requests answer only when they have
 * something to say (a hit, a refusal); `MN` then says every earlier request was processed.
 */
export interface QuietBatchPlan<R> {
  readonly command: string;
  readonly count: number;
  readonly opaqueBase: number;
  /** Whether the requests carry data blocks (`ms`). */
  readonly sendsData: boolean;
  /** The key request `index` asked to have echoed (`k`), if it did. */
  echoedKey(index: number): WireKey | undefined;
  /** Reads one request's reply, checking its echo; throws if the reply does not answer it. */
  interpret(reply: StatusReply, echo: Echo): R;
  /** What a request that stayed silent until `MN` means: a miss, a store, a delete. */
  readonly silence: R;
}

/**
 * Writes `count` quiet requests, request `i` with opaque `opaqueBase + i` (`writeRequest` adds
 * the `q` and `O` flags), then the `mn` that ends the batch.
 */
export function encodeQuietBatch(
  count: number,
  opaqueBase: number,
  writeRequest: (w: RequestWriter, index: number, opaque: number) => void,
): Buffer {
  opaqueToken(opaqueBase);
  opaqueToken(opaqueBase + count);
  const w = writer.begin();
  for (let i = 0; i < count; i++) writeRequest(w, i, opaqueBase + i);
  return w.line("mn").finish();
}

/**
 * Decodes the replies of one quiet batch up to its `MN`, index-aligned with the requests.
 *
 * Replies come in request order, so each must carry the token of a request after the previous
 * reply's and before the end of the batch; anything else means the stream is out of step and is a
 * `ProtocolError`. An error line carries no token: it is given to every request between the
 * previous and the next reply, since any of them could have failed (a `CLIENT_ERROR` in a batch
 * of sets is a protocol error, as for a single set).
 *
 * Progress is kept relative to `start`, so a decoder called again after more bytes arrive resumes
 * where it stopped even if the connection moved its buffer.
 */
export class QuietBatchDecoder<R> implements ReplyDecoder<readonly (R | ErrorReply)[]> {
  private readonly results: (R | ErrorReply | undefined)[];
  /** Bytes already decoded, counted from `start`. */
  private consumed = 0;
  /** Index of the last request that answered. */
  private answered = -1;
  /** An error line waiting for the next reply to bound the requests it may belong to. */
  private unplacedError: ErrorReply | undefined;
  /** What the current reply must echo; one object for every reply of the batch. */
  private readonly echo: { opaque: string | undefined; key: WireKey | undefined } = {
    opaque: undefined,
    key: undefined,
  };

  constructor(
    private readonly plan: QuietBatchPlan<R>,
    private readonly limits: ReplyLimits,
  ) {
    this.results = new Array<R | ErrorReply | undefined>(plan.count);
  }

  decode(
    bytes: Buffer,
    start: number,
    end: number,
  ): DecodedReply<readonly (R | ErrorReply)[]> | undefined {
    let at = start + this.consumed;
    for (;;) {
      const reply = readReply(bytes, at, end, this.limits);
      if (reply === undefined) {
        this.consumed = at - start;
        return undefined;
      }
      at = reply.end;
      if (reply.status === "MN") {
        this.placeError(this.plan.count);
        return { value: this.finish(), end: at };
      }
      if (isErrorLine(reply)) {
        this.unplacedError ??= errorReply(reply, this.plan.command, this.plan.sendsData);
        continue;
      }
      const index = this.indexOf(reply);
      this.placeError(index);
      const echo = this.echo;
      echo.opaque = reply.flags.opaque;
      echo.key = this.plan.echoedKey(index);
      this.results[index] = this.plan.interpret(reply, echo);
      this.answered = index;
    }
  }

  private indexOf(reply: StatusReply): number {
    const token = reply.flags.opaque;
    const { count, opaqueBase } = this.plan;
    const index = token === undefined ? -1 : canonicalNumber(token) - opaqueBase;
    if (index <= this.answered || index >= count) {
      throw protocolError(
        `${reply.status} reply with opaque ${token === undefined ? "(none)" : JSON.stringify(token)} in a batch of ${count} where the next request is ${opaqueBase + this.answered + 1}`,
      );
    }
    return index;
  }

  private placeError(before: number): void {
    const error = this.unplacedError;
    if (error === undefined) return;
    for (let i = this.answered + 1; i < before; i++) this.results[i] = error;
    this.unplacedError = undefined;
  }

  private finish(): readonly (R | ErrorReply)[] {
    const { silence } = this.plan;
    const results = this.results;
    for (let i = 0; i < results.length; i++) if (results[i] === undefined) results[i] = silence;
    return results as (R | ErrorReply)[];
  }
}

/** The value of a token written as a plain decimal (no sign, no leading zero), else -1. */
function canonicalNumber(token: string): number {
  const length = token.length;
  if (length === 0 || length > 15 || (length > 1 && token.charCodeAt(0) === ZERO)) return -1;
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = token.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
