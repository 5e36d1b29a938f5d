/**
 * Stable codes, so tests branch on the code rather than on message text.
 *
 * - `E_INVALID_FAULT`: `setFault` got a fault it cannot apply (unknown kind, negative byte count…).
 * - `E_INVALID_OPTION`: `startFaultProxy` got an unusable option.
 * - `E_LISTEN_FAILED`: the listening socket could not be opened (or re-opened after a pause).
 * - `E_CLOSED`: the proxy was closed; it cannot listen again.
 */
export type FaultProxyErrorCode =
  | "E_INVALID_FAULT"
  | "E_INVALID_OPTION"
  | "E_LISTEN_FAILED"
  | "E_CLOSED";

export class FaultProxyError extends Error {
  readonly code: FaultProxyErrorCode;

  constructor(code: FaultProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[fault-proxy] ${message}`, options);
    this.name = "FaultProxyError";
    this.code = code;
  }
}
