import type { RequestBytes } from "@tier/core/net";
import { packDouble } from "./adddouble-number.js";
import {
  type BufferWriteShortcuts,
  type Bytes,
  checkArgumentCount,
  field,
  functionName,
} from "./bytes.js";
import type { KeyValue } from "./decoders/item-readers.js";
import {
  bytesReply,
  doubleReply,
  int32Reply,
  keyListReply,
  keyValueListReply,
  statusReply,
  uint32Reply,
} from "./decoders/reply-shapes.js";
import { bareFrame, FrameWriter, singleFieldFrame } from "./frame-writer.js";
import { ServerLimit } from "./limits.js";
import { int32, nonNegativeInt32 } from "./numbers.js";
import { MAGIC, Opcode } from "./opcodes.js";
import { ExtOption } from "./option-bits.js";
import { request, type TtNoReplyRequest, type TtRequest } from "./request.js";

/*
 * Record commands (PROTOCOL.md §3). Every length field comes before every data field, and each
 * reply layout is fixed by the command: see the decoder each request pairs with.
 */

/** `put`: store `value` under `key`, replacing any value. */
export function putRequest(key: Bytes, value: Bytes): TtRequest<void> {
  return request(storeFrame(Opcode.put, key, value), statusReply);
}

/** `putkeep`: store only if `key` is absent; fails (status 1) when it exists. */
export function putKeepRequest(key: Bytes, value: Bytes): TtRequest<void> {
  return request(storeFrame(Opcode.putkeep, key, value), statusReply);
}

/** `putcat`: append `value` to the stored value, creating the record when missing. */
export function putCatRequest(key: Bytes, value: Bytes): TtRequest<void> {
  return request(storeFrame(Opcode.putcat, key, value), statusReply);
}

/** `putshl`: append `value`, then keep only the rightmost `width` bytes. Not for table databases. */
export function putShlRequest(key: Bytes, value: Bytes, width: number): TtRequest<void> {
  const k = field(key, "key");
  const v = field(value, "value");
  const w = nonNegativeInt32(width, "putshl width");
  const bytes = new FrameWriter(Opcode.putshl, 12, [k, v])
    .u32(k.size)
    .u32(v.size)
    .u32(w)
    .data(k)
    .data(v)
    .finish();
  return request(bytes, statusReply);
}

/** `putnr`: like `put`, but the server sends no reply at all, not even on failure. */
export function putNrRequest(key: Bytes, value: Bytes): TtNoReplyRequest {
  return { bytes: storeFrame(Opcode.putnr, key, value), createDecoder: null };
}

/** `out`: remove `key`; fails (status 1) when it is missing. */
export function outRequest(key: Bytes): TtRequest<void> {
  return request(keyFrame(Opcode.out, key), statusReply);
}

/** `get`: the value of `key`; fails (status 1) when it is missing. */
export function getRequest(key: Bytes): TtRequest<Buffer> {
  return request(keyFrame(Opcode.get, key), bytesReply);
}

/**
 * `mget`: the records found among `keys`, in request order; missing keys are left out and a
 * repeated key comes back again. The status is always 0.
 */
export function mgetRequest(keys: readonly Bytes[]): TtRequest<KeyValue[]> {
  checkArgumentCount(keys.length, "keys");
  const fields = keys.map((key) => field(key, "key"));
  const writer = new FrameWriter(Opcode.mget, 4 + 4 * fields.length, fields).u32(fields.length);
  for (const f of fields) writer.sized(f);
  return request(writer.finish(), keyValueListReply);
}

/** `vsiz`: the size of the value of `key`; fails (status 1) when it is missing. */
export function vsizRequest(key: Bytes): TtRequest<number> {
  return request(keyFrame(Opcode.vsiz, key), uint32Reply);
}

const ITERINIT_FRAME = bareFrame(Opcode.iterinit);
const ITERNEXT_FRAME = bareFrame(Opcode.iternext);

/** `iterinit`: restart the iterator, which the database shares between all connections. */
export function iterInitRequest(): TtRequest<void> {
  return request(ITERINIT_FRAME, statusReply);
}

