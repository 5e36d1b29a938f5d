import type { ReplyLimits } from "../limits.js";
import type { Reply } from "../reply.js";
import type { DecoderFactory } from "../request.js";
import { parseStatText } from "../stat-text.js";
import { doublePayload, int32Payload, uint32Payload, uint64Payload } from "./fixed-payloads.js";
import { type KeyValue, keyValueItem, sizedItem } from "./item-readers.js";
import { ListDecoder } from "./list-decoder.js";
import { perLimits } from "./per-limits.js";
import { sizedPayload } from "./sized-payload.js";
import { StatusThenDecoder, statusOnlyDecoder } from "./status-then.js";

/*
 * One factory per reply layout of PROTOCOL.md §2. Stateless decoders are shared; list decoders
 * keep progress, so each request gets its own.
 */

/** `status`: put, putkeep, putcat, putshl, out, iterinit, sync, optimize, vanish, copy, restore, setmst. */
export const statusReply: DecoderFactory<void> = () => statusOnlyDecoder;

/** `status | len:u32 | bytes`: get, iternext, ext. */
export const bytesReply: DecoderFactory<Buffer> = perLimits(
  (limits) => new StatusThenDecoder(sizedPayload(singleValueCap(limits), "value")),
);

const uint32Decoder = new StatusThenDecoder(uint32Payload);
const int32Decoder = new StatusThenDecoder(int32Payload);
const uint64Decoder = new StatusThenDecoder(uint64Payload);
const doubleDecoder = new StatusThenDecoder(doublePayload);

/** `status | u32`: vsiz. */
export const uint32Reply: DecoderFactory<number> = () => uint32Decoder;
/** `status | int32`: addint. */
export const int32Reply: DecoderFactory<number> = () => int32Decoder;
/** `status | u64`: rnum, size. */
export const uint64Reply: DecoderFactory<number> = () => uint64Decoder;
/** `status | integ:i64 | fract:i64`: adddouble. */
export const doubleReply: DecoderFactory<number> = () => doubleDecoder;

/** `status | len:u32 | text`: stat, parsed into its named fields. */
export const statReply: DecoderFactory<Map<string, string>> = perLimits((limits) => {
  const text = sizedPayload(Math.min(limits.maxStatBytes, singleValueCap(limits)), "stat text");
  return new StatusThenDecoder<Map<string, string>>((bytes, start, end) => {
    const read = text(bytes, start, end);
    return read && { value: parseStatText(read.value), end: read.end };
  });
});

/** `status | n:u32 | n × (ksiz | vsiz | key | value)`: mget. */
export const keyValueListReply: DecoderFactory<KeyValue[]> = (limits) =>
  new ListDecoder(
    keyValueItemFor(limits),
    { maxCount: limits.maxRecords, maxReplyBytes: limits.maxReplyBytes, what: "records" },
    succeedWith,
  );

/** `status | n:u32 | n × (ksiz | key)`: fwmkeys. */
export const keyListReply: DecoderFactory<Buffer[]> = (limits) =>
  new ListDecoder(
    sizedItemFor(limits),
    { maxCount: limits.maxRecords, maxReplyBytes: limits.maxReplyBytes, what: "keys" },
    succeedWith,
  );

/**
 * `status | n:u32 | n × (esiz | element)`: misc. `interpret` turns the elements of a successful
 * reply into the function's result; it throws a `ProtocolError` for elements no server sends.
 */
export function elementsReply<T>(interpret: (elements: Buffer[]) => Reply<T>): DecoderFactory<T> {
  return (limits) =>
    new ListDecoder(
      sizedItemFor(limits),
      { maxCount: limits.maxElements, maxReplyBytes: limits.maxReplyBytes, what: "elements" },
      interpret,
    );
}

const sizedItemFor = perLimits((limits) => sizedItem(limits.maxValueBytes, "value"));
const keyValueItemFor = perLimits((limits) => keyValueItem(limits.maxValueBytes));

/** A one-value reply may not exceed either cap: the value's, or the whole reply's minus 5 bytes. */
function singleValueCap(limits: ReplyLimits): number {
  return Math.min(limits.maxValueBytes, limits.maxReplyBytes - 5);
}

function succeedWith<T>(items: T[]): Reply<T[]> {
  return { ok: true, value: items };
}
