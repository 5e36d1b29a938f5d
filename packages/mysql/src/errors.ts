import { SourceError, type SourceErrorCode, TierError } from "@tier/core";

/**
 * Why a load failed on the MySQL side. A `MysqlError` is the `cause` of the `SourceError` the
 * source throws; branch on its `code`:
 * - `E_MYSQL_CONNECTION`: no connection could be made (refused, reset, access denied) or it broke
 *   during the query (lost, reset); the query may or may not have run.
 * - `E_MYSQL_SERVER`: the server answered the query with an error (no such table or column...).
 * - `E_MYSQL_TIMEOUT`: no answer within `timeoutMs`, counting the wait for a connection, or the
 *   caller's signal aborted on a deadline (the chain's `sourceTimeoutMs`, `AbortSignal.timeout`);
 *   the connections still busy with the load were destroyed.
 * - `E_MYSQL_OVERLOADED`: the pool's wait queue is full (`queueLimit`) or the server refuses more
 *   connections.
 * - `E_MYSQL_ABORTED`: the caller's signal aborted the load for another reason.
 * - `E_MYSQL_CLOSED`: the source was closed.
 * - `E_MYSQL_RESULT`: the result cannot be trusted: it lacks the id column, or one id matched
 *   several rows (the id column must be unique in what the query returns).
 */
export type MysqlErrorCode =
  | "E_MYSQL_CONNECTION"
  | "E_MYSQL_SERVER"
  | "E_MYSQL_TIMEOUT"
  | "E_MYSQL_OVERLOADED"
  | "E_MYSQL_ABORTED"
  | "E_MYSQL_CLOSED"
  | "E_MYSQL_RESULT";

/** What mysql2 or the server reported, copied field by field so that nothing else rides along. */
export interface MysqlDriverDetails {
  /** mysql2's or Node's code: `ER_NO_SUCH_TABLE`, `ECONNREFUSED`, `PROTOCOL_CONNECTION_LOST`... */
  readonly driverCode?: string;
  /** The server's error number, e.g. 1146. */
  readonly errno?: number;
  /** The server's SQLSTATE, e.g. `42S02`. */
  readonly sqlState?: string;
}

/**
 * A failure of the MySQL source. It never carries the driver's error object itself: only its
 * message (with credentials redacted) and the fields in {@link MysqlDriverDetails}, so that no
 * connection setting can reach a log through it.
 */
export class MysqlError extends TierError {
  /** What failed; see the package README's failure table. */
  declare readonly code: MysqlErrorCode;
  /** mysql2's or Node's code, when there was one. */
  readonly driverCode: string | undefined;
  /** The server's error number, when the server gave one. */
  readonly errno: number | undefined;
  /** The server's SQLSTATE, when the server gave one. */
  readonly sqlState: string | undefined;

  constructor(code: MysqlErrorCode, message: string, details: MysqlDriverDetails = {}) {
    super(code, `[mysql] ${message}`);
    this.name = "MysqlError";
    this.driverCode = details.driverCode;
    this.errno = details.errno;
    this.sqlState = details.sqlState;
  }
}

/** How the chain should read a MySQL failure: as a timeout, an overload, or a plain failure. */
const SOURCE_CODE: Readonly<Record<MysqlErrorCode, SourceErrorCode>> = {
  E_MYSQL_CONNECTION: "E_SOURCE_FAILED",
  E_MYSQL_SERVER: "E_SOURCE_FAILED",
  E_MYSQL_TIMEOUT: "E_SOURCE_TIMEOUT",
  E_MYSQL_OVERLOADED: "E_SOURCE_OVERLOADED",
  E_MYSQL_ABORTED: "E_SOURCE_FAILED",
  E_MYSQL_CLOSED: "E_SOURCE_FAILED",
  E_MYSQL_RESULT: "E_SOURCE_FAILED",
};

/** The `SourceError` for a failed load of `keys`; anything not a `MysqlError` is a plain failure. */
export function toSourceError(
  error: unknown,
  source: string,
  keys: readonly string[],
): SourceError {
  if (error instanceof SourceError) return error;
  const code = error instanceof MysqlError ? SOURCE_CODE[error.code] : "E_SOURCE_FAILED";
  return new SourceError(code, source, keys, { cause: error });
}
