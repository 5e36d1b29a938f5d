/** Stable codes of the demo's own failures; `main` maps each to an exit code and a message. */
export type DemoErrorCode =
  | "E_USAGE"
  | "E_MYSQL_UNREACHABLE"
  | "E_SERVICE_UNAVAILABLE"
  | "E_SEED_FAILED"
  | "E_INTERRUPTED";

/** A failure of the demo itself, with a message meant for the person who ran it. */
export class DemoError extends Error {
  override readonly name = "DemoError";
  readonly code: DemoErrorCode;

  constructor(code: DemoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
