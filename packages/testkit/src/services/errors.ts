/**
 * Stable codes, so tests branch on the code rather than on message text.
 *
 * - `E_BINARY_NOT_FOUND`: the server's binary is not installed (or not on `PATH`).
 * - `E_START_FAILED`: the server exited or did not answer within its start timeout.
 * - `E_INVALID_OPTION`: an unusable option.
 * - `E_NOT_RUNNING`: `stall`/`resume` on a server that is not running.
 */
export type ServiceErrorCode =
  | "E_BINARY_NOT_FOUND"
  | "E_START_FAILED"
  | "E_INVALID_OPTION"
  | "E_NOT_RUNNING";

export class ServiceError extends Error {
  readonly code: ServiceErrorCode;

  constructor(code: ServiceErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[services] ${message}`, options);
    this.name = "ServiceError";
    this.code = code;
  }
}
