import { protocolError } from "../errors.js";
import type { ReplyLimits } from "./limits.js";
import { parseDecimal, parseReplyFlags, type ReplyFlags } from "./reply-flags.js";
import { copyValue } from "./value-copy.js";

/** The two-letter codes of meta replies. `VA` is followed by a data block. */
export type ReplyStatus = "VA" | "HD" | "EN" | "NF" | "NS" | "EX" | "MN";

export interface StatusReply {
  readonly status: ReplyStatus;
  readonly flags: ReplyFlags;
  /** The data block of a `VA` reply, copied out of the receive buffer; undefined otherwise. */
  readonly data: Uint8Array | undefined;
  /** Offset just past the reply. */
  readonly end: number;
}

/**
 * An error line instead of a reply. memcached sends exactly one line per failed command, and
 * after a failed `ms` whose size it could read it skips the data block, so the stream stays in
 * step except where the decoders say otherwise.
 */
export interface ErrorLine {
  readonly status: "SERVER_ERROR" | "CLIENT_ERROR" | "ERROR";
  /** The text after the code, e.g. `object too large for cache`. */
  readonly message: string;
  /** Offset just past the line. */
  readonly end: number;
}

export type RawReply = StatusReply | ErrorLine;

const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const MAX_SIZE = 0xffffffff;

/**
 * Reads the reply that starts at `from`: its line and, for `VA`, its data block. Returns undefined
 * while bytes are missing, and throws a `ProtocolError` for bytes no memcached sends: a line that
 * is too long or holds control or non-ASCII bytes, a bare LF, an unknown code, a size over the cap
 * (checked before any wait), a data block not followed by CRLF.
 */
export function readReply(
  bytes: Buffer,
  from: number,
  end: number,
  limits: ReplyLimits,
): RawReply | undefined {
  const lineEnd = findLineEnd(bytes, from, end, limits.maxLineBytes);
  if (lineEnd === undefined) return undefined;
  const afterLine = lineEnd + 2;
  const error = errorLine(bytes, from, lineEnd);
  if (error !== undefined) return error;

  const status = statusOf(bytes, from, lineEnd);
  if (status !== "VA") {
    const flags = parseReplyFlags(bytes, from + 3, lineEnd);
    return { status, flags, data: undefined, end: afterLine };
  }

  let sizeEnd = from + 3;
  while (sizeEnd < lineEnd && bytes[sizeEnd] !== SPACE) sizeEnd++;
  const size = parseDecimal(bytes, from + 3, sizeEnd, MAX_SIZE);
  if (size === undefined) {
    throw protocolError(`malformed value size in ${describeLine(bytes, from, lineEnd)}`);
  }
  if (size > limits.maxValueBytes) {
    throw protocolError(`a value of ${size} bytes exceeds maxValueBytes (${limits.maxValueBytes})`);
  }
  const flags = parseReplyFlags(bytes, sizeEnd + 1, lineEnd);
  const dataEnd = afterLine + size;
  if (end < dataEnd + 2) return undefined;
  if (bytes[dataEnd] !== CR || bytes[dataEnd + 1] !== LF) {
    throw protocolError(`a ${size}-byte value is not followed by CRLF`);
  }
  return { status: "VA", flags, data: copyValue(bytes, afterLine, size), end: dataEnd + 2 };
}

/** Two-letter codes by their two bytes, `first << 8 | second`. */
const STATUS_BY_BYTES: ReadonlyMap<number, ReplyStatus> = new Map(
  (["VA", "HD", "EN", "NF", "NS", "EX", "MN"] as const).map((code) => [
    (code.charCodeAt(0) << 8) | code.charCodeAt(1),
    code,
  ]),
);

/** The two-letter code that starts the line, followed by a space or the line's end. */
function statusOf(bytes: Buffer, from: number, lineEnd: number): ReplyStatus {
  if (lineEnd - from >= 2 && (lineEnd - from === 2 || bytes[from + 2] === SPACE)) {
    const status = STATUS_BY_BYTES.get(
      ((bytes[from] as number) << 8) | (bytes[from + 1] as number),
    );
    if (status !== undefined) return status;
  }
  throw protocolError(`unknown reply ${describeLine(bytes, from, lineEnd)}`);
}

/** The offset of the CR ending the line at `from`, or undefined while the line is incomplete. */
function findLineEnd(
  bytes: Buffer,
  from: number,
  end: number,
  maxLineBytes: number,
): number | undefined {
  const stop = Math.min(end, from + maxLineBytes + 1);
  for (let i = from; i < stop; i++) {
    const c = bytes[i] as number;
    if (c === CR) {
      if (i + 1 >= end) return undefined;
      if (bytes[i + 1] !== LF) throw protocolError("a CR inside a reply line");
      return i;
    }
    if (c < 0x20 || c > 0x7e) {
      throw protocolError(
        c === LF ? "a reply line ended by LF alone" : `byte 0x${c.toString(16)} in a reply line`,
      );
    }
  }
  if (end - from > maxLineBytes) {
    throw protocolError(`a reply line longer than maxLineBytes (${maxLineBytes})`);
  }
  return undefined;
}

const ERROR_STATUSES = ["SERVER_ERROR", "CLIENT_ERROR", "ERROR"] as const;
const S = 0x53;
const C = 0x43;
const E = 0x45;
const R = 0x52;

function errorLine(bytes: Buffer, from: number, lineEnd: number): ErrorLine | undefined {
  const first = bytes[from];
  // Only lines starting "S", "C" or "ER" can be error lines: skip the rest without a string.
  if (first !== S && first !== C && (first !== E || bytes[from + 1] !== R)) return undefined;
  const line = bytes.toString("latin1", from, lineEnd);
  const end = lineEnd + 2;
  for (const status of ERROR_STATUSES) {
    if (line === status) return { status, message: "", end };
    if (line.startsWith(status) && line.charCodeAt(status.length) === SPACE) {
      return { status, message: line.slice(status.length + 1), end };
    }
  }
  return undefined;
}

function describeLine(bytes: Buffer, from: number, lineEnd: number): string {
  const line = bytes.toString("latin1", from, Math.min(lineEnd, from + 60));
  return JSON.stringify(lineEnd - from > 60 ? `${line}...` : line);
}

export function isErrorLine(reply: RawReply): reply is ErrorLine {
  return (
    reply.status === "SERVER_ERROR" || reply.status === "CLIENT_ERROR" || reply.status === "ERROR"
  );
}
