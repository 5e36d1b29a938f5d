import type { KeyValue } from "./decoders/item-readers.js";
import { protocolError } from "./decoders/protocol-error.js";
import { DONE, failed, type Reply, succeeded } from "./reply.js";

/*
 * How `misc` helpers read their elements. A reply with no elements where the function always
 * returns some is what `-mask` produces: `Failed` with status 0. An element count the function
 * can never return is a `ProtocolError`.
 */

/** Functions without a result (put, out, putlist, sync, ...): the elements are not looked at. */
export function noResult(): Reply<void> {
  return DONE;
}

/** `get`, `getpart`: exactly one element. */
export function singleElement(elements: Buffer[]): Reply<Buffer> {
  if (elements.length === 0) return failed(0);
  if (elements.length !== 1) throw unexpectedCount(elements.length, "1");
  return succeeded(elements[0]!);
}

/** `getlist`, `regex`: key, value, key, value... */
export function keyValuePairs(elements: Buffer[]): Reply<KeyValue[]> {
  return succeeded(pairUp(elements, (key, value) => ({ key, value })));
}

/** `iternext`: one key and its value. */
export function oneKeyValue(elements: Buffer[]): Reply<KeyValue> {
  if (elements.length === 0) return failed(0);
  if (elements.length !== 2) throw unexpectedCount(elements.length, "2");
  return succeeded({ key: elements[0]!, value: elements[1]! });
}

/** `genuid`, `search ... count`: one decimal number. A negative `genuid` is the server's failure. */
export function decimalElement(elements: Buffer[]): Reply<number> {
  if (elements.length === 0) return failed(0);
  if (elements.length !== 1) throw unexpectedCount(elements.length, "1");
  const text = elements[0]!.toString("latin1");
  if (!/^-?\d{1,16}$/.test(text)) throw protocolError(`expected a decimal number, got "${text}"`);
  const value = Number(text);
  return value < 0 ? failed(0) : succeeded(value);
}

/** The result of `misc error`: the text of the serving thread's last error. */
export interface EngineError {
  readonly message: string;
  /** The database is flagged fatal (after a failed copy, until `vanish` or a reopen). */
  readonly fatal: boolean;
}

/** `error`: `["<code>: <message>"]`, plus a `"fatal"` element when the database is fatal. */
export function engineError(elements: Buffer[]): Reply<EngineError> {
  if (elements.length === 0) return failed(0);
  if (elements.length > 2) throw unexpectedCount(elements.length, "1 or 2");
  return succeeded({
    message: elements[0]!.toString("utf8"),
    fatal: elements[1]?.toString("latin1") === "fatal",
  });
}

/** Pairs up alternating elements; an odd count is something no server sends. */
export function pairUp<T>(elements: Buffer[], pair: (first: Buffer, second: Buffer) => T): T[] {
  if (elements.length % 2 !== 0) {
    throw protocolError(`expected pairs of elements, got an odd count (${elements.length})`);
  }
  const pairs: T[] = new Array(elements.length / 2);
  for (let i = 0; i < elements.length; i += 2) pairs[i / 2] = pair(elements[i]!, elements[i + 1]!);
  return pairs;
}

function unexpectedCount(count: number, expected: string) {
  return protocolError(`expected ${expected} element(s) in the misc reply, got ${count}`);
}
