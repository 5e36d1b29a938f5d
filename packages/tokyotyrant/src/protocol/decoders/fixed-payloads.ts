import { unpackDouble } from "../adddouble-number.js";
import { protocolError } from "./protocol-error.js";
import type { PayloadReader } from "./status-then.js";

function fixedPayload<T>(size: number, read: (bytes: Buffer, at: number) => T): PayloadReader<T> {
  return (bytes, start, end) =>
    end - start < size ? undefined : { value: read(bytes, start), end: start + size };
}

/** `vsiz`: a value size. */
export const uint32Payload = fixedPayload(4, (bytes, at) => bytes.readUInt32BE(at));

/** `addint`: the new sum, two's complement. */
export const int32Payload = fixedPayload(4, (bytes, at) => bytes.readInt32BE(at));

/** `rnum`, `size`: a count or byte size. Past 2^53 no database can be, so it is refused. */
export const uint64Payload = fixedPayload(8, (bytes, at) => {
  const value = bytes.readBigUInt64BE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw protocolError(`a record count or size of ${value} is impossible`);
  }
  return Number(value);
});

/** `adddouble`: the new sum as two int64 fields (see `unpackDouble`). */
export const doublePayload = fixedPayload(16, (bytes, at) =>
  unpackDouble(bytes.readBigInt64BE(at), bytes.readBigInt64BE(at + 8)),
);
