import { invalidArgument } from "../errors.js";
import { ServerLimit } from "./limits.js";

/** Keys, values and arguments: raw bytes, or a string sent as UTF-8 (lengths count the bytes). */
export type Bytes = Uint8Array | string;

/** An argument with its byte length measured once: lengths go on the wire before the data. */
export interface Field {
  readonly data: Bytes;
  readonly size: number;
}

/** Measures `data`, refusing what the server would drop the connection for (`MAXARGSIZ`). */
export function field(data: Bytes, what: string): Field {
  let size: number;
  if (typeof data === "string") size = Buffer.byteLength(data, "utf8");
  else if (data instanceof Uint8Array) size = data.byteLength;
  else throw invalidArgument(`${what} must be a string or a Uint8Array`);
  if (size > ServerLimit.maxArgumentBytes) {
    throw invalidArgument(
      `${what} is ${size} bytes; the server accepts at most ${ServerLimit.maxArgumentBytes}`,
    );
  }
  return { data, size };
}

/** A `misc` or `ext` function name: the server needs it shorter than 1024 bytes. */
export function functionName(name: Bytes): Field {
  const measured = field(name, "function name");
  if (measured.size >= ServerLimit.functionNameBytesBelow) {
    throw invalidArgument(
      `function name is ${measured.size} bytes; it must be shorter than ${ServerLimit.functionNameBytesBelow}`,
    );
  }
  return measured;
}

/** Refuses more list items than one request may carry (`MAXARGNUM`). */
export function checkArgumentCount(count: number, what: string): void {
  if (count > ServerLimit.maxArgumentCount) {
    throw invalidArgument(
      `${count} ${what}; the server accepts at most ${ServerLimit.maxArgumentCount} in one request`,
    );
  }
}

/**
 * Undocumented but on `Buffer.prototype` since Node 0.x: `write(string, at, "utf8")` ends up
 * here after normalizing its arguments, which costs more than the copy for short keys.
 */
export interface BufferWriteShortcuts {
  utf8Write(text: string, at: number): number;
  latin1Write(text: string, at: number): number;
}
