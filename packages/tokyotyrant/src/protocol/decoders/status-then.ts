import type { DecodedReply, ReplyDecoder } from "@tier/core/net";
import { DONE, failed, type Reply, succeeded } from "../reply.js";

/** Reads what follows a status byte of 0, from `bytes[start, end)`; `undefined` while incomplete. */
export type PayloadReader<T> = (
  bytes: Buffer,
  start: number,
  end: number,
) => DecodedReply<T> | undefined;

/**
 * The common reply shape: one status byte, then a payload only when the status is 0. Any other
 * status is the whole reply (ttserver sends `01` alone for every command except `mget`,
 * `fwmkeys` and `misc`).
 */
export class StatusThenDecoder<T> implements ReplyDecoder<Reply<T>> {
  constructor(private readonly payload: PayloadReader<T>) {}

  decode(bytes: Buffer, start: number, end: number): DecodedReply<Reply<T>> | undefined {
    if (start >= end) return undefined;
    const status = bytes[start]!;
    if (status !== 0) return { value: failed(status), end: start + 1 };
    const payload = this.payload(bytes, start + 1, end);
    if (payload === undefined) return undefined;
    return { value: succeeded(payload.value), end: payload.end };
  }
}

/** A reply that is only a status byte. Stateless, so one instance serves every request. */
export const statusOnlyDecoder: ReplyDecoder<Reply<void>> = {
  decode(bytes, start, end) {
    if (start >= end) return undefined;
    const status = bytes[start]!;
    return { value: status === 0 ? DONE : failed(status), end: start + 1 };
  },
};
