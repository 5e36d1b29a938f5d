/** One decoded reply and the offset just past its last byte. */
export interface DecodedReply<T> {
  /** The reply, decoded. */
  readonly value: T;
  /** The offset just past the reply's last byte. */
  readonly end: number;
}

/**
 * Reads the reply to one request out of a connection's receive buffer. Replies arrive in request
 * order, so the connection hands the bytes after the previous reply to the decoder of the oldest
 * request still waiting.
 *
 * `decode(bytes, start, end)` looks at `bytes[start, end)`:
 * - a complete reply: returns it with the offset just past it (`end` of the result <= `end`);
 * - not complete yet: returns `undefined`, and is called again with the same reply's bytes when
 *   more arrive: a larger `end - start`, but possibly in another buffer at another `start` (the
 *   receive buffer moves bytes when it grows), so a decoder object made for one request may keep
 *   its progress only as an offset relative to `start`;
 * - bytes that break the protocol: throws a `ProtocolError`, and the connection is closed.
 *
 * A decoder must check every length field against its cap before it waits for or allocates that
 * many bytes. It must not keep references into `bytes` in the value it returns: the buffer is
 * reused once `decode` returns (copy, e.g. with `Buffer.from(bytes.subarray(a, b))`).
 */
export interface ReplyDecoder<T> {
  /**
   * The reply in `bytes[start, end)`, `undefined` while incomplete; throws a `ProtocolError` on
   * bytes that break the protocol.
   */
  decode(bytes: Buffer, start: number, end: number): DecodedReply<T> | undefined;
}
