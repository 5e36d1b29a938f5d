import type { Bytes } from "./bytes.js";
import type { KeyValue } from "./decoders/item-readers.js";
import { elementsReply } from "./decoders/reply-shapes.js";
import { type MiscOptions, miscRead, miscWrite } from "./misc-command.js";
import {
  type EngineError,
  engineError,
  keyValuePairs,
  noResult,
  oneKeyValue,
  singleElement,
} from "./misc-results.js";
import { int32, nonNegativeInt32 } from "./numbers.js";
import type { TtRequest } from "./request.js";

/*
 * `misc` functions of hash and on-memory databases (PROTOCOL.md §5.1, §5.2), with the option bits
 * the C client uses: reads skip the update log, writes do not. Functions whose arguments and
 * results have the same shape on table databases (outlist, iterinit, sync, optimize, vanish,
 * defrag, cacheclear, error, getpart) serve those too.
 */

const noResultReply = elementsReply(noResult);
const singleElementReply = elementsReply(singleElement);
const keyValuePairsReply = elementsReply(keyValuePairs);
const oneKeyValueReply = elementsReply(oneKeyValue);
const engineErrorReply = elementsReply(engineError);

/** `misc put`: store `value` under `key`. */
export function miscPutRequest(
  key: Bytes,
  value: Bytes,
  options: MiscOptions = {},
): TtRequest<void> {
  return miscWrite("put", [key, value], options, noResultReply);
}

/** `misc putkeep`: store only if `key` is absent; fails when it exists. */
export function miscPutKeepRequest(
  key: Bytes,
  value: Bytes,
  options: MiscOptions = {},
): TtRequest<void> {
  return miscWrite("putkeep", [key, value], options, noResultReply);
}

/** `misc putcat`: append `value` to the stored value. */
export function miscPutCatRequest(
  key: Bytes,
  value: Bytes,
  options: MiscOptions = {},
): TtRequest<void> {
  return miscWrite("putcat", [key, value], options, noResultReply);
}

/** `misc out`: remove `key`; fails when it is missing. */
export function miscOutRequest(key: Bytes, options: MiscOptions = {}): TtRequest<void> {
  return miscWrite("out", [key], options, noResultReply);
}

/** `misc get`: the value of `key`; fails when it is missing. */
export function miscGetRequest(key: Bytes, options: MiscOptions = {}): TtRequest<Buffer> {
  return miscRead("get", [key], options, singleElementReply);
}

/** `misc putlist`: store every `[key, value]` pair in one call. */
export function miscPutListRequest(
  records: Iterable<readonly [Bytes, Bytes]>,
  options: MiscOptions = {},
): TtRequest<void> {
  const args: Bytes[] = [];
  for (const [key, value] of records) args.push(key, value);
  return miscWrite("putlist", args, options, noResultReply);
}

/** `misc outlist`: remove every key of `keys`; missing keys are not an error. */
export function miscOutListRequest(
  keys: readonly Bytes[],
  options: MiscOptions = {},
): TtRequest<void> {
  return miscWrite("outlist", keys, options, noResultReply);
}

/** `misc getlist`: the records found among `keys`, as the server orders them. */
export function miscGetListRequest(
  keys: readonly Bytes[],
  options: MiscOptions = {},
): TtRequest<KeyValue[]> {
  return miscRead("getlist", keys, options, keyValuePairsReply);
}

/**
 * `misc getpart` (TC >= 1.4.37): `length` bytes of the value of `key` from byte `offset` (to the
 * end when `length` is left out). Fails when the key is missing, and always on table databases.
 */
export function miscGetPartRequest(
  key: Bytes,
  offset: number,
  length?: number,
  options: MiscOptions = {},
): TtRequest<Buffer> {
  const args = [key, String(nonNegativeInt32(offset, "getpart offset"))];
  if (length !== undefined) args.push(String(nonNegativeInt32(length, "getpart length")));
  return miscRead("getpart", args, options, singleElementReply);
}

/** `misc iterinit`: restart the shared iterator, at `startKey` when given. */
export function miscIterInitRequest(startKey?: Bytes, options: MiscOptions = {}): TtRequest<void> {
  const args = startKey === undefined ? [] : [startKey];
  return miscRead("iterinit", args, options, noResultReply);
}

/** `misc iternext`: the next key and its value; fails at the end. */
export function miscIterNextRequest(options: MiscOptions = {}): TtRequest<KeyValue> {
  return miscRead("iternext", [], options, oneKeyValueReply);
}

/** `misc regex` (TC >= 1.4.37): records whose key matches the POSIX ERE `pattern`. */
export function miscRegexRequest(
  pattern: Bytes,
  max?: number,
  options: MiscOptions = {},
): TtRequest<KeyValue[]> {
  return miscRead("regex", regexArgs(pattern, max), options, keyValuePairsReply);
}

/** `misc sync`. */
export function miscSyncRequest(options: MiscOptions = {}): TtRequest<void> {
  return miscWrite("sync", [], options, noResultReply);
}

/** `misc optimize`: with `params` when given (see `optimizeRequest`). */
export function miscOptimizeRequest(params?: Bytes, options: MiscOptions = {}): TtRequest<void> {
  const args = params === undefined ? [] : [params];
  return miscWrite("optimize", args, options, noResultReply);
}

/** `misc vanish`: remove every record. */
export function miscVanishRequest(options: MiscOptions = {}): TtRequest<void> {
  return miscWrite("vanish", [], options, noResultReply);
}

/** `misc defrag` (hash and table only): defragment, `step` records at a time when given. */
export function miscDefragRequest(step?: number, options: MiscOptions = {}): TtRequest<void> {
  const args = step === undefined ? [] : [String(nonNegativeInt32(step, "defrag step"))];
  return miscWrite("defrag", args, options, noResultReply);
}

/** `misc cacheclear` (TC >= 1.4.37, hash and table only). */
export function miscCacheClearRequest(options: MiscOptions = {}): TtRequest<void> {
  return miscWrite("cacheclear", [], options, noResultReply);
}

/**
 * `misc error` (hash and table only): the last error of the server thread that happened to run
 * the call, so use it as a diagnostic only.
 */
export function miscErrorRequest(options: MiscOptions = {}): TtRequest<EngineError> {
  return miscRead("error", [], options, engineErrorReply);
}

/** Arguments of `regex`: the pattern, then the most records to return when given. */
export function regexArgs(pattern: Bytes, max: number | undefined): Bytes[] {
  return max === undefined ? [pattern] : [pattern, String(int32(max, "regex max"))];
}
