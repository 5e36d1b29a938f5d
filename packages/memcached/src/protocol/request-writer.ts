const INITIAL_BYTES = 4096;
/** A writer that grew past this for one huge batch lets that buffer go instead of keeping it. */
const KEPT_BYTES = 256 * 1024;
const CR = 0x0d;
const LF = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const MAX_INT32 = 0x7fffffff;
/** Text up to this length is copied in by a loop rather than by Buffer's native write. */
const SHORT_TEXT = 64;

/**
 * Builds request bytes in one reused buffer that grows by half again when needed, then hands out
 * an exact-size copy. Everything written is ASCII (keys arrive as checked {@link WireKey} text),
 * except the value of a set, which `finishWithData` copies in once. One shared instance serves
 * every serializer: encoding is synchronous, so no two requests are ever interleaved.
 */
export class RequestWriter {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private offset = 0;

  /**
   * Starts a new request (or batch), dropping whatever an earlier encode left when it threw
   * half-way on a bad argument.
   */
  begin(): this {
    this.reset();
    return this;
  }

  /** A command name and its key, `mg <key>`, after whatever was written before (a batch). */
  command(name: string, keyText: string): this {
    this.ascii(name);
    this.space();
    return this.ascii(keyText);
  }

  /** A whole line without arguments, e.g. `mn`. */
  line(text: string): this {
    this.ascii(text);
    return this.endLine();
  }

  /** A space, then `text`. */
  token(text: string): this {
    this.space();
    return this.ascii(text);
  }

  /** A flag without argument, e.g. ` v`. */
  flag(letter: string): this {
    this.ensure(2);
    this.buffer[this.offset++] = SPACE;
    this.buffer[this.offset++] = letter.charCodeAt(0);
    return this;
  }

  /** A flag with its argument, e.g. ` T300`. */
  flagWith(letter: string, argument: string | number | bigint): this {
    this.flag(letter);
    if (typeof argument === "number" && Number.isSafeInteger(argument) && argument >= 0) {
      return this.decimal(argument);
    }
    return this.ascii(String(argument));
  }

  endLine(): this {
    this.ensure(2);
    this.buffer[this.offset++] = CR;
    this.buffer[this.offset++] = LF;
    return this;
  }

  /** A data block and its CRLF, copied in (for sets inside a batch). */
  dataBlock(data: Uint8Array): this {
    this.ensure(data.length + 2);
    this.buffer.set(data, this.offset);
    this.offset += data.length;
    return this.endLine();
  }

  /** The bytes written so far, copied out; the writer starts over. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.offset);
    this.buffer.copy(out, 0, 0, this.offset);
    this.reset();
    return out;
  }

  /** The bytes written so far, then `data` and CRLF, in one new buffer. */
  finishWithData(data: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(this.offset + data.length + 2);
    this.buffer.copy(out, 0, 0, this.offset);
    out.set(data, this.offset);
    out[out.length - 2] = CR;
    out[out.length - 1] = LF;
    this.reset();
    return out;
  }

  private space(): void {
    this.ensure(1);
    this.buffer[this.offset++] = SPACE;
  }

  private ascii(text: string): this {
    const length = text.length;
    this.ensure(length);
    if (length > SHORT_TEXT) {
      this.offset += this.buffer.write(text, this.offset, "latin1");
      return this;
    }
    // Keys and tokens are short: a loop costs less than a call into Buffer's native write.
    const buffer = this.buffer;
    let at = this.offset;
    for (let i = 0; i < length; i++) buffer[at++] = text.charCodeAt(i);
    this.offset = at;
    return this;
  }

  /** A non-negative safe integer in decimal, without making a string of it first. */
  private decimal(value: number): this {
    if (value > MAX_INT32) return this.ascii(String(value));
    // Below 2^31, `| 0` divides in integers, much faster than Math.floor.
    let digits = 1;
    for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
    this.ensure(digits);
    const buffer = this.buffer;
    let at = this.offset + digits;
    this.offset = at;
    let rest = value;
    do {
      buffer[--at] = ZERO + (rest % 10);
      rest = (rest / 10) | 0;
    } while (rest > 0);
    return this;
  }

  private ensure(more: number): void {
    const needed = this.offset + more;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(
      Math.max(needed, this.buffer.length + (this.buffer.length >> 1)),
    );
    this.buffer.copy(grown, 0, 0, this.offset);
    this.buffer = grown;
  }

  private reset(): void {
    this.offset = 0;
    if (this.buffer.length > KEPT_BYTES) this.buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  }
}

/** The writer every serializer shares. */
export const writer = new RequestWriter();
