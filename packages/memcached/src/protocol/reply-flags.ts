import { protocolError } from "../errors.js";

/**
 * The flags a reply carries, for those the request asked for, plus the lease flags the server
 * adds on its own. A flag this codec does not know is skipped, so a newer server's extra flags
 * do not break it; a known flag with a malformed value is a protocol error.
 */
export interface ReplyFlags {
  /** `O`: the request's opaque token, echoed. */
  readonly opaque?: string;
  /** `k`: the key as it was on the wire (base64 text when `base64Key`). */
  readonly key?: string;
  /** `b`: the echoed key is base64. */
  readonly base64Key: boolean;
  /** `c`: the item's CAS value. */
  readonly cas?: bigint;
  /** `f`: the client flags stored with the item. */
  readonly clientFlags?: number;
  /** `t`: seconds until the item expires; -1 when it never does. */
  readonly ttl?: number;
  /** `s`: the item's value size in bytes. */
  readonly size?: number;
  /** `h`: whether the item had been read before this request. */
  readonly hitBefore?: boolean;
  /** `l`: seconds since the item was last read, before this request. */
  readonly lastAccessSeconds?: number;
  /**
   * `W`: this client won the right to recompute the item: it created the placeholder (`N` on a
   * miss), its `R` threshold was passed first, or it is the first to read a stale item.
   */
  readonly win: boolean;
  /** `X`: the item is stale (marked by `md` with `I`, or `ms` with `I` and an older CAS). */
  readonly stale: boolean;
  /** `Z`: another client already won; this one should not recompute the item. */
  readonly alreadyWon: boolean;
}

/** The flags of a reply that carried none (and of a quiet request's implied success). */
export const NO_FLAGS: ReplyFlags = Object.freeze({
  base64Key: false,
  win: false,
  stale: false,
  alreadyWon: false,
});

/**
 * Flags as they are parsed: every field present from the start, so that every reply's flags have
 * one shape (one hidden class), which keeps parsing and every later read of them fast. Fields a
 * reply did not carry stay undefined, which is what `ReplyFlags` leaves out.
 */
class MutableFlags {
  opaque: string | undefined = undefined;
  key: string | undefined = undefined;
  base64Key = false;
  cas: bigint | undefined = undefined;
  clientFlags: number | undefined = undefined;
  ttl: number | undefined = undefined;
  size: number | undefined = undefined;
  hitBefore: boolean | undefined = undefined;
  lastAccessSeconds: number | undefined = undefined;
  win = false;
  stale = false;
  alreadyWon = false;
}

const MAX_OPAQUE_LENGTH = 32;
const MAX_KEY_LENGTH = 250;
const MAX_UINT32 = 0xffffffff;
const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_DIGITS = 20;
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;

/**
 * Parses the flags of a reply line, `bytes[from, end)`: tokens `<letter><value>` separated by
 * single spaces. Works on the bytes, without building the line as a string, since it runs for
 * every reply of every batch.
 */
export function parseReplyFlags(bytes: Buffer, from: number, end: number): ReplyFlags {
  if (from >= end) return NO_FLAGS;
  const flags = new MutableFlags();
  let start = from;
  while (start <= end) {
    let stop = start;
    while (stop < end && bytes[stop] !== SPACE) stop++;
    if (stop === start) bad(bytes, start, stop);
    readFlag(flags, bytes, start, stop);
    start = stop + 1;
  }
  return flags as ReplyFlags;
}

function readFlag(flags: MutableFlags, bytes: Buffer, start: number, stop: number): void {
  const value = start + 1;
  switch (bytes[start]) {
    case 0x4f: // O
      flags.opaque = opaqueText(bytes, start, stop);
      break;
    case 0x6b: // k
      flags.key = text(bytes, start, stop, MAX_KEY_LENGTH);
      break;
    case 0x62: // b
      bare(bytes, start, stop);
      flags.base64Key = true;
      break;
    case 0x63: // c
      digits(bytes, start, stop);
      flags.cas = BigInt(bytes.toString("latin1", value, stop));
      if (flags.cas > MAX_UINT64) bad(bytes, start, stop);
      break;
    case 0x66: // f
      flags.clientFlags = uint32(bytes, start, stop);
      break;
    case 0x74: // t
      flags.ttl =
        stop - value === 2 && bytes[value] === MINUS && bytes[value + 1] === ZERO + 1
          ? -1
          : uint32(bytes, start, stop);
      break;
    case 0x73: // s
      flags.size = uint32(bytes, start, stop);
      break;
    case 0x68: // h
      if (stop - value !== 1 || (bytes[value] !== ZERO && bytes[value] !== ZERO + 1)) {
        bad(bytes, start, stop);
      }
      flags.hitBefore = bytes[value] === ZERO + 1;
      break;
    case 0x6c: // l
      flags.lastAccessSeconds = uint32(bytes, start, stop);
      break;
    case 0x57: // W
      bare(bytes, start, stop);
      flags.win = true;
      break;
    case 0x58: // X
      bare(bytes, start, stop);
      flags.stale = true;
      break;
    case 0x5a: // Z
      bare(bytes, start, stop);
      flags.alreadyWon = true;
      break;
    default:
      // A flag this codec does not know: a newer server's addition.
      break;
  }
}

/** A decimal number of 1..10 digits, at most `max`, from `bytes[from, end)`; throws otherwise. */
export function parseDecimal(
  bytes: Buffer,
  from: number,
  end: number,
  max: number,
): number | undefined {
  if (end <= from || end - from > 10) return undefined;
  let n = 0;
  for (let i = from; i < end; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) return undefined;
    n = n * 10 + (c - ZERO);
  }
  return n <= max ? n : undefined;
}

function uint32(bytes: Buffer, start: number, stop: number): number {
  const n = parseDecimal(bytes, start + 1, stop, MAX_UINT32);
  if (n === undefined) bad(bytes, start, stop);
  return n;
}

function digits(bytes: Buffer, start: number, stop: number): void {
  if (stop - start - 1 < 1 || stop - start - 1 > MAX_DIGITS) bad(bytes, start, stop);
  for (let i = start + 1; i < stop; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) bad(bytes, start, stop);
  }
}

function text(bytes: Buffer, start: number, stop: number, maxLength: number): string {
  if (stop - start - 1 < 1 || stop - start - 1 > maxLength) bad(bytes, start, stop);
  return bytes.toString("latin1", start + 1, stop);
}

/**
 * The opaque token as text. Tokens are usually plain decimals (what this client sends): those are
 * parsed and printed again, which costs a fraction of decoding the bytes as a string.
 */
function opaqueText(bytes: Buffer, start: number, stop: number): string {
  const length = stop - start - 1;
  if (length < 1 || length > 15 || (length > 1 && bytes[start + 1] === ZERO)) {
    return text(bytes, start, stop, MAX_OPAQUE_LENGTH);
  }
  let value = 0;
  for (let i = start + 1; i < stop; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) return text(bytes, start, stop, MAX_OPAQUE_LENGTH);
    value = value * 10 + (c - ZERO);
  }
  return String(value);
}

function bare(bytes: Buffer, start: number, stop: number): void {
  if (stop - start !== 1) bad(bytes, start, stop);
}

function bad(bytes: Buffer, start: number, stop: number): never {
  throw protocolError(
    `malformed reply flag ${JSON.stringify(bytes.toString("latin1", start, stop))}`,
  );
}
