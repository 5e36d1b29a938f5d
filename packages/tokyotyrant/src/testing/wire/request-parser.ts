import { ReceiveBuffer } from "@tier/core/net";
import { commandNameOf, MAGIC_BYTE, type TokyoTyrantCommandName } from "./command-code.js";
import {
  isValidLength,
  MAX_ARGUMENT_COUNT,
  MAX_TEXT_LINE_SIZE,
  NAME_BUFFER_SIZE,
} from "./limits.js";
import type { ParsedInput, TtRequest } from "./requests.js";
import { unpackTtDouble } from "./tt-double.js";

/** A parse step: suspends (yields) until more bytes arrive, returns the parsed value. */
type Step<T> = Generator<void, T, void>;

const CR = 0x0d;
const LF = 0x0a;

/**
 * Reads requests from the bytes of one connection as ttserver does: field by field, in the order
 * of the C handler, checking lengths only once the fields that carry them have arrived and never
 * allocating for a length before its bytes are there. Bytes may arrive split anywhere and several
 * requests may arrive at once; `next()` returns one parsed input at a time, or `undefined` until the
 * rest of the current one has arrived.
 */
export class RequestParser {
  private readonly buffer = new ReceiveBuffer();
  /** Bytes of the current input read so far (relative to the start of the buffer). */
  private offset = 0;
  private pending: Step<ParsedInput> | undefined;
  private readingTextLine = false;

  push(chunk: Buffer): void {
    this.buffer.append(chunk);
  }

  /** Bytes received and not yet part of a returned input. */
  get bufferedBytes(): number {
    return this.buffer.length;
  }

  /** Whether part of an input has arrived and the rest has not. */
  get hasPartialInput(): boolean {
    return this.pending !== undefined;
  }

  next(): ParsedInput | undefined {
    if (!this.pending) {
      if (this.buffer.length === 0) return undefined;
      this.offset = 0;
      this.readingTextLine = false;
      this.pending = this.readInput();
    }
    const step = this.pending.next();
    if (!step.done) return undefined;
    this.finish();
    return step.value;
  }

  /**
   * At end of stream: a text line without its newline is still a line (`ttsockgets2` returns what
   * it read); a partial binary request is dropped.
   */
  finishAtEnd(): ParsedInput | undefined {
    if (!this.pending || !this.readingTextLine) return undefined;
    const line = withoutCarriageReturns(this.view(this.buffer.length));
    this.offset = this.buffer.length;
    this.finish();
    return { kind: "text-line", line };
  }

  private finish(): void {
    this.buffer.consumeTo(this.buffer.start + this.offset);
    this.offset = 0;
    this.pending = undefined;
  }

  private get available(): number {
    return this.buffer.length - this.offset;
  }

  private view(length: number): Buffer {
    const start = this.buffer.start + this.offset;
    return this.buffer.bytes.subarray(start, start + length);
  }

  private *need(length: number): Step<void> {
    while (this.available < length) yield;
  }

  private *byte(): Step<number> {
    yield* this.need(1);
    const value = this.view(1)[0]!;
    this.offset += 1;
    return value;
  }

  private *int32(): Step<number> {
    yield* this.need(4);
    const value = this.view(4).readInt32BE(0);
    this.offset += 4;
    return value;
  }

  private *uint32(): Step<number> {
    yield* this.need(4);
    const value = this.view(4).readUInt32BE(0);
    this.offset += 4;
    return value;
  }

  private *uint64(): Step<bigint> {
    yield* this.need(8);
    const value = this.view(8).readBigUInt64BE(0);
    this.offset += 8;
    return value;
  }

  /** A copy: the receive buffer is reused for later bytes. */
  private *bytes(length: number): Step<Buffer> {
    yield* this.need(length);
    const value = Buffer.from(this.view(length));
    this.offset += length;
    return value;
  }

  private *readInput(): Step<ParsedInput> {
    const first = yield* this.byte();
    if (first !== MAGIC_BYTE) {
      this.offset -= 1;
      this.readingTextLine = true;
      return { kind: "text-line", line: yield* this.textLine() };
    }
    const code = yield* this.byte();
    const command = commandNameOf(code);
    if (!command) return { kind: "unknown-command", code };
    const request = yield* this.readRequest(command);
    return request ? { kind: "request", request } : { kind: "malformed", command };
  }

  /** `ttsockgets2`: up to LF, CRs dropped, cut at 16 MiB. */
  private *textLine(): Step<Buffer> {
    let scanned = 0;
    let kept = 0;
    for (;;) {
      const bytes = this.view(this.available);
      for (; scanned < bytes.length; scanned++) {
        const byte = bytes[scanned]!;
        if (byte === LF) {
          this.offset += scanned + 1;
          return withoutCarriageReturns(bytes.subarray(0, scanned));
        }
        if (byte !== CR) kept++;
        if (kept >= MAX_TEXT_LINE_SIZE) {
          this.offset += scanned + 1;
          return withoutCarriageReturns(bytes.subarray(0, scanned + 1));
        }
      }
      yield;
    }
  }

