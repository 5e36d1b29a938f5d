import { describeTcError, TcErrorCode, type TcErrorCodeValue } from "./tc-error-code.js";

/**
 * The last Tokyo Cabinet error of a database and its sticky *fatal* flag. The real server keeps the
 * code per worker thread; the test server has one, which is one of the answers the real one gives.
 */
export class ErrorState {
  private code: TcErrorCodeValue = TcErrorCode.success;
  private fatal = false;

  /** Records a failure and returns `false`, so that a method can `return this.errors.fail(...)`. */
  fail(code: TcErrorCodeValue): false {
    this.code = code;
    return false;
  }

  /** A failure that also flags the database fatal, as a failed file copy does. */
  failFatally(code: TcErrorCodeValue): false {
    this.fatal = true;
    return this.fail(code);
  }

  get isFatal(): boolean {
    return this.fatal;
  }

  get lastError(): string {
    return describeTcError(this.code);
  }

  /** The `misc error` elements: the last error, then `"fatal"` when flagged. */
  errorElements(): Buffer[] {
    const elements = [Buffer.from(this.lastError, "latin1")];
    if (this.fatal) elements.push(Buffer.from("fatal", "latin1"));
    return elements;
  }

  reset(): void {
    this.code = TcErrorCode.success;
    this.fatal = false;
  }
}
