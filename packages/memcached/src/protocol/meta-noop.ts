import type { DecodedReply, ReplyDecoder } from "@tier/core/net";
import { protocolError } from "../errors.js";
import { DEFAULT_REPLY_LIMITS, type ReplyLimits } from "./limits.js";
import { readReply } from "./reply-reader.js";

const NOOP = Buffer.from("mn\r\n", "latin1");

/** `mn\r\n`: answered `MN` once every earlier request on the connection was processed. */
export function encodeNoop(): Buffer {
  return Buffer.from(NOOP);
}

/** Reads `MN`; anything else, error lines included, is a protocol error: `mn` cannot fail. */
export function noopReplyDecoder(limits: ReplyLimits = DEFAULT_REPLY_LIMITS): ReplyDecoder<"MN"> {
  return {
    decode(bytes: Buffer, start: number, end: number): DecodedReply<"MN"> | undefined {
      const reply = readReply(bytes, start, end, limits);
      if (reply === undefined) return undefined;
      if (reply.status !== "MN") throw protocolError(`${reply.status} is not a reply to mn`);
      return { value: "MN", end: reply.end };
    },
  };
}