  private *readRequest(command: TokyoTyrantCommandName): Step<TtRequest | undefined> {
    switch (command) {
      case "put":
      case "putkeep":
      case "putcat":
      case "putnr": {
        const keySize = yield* this.int32();
        const valueSize = yield* this.int32();
        if (!isValidLength(keySize) || !isValidLength(valueSize)) return undefined;
        return { command, key: yield* this.bytes(keySize), value: yield* this.bytes(valueSize) };
      }
      case "putshl": {
        const keySize = yield* this.int32();
        const valueSize = yield* this.int32();
        const width = yield* this.int32();
        if (!isValidLength(keySize) || !isValidLength(valueSize) || width < 0) return undefined;
        const key = yield* this.bytes(keySize);
        return { command, key, value: yield* this.bytes(valueSize), width };
      }
      case "out":
      case "get":
      case "vsiz": {
        const keySize = yield* this.int32();
        if (!isValidLength(keySize)) return undefined;
        return { command, key: yield* this.bytes(keySize) };
      }
      case "mget":
        return yield* this.readMget();
      case "iterinit":
      case "iternext":
      case "sync":
      case "vanish":
      case "rnum":
      case "size":
      case "stat":
        return { command };
      case "fwmkeys": {
        const prefixSize = yield* this.int32();
        const max = yield* this.int32();
        if (!isValidLength(prefixSize)) return undefined;
        return { command, prefix: yield* this.bytes(prefixSize), max };
      }
      case "addint": {
        const keySize = yield* this.int32();
        const increment = yield* this.int32();
        if (!isValidLength(keySize)) return undefined;
        return { command, key: yield* this.bytes(keySize), increment };
      }
      case "adddouble": {
        const keySize = yield* this.int32();
        const number = yield* this.bytes(16);
        if (!isValidLength(keySize)) return undefined;
        return { command, key: yield* this.bytes(keySize), increment: unpackTtDouble(number) };
      }
      case "ext":
        return yield* this.readExt();
      case "optimize":
      case "copy": {
        const size = yield* this.int32();
        if (!isValidLength(size)) return undefined;
        const text = yield* this.bytes(size);
        return command === "optimize" ? { command, params: text } : { command, path: text };
      }
      case "restore": {
        const pathSize = yield* this.int32();
        const timestamp = yield* this.uint64();
        const options = yield* this.int32();
        if (!isValidLength(pathSize)) return undefined;
        return { command, path: yield* this.bytes(pathSize), timestamp, options };
      }
      case "setmst": {
        const hostSize = yield* this.int32();
        const port = yield* this.int32();
        const timestamp = yield* this.uint64();
        const options = yield* this.int32();
        if (!isValidLength(hostSize) || port < 0) return undefined;
        return { command, host: yield* this.bytes(hostSize), port, timestamp, options };
      }
      case "misc":
        return yield* this.readMisc();
      case "repl": {
        const timestamp = yield* this.uint64();
        const serverId = yield* this.uint32();
        if (timestamp < 1n || serverId < 1) return undefined;
        return { command, timestamp, serverId };
      }
    }
  }

  /** A bad key length inside the list ends the list: the keys read so far are answered. */
  private *readMget(): Step<TtRequest | undefined> {
    const count = yield* this.int32();
    if (count < 0 || count > MAX_ARGUMENT_COUNT) return undefined;
    const keys: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const keySize = yield* this.int32();
      if (!isValidLength(keySize)) break;
      keys.push(yield* this.bytes(keySize));
    }
    return { command: "mget", keys };
  }

  private *readExt(): Step<TtRequest | undefined> {
    const nameSize = yield* this.int32();
    const options = yield* this.int32();
    const keySize = yield* this.int32();
    const valueSize = yield* this.int32();
    if (
      nameSize < 0 ||
      nameSize >= NAME_BUFFER_SIZE ||
      !isValidLength(keySize) ||
      !isValidLength(valueSize)
    ) {
      return undefined;
    }
    const name = yield* this.bytes(nameSize);
    const key = yield* this.bytes(keySize);
    return { command: "ext", name, options, key, value: yield* this.bytes(valueSize) };
  }

  /** Like `mget`: a bad argument length ends the list and the call runs with what it has. */
  private *readMisc(): Step<TtRequest | undefined> {
    const nameSize = yield* this.int32();
    const options = yield* this.int32();
    const count = yield* this.int32();
    if (nameSize < 0 || nameSize >= NAME_BUFFER_SIZE || count < 0 || count > MAX_ARGUMENT_COUNT) {
      return undefined;
    }
    const name = yield* this.bytes(nameSize);
    const args: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      const size = yield* this.int32();
      if (!isValidLength(size)) break;
      args.push(yield* this.bytes(size));
    }
    return { command: "misc", name, options, args };
  }
}

function withoutCarriageReturns(bytes: Buffer): Buffer {
  if (bytes.indexOf(CR) < 0) return Buffer.from(bytes);
  const out = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  for (const byte of bytes) if (byte !== CR) out[length++] = byte;
  return Buffer.from(out.subarray(0, length));
}
