/*
 * Test-only reader of request frames, written from PROTOCOL.md §2 independently of the
 * serializers: it turns recorded request bytes back into typed arguments, so the serializers can
 * be called with real arguments and compared with the recorded bytes.
 */

export interface ParsedFrame {
  readonly opcode: number;
  /** Header numbers by name (`width`, `num`, `max`, `opts`, `port`, `integ`, `fract`, `ts`). */
  readonly numbers: Readonly<Record<string, bigint>>;
  /** Data fields by name (`key`, `value`, `name`, `prefix`, `path`, `host`, `params`). */
  readonly fields: Readonly<Record<string, Buffer>>;
  /** mget keys, misc arguments. */
  readonly list: readonly Buffer[];
  readonly bytes: Buffer;
}

type HeaderItem = readonly [kind: "len" | "i32" | "u32" | "i64" | "u64" | "count", name: string];

const LAYOUTS: Readonly<Record<number, readonly HeaderItem[]>> = {
  16: [
    ["len", "key"],
    ["len", "value"],
  ],
  17: [
    ["len", "key"],
    ["len", "value"],
  ],
  18: [
    ["len", "key"],
    ["len", "value"],
  ],
  19: [
    ["len", "key"],
    ["len", "value"],
    ["i32", "width"],
  ],
  24: [
    ["len", "key"],
    ["len", "value"],
  ],
  32: [["len", "key"]],
  48: [["len", "key"]],
  49: [["count", "keys"]],
  56: [["len", "key"]],
  80: [],
  81: [],
  88: [
    ["len", "prefix"],
    ["i32", "max"],
  ],
  96: [
    ["len", "key"],
    ["i32", "num"],
  ],
  97: [
    ["len", "key"],
    ["i64", "integ"],
    ["i64", "fract"],
  ],
  104: [
    ["len", "name"],
    ["u32", "opts"],
    ["len", "key"],
    ["len", "value"],
  ],
  112: [],
  113: [["len", "params"]],
  114: [],
  115: [["len", "path"]],
  116: [
    ["len", "path"],
    ["u64", "ts"],
    ["u32", "opts"],
  ],
  120: [
    ["len", "host"],
    ["i32", "port"],
    ["u64", "ts"],
    ["u32", "opts"],
  ],
  128: [],
  129: [],
  136: [],
  144: [
    ["len", "name"],
    ["u32", "opts"],
    ["count", "args"],
  ],
};

const MAX_ARG_BYTES = 268_435_456;
const MAX_ARG_COUNT = 1_048_576;

export type ReadResult =
  | { readonly frame: ParsedFrame; readonly end: number }
  | { readonly malformed: string };

/** Reads the frame at `at`, or says why the server would not accept it. */
export function readFrame(bytes: Buffer, at: number): ReadResult {
  let pos = at;
  const need = (n: number) => pos + n <= bytes.length;
  if (!need(2)) return { malformed: "truncated before the command byte" };
  if (bytes[pos] !== 0xc8) return { malformed: "not a binary frame (no 0xC8 magic)" };
  const opcode = bytes[pos + 1]!;
  pos += 2;
  const layout = LAYOUTS[opcode];
  if (layout === undefined) return { malformed: `unknown command 0x${opcode.toString(16)}` };
  const lengths: [string, number][] = [];
  const numbers: Record<string, bigint> = {};
  let listCount = -1;
  for (const [kind, name] of layout) {
    const size = kind === "i64" || kind === "u64" ? 8 : 4;
    if (!need(size)) return { malformed: "truncated header" };
    if (kind === "len" || kind === "count") {
      const n = bytes.readInt32BE(pos);
      const max = kind === "count" ? MAX_ARG_COUNT : name === "name" ? 1023 : MAX_ARG_BYTES;
      if (n < 0 || n > max) return { malformed: `${name} length/count ${n} out of range` };
      if (kind === "len") lengths.push([name, n]);
      else listCount = n;
    } else if (kind === "i32") numbers[name] = BigInt(bytes.readInt32BE(pos));
    else if (kind === "u32") numbers[name] = BigInt(bytes.readUInt32BE(pos));
    else if (kind === "i64") numbers[name] = bytes.readBigInt64BE(pos);
    else numbers[name] = bytes.readBigUInt64BE(pos);
    pos += size;
  }
  const fields: Record<string, Buffer> = {};
  for (const [name, n] of lengths) {
    if (!need(n)) return { malformed: `truncated ${name}` };
    fields[name] = bytes.subarray(pos, pos + n);
    pos += n;
  }
  const list: Buffer[] = [];
  for (let i = 0; i < listCount; i++) {
    if (!need(4)) return { malformed: "truncated list item length" };
    const n = bytes.readInt32BE(pos);
    if (n < 0 || n > MAX_ARG_BYTES) return { malformed: `list item length ${n} out of range` };
    if (!need(4 + n)) return { malformed: "truncated list item" };
    list.push(bytes.subarray(pos + 4, pos + 4 + n));
    pos += 4 + n;
  }
  return { frame: { opcode, numbers, fields, list, bytes: bytes.subarray(at, pos) }, end: pos };
}

/** Every frame of a request stream, and why the rest (if any) is not a frame. */
export function readFrames(bytes: Buffer): { frames: ParsedFrame[]; malformedRest?: string } {
  const frames: ParsedFrame[] = [];
  let at = 0;
  while (at < bytes.length) {
    const read = readFrame(bytes, at);
    if ("malformed" in read) return { frames, malformedRest: read.malformed };
    frames.push(read.frame);
    at = read.end;
  }
  return { frames };
}