/** `iternext`: the next key; fails (status 1) at the end, and keeps failing after it. */
export function iterNextRequest(): TtRequest<Buffer> {
  return request(ITERNEXT_FRAME, bytesReply);
}

/**
 * `fwmkeys`: keys starting with `prefix`, at most `max` of them; a negative `max` (the default,
 * -1) means no limit. Keep `max` at or below the decoder's `maxRecords`.
 */
export function fwmKeysRequest(prefix: Bytes, max = -1): TtRequest<Buffer[]> {
  const p = field(prefix, "prefix");
  const bytes = new FrameWriter(Opcode.fwmkeys, 8, [p])
    .u32(p.size)
    .i32(int32(max, "fwmkeys max"))
    .data(p)
    .finish();
  return request(bytes, keyListReply);
}

/**
 * `addint`: add `num` to the 4-byte native-endian counter under `key` (created when missing) and
 * return the sum. Fails (status 1) when the stored value is not exactly 4 bytes.
 */
export function addIntRequest(key: Bytes, num: number): TtRequest<number> {
  const k = field(key, "key");
  const bytes = new FrameWriter(Opcode.addint, 8, [k])
    .u32(k.size)
    .i32(int32(num, "addint number"))
    .data(k)
    .finish();
  return request(bytes, int32Reply);
}

/**
 * `adddouble`: add `num` to the 8-byte native double under `key` (created when missing) and
 * return the sum. The wire keeps 12 fraction digits. Fails when the stored value is not 8 bytes.
 */
export function addDoubleRequest(key: Bytes, num: number): TtRequest<number> {
  const k = field(key, "key");
  const { integ, fract } = packDouble(num);
  const bytes = new FrameWriter(Opcode.adddouble, 20, [k])
    .u32(k.size)
    .i64(integ)
    .i64(fract)
    .data(k)
    .finish();
  return request(bytes, doubleReply);
}

/** Per-call options of `ext`. */
export interface ExtOptions {
  /** Hold one record lock (`"record"`, by key) or every lock (`"global"`) during the call. */
  readonly lock?: "record" | "global";
}

/** `ext`: call the server's Lua function `name` with `key` and `value`, returning its result. */
export function extRequest(
  name: Bytes,
  key: Bytes,
  value: Bytes,
  options: ExtOptions = {},
): TtRequest<Buffer> {
  const n = functionName(name);
  const k = field(key, "key");
  const v = field(value, "value");
  const opts =
    options.lock === "global"
      ? ExtOption.lockGlobal
      : options.lock === "record"
        ? ExtOption.lockRecord
        : 0;
  const bytes = new FrameWriter(Opcode.ext, 16, [n, k, v])
    .u32(n.size)
    .u32(opts)
    .u32(k.size)
    .u32(v.size)
    .data(n)
    .data(k)
    .data(v)
    .finish();
  return request(bytes, bytesReply);
}

function storeFrame(opcode: number, key: Bytes, value: Bytes) {
  const k = field(key, "key");
  const v = field(value, "value");
  return new FrameWriter(opcode, 8, [k, v]).u32(k.size).u32(v.size).data(k).data(v).finish();
}

/**
 * `magic | opcode | ksiz | key`. A string key, the common case of `get`, is written straight into
 * a buffer of its size: the general writer's field list and checks cost more than the frame.
 */
function keyFrame(opcode: number, key: Bytes): RequestBytes {
  if (typeof key !== "string") return singleFieldFrame(opcode, field(key, "key"));
  const size = Buffer.byteLength(key, "utf8");
  if (size > ServerLimit.maxArgumentBytes) return singleFieldFrame(opcode, field(key, "key"));
  const frame = Buffer.allocUnsafe(6 + size) as Buffer & BufferWriteShortcuts;
  frame[0] = MAGIC;
  frame[1] = opcode;
  frame.writeUInt32BE(size, 2);
  frame.utf8Write(key, 6);
  return frame;
}
