import { SourceError } from "@tier/core";
import { MysqlError, type MysqlErrorCode } from "./errors.js";
import type { Redactor } from "./redact.js";

/** Where in a load mysql2 failed: getting a connection, or running the query on it. */
export type LoadPhase = "connect" | "query";

/** The fields of a mysql2 (or Node socket) error that the source looks at. */
interface DriverErrorShape {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly errno?: unknown;
  readonly sqlState?: unknown;
  readonly fatal?: unknown;
}

/** mysql2's pool says so in words only; the server says so with these error numbers. */
const POOL_FULL_MESSAGES = new Set(["Queue limit reached.", "No connections available."]);
const ER_CON_COUNT_ERROR = 1040;
const ER_TOO_MANY_USER_CONNECTIONS = 1203;

/** A mysql2 failure as a {@link MysqlError}: classified, redacted, and without the original. */
export function fromDriverError(error: unknown, phase: LoadPhase, redact: Redactor): MysqlError {
  const shape: DriverErrorShape = error !== null && typeof error === "object" ? error : {};
  const message = typeof shape.message === "string" ? shape.message : String(error);
  const errno = typeof shape.errno === "number" ? shape.errno : undefined;
  let code: MysqlErrorCode;
  if (
    POOL_FULL_MESSAGES.has(message) ||
    errno === ER_CON_COUNT_ERROR ||
    errno === ER_TOO_MANY_USER_CONNECTIONS
  ) {
    code = "E_MYSQL_OVERLOADED";
  } else if (phase === "query" && typeof shape.sqlState === "string" && shape.fatal !== true) {
    code = "E_MYSQL_SERVER";
  } else {
    code = "E_MYSQL_CONNECTION";
  }
  const prefix = phase === "connect" ? "no connection" : "query failed";
  return new MysqlError(code, `${prefix}: ${redact(message)}`, {
    ...(typeof shape.code === "string" ? { driverCode: shape.code } : {}),
    ...(errno === undefined ? {} : { errno }),
    ...(typeof shape.sqlState === "string" ? { sqlState: shape.sqlState } : {}),
  });
}

/**
 * Why a load stopped when its signal aborted. The chain aborts at its source deadline with an
 * `E_SOURCE_TIMEOUT` error, and `AbortSignal.timeout()` with a `TimeoutError`: both are timeouts.
 */
export function abortFailure(reason: unknown): MysqlError {
  const timedOut =
    (reason instanceof SourceError && reason.code === "E_SOURCE_TIMEOUT") ||
    (reason instanceof Error && reason.name === "TimeoutError");
  return timedOut
    ? new MysqlError("E_MYSQL_TIMEOUT", "the caller's deadline passed; the load was cancelled")
    : new MysqlError("E_MYSQL_ABORTED", "the caller aborted the load");
}
