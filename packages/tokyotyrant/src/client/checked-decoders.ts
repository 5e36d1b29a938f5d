import type { DecodedReply, ReplyDecoder } from "@tier/core/net";
import { protocolError } from "../protocol/decoders/protocol-error.js";
import type { Reply } from "../protocol/reply.js";

/*
 * Replies carry no request id, so a stream that slipped (bytes lost, added or left over) would
 * hand one request's reply to the next. These checks throw a `ProtocolError` on what a slipped
 * stream looks like, and the transport then closes the connection and fails everything on it
 * instead of answering anyone with someone else's bytes.
 */

/**
 * ttserver only ever sends a status byte of 0 or 1; any other first byte means the stream is not
 * where the decoder thinks it is. The protocol codec reads such a byte as a failure, which for
 * `get` would be a quiet miss followed by replies shifted onto the wrong requests.
 */
export class StatusCheckedDecoder<T> implements ReplyDecoder<Reply<T>> {
  constructor(private readonly inner: ReplyDecoder<Reply<T>>) {}

  decode(bytes: Buffer, start: number, end: number): DecodedReply<Reply<T>> | undefined {
    if (start < end && bytes[start]! > 1) {
      throw protocolError(`a reply started with status byte ${bytes[start]}; only 0 and 1 exist`);
    }
    return this.inner.decode(bytes, start, end);
  }
}
