import type { ReplyDecoder } from "@tier/core/net";
import { type ErrorReply, errorReply } from "./error-reply.js";
import type { ReplyLimits } from "./limits.js";
import { isErrorLine, readReply, type StatusReply } from "./reply-reader.js";

/**
 * Decodes the one reply of a single request: error lines through {@link errorReply}, anything
 * else through the command's `interpret`, which throws for a reply that does not answer it.
 */
export class SingleReplyDecoder<R> implements ReplyDecoder<R | ErrorReply> {
  constructor(
    private readonly command: string,
    private readonly sentData: boolean,
    private readonly interpret: (reply: StatusReply) => R,
    private readonly limits: ReplyLimits,
  ) {}

  decode(
    bytes: Buffer,
    start: number,
    end: number,
  ): { value: R | ErrorReply; end: number } | undefined {
    const reply = readReply(bytes, start, end, this.limits);
    if (reply === undefined) return undefined;
    if (isErrorLine(reply)) {
      return { value: errorReply(reply, this.command, this.sentData), end: reply.end };
    }
    return { value: this.interpret(reply), end: reply.end };
  }
}
