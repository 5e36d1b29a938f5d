import type { TokyoTyrantDatabaseKind } from "./options.js";
import type { RequestCounts } from "./request-counter.js";
import type { TokyoTyrantCommandName } from "./wire/command-code.js";

/**
 * - `listening`: accepting connections and answering.
 * - `stalled`: connections are accepted and kept, nothing is read or answered until `resume()`.
 * - `stopped`: after `stop()`; the port is free.
 * - `crashed`: a request that aborts the real ttserver arrived; every connection was reset and the
 *   port is free until `restart()`.
 */
export type TestServerState = "listening" | "stalled" | "stopped" | "crashed";

/** A running TT-compatible test server. */
export interface TokyoTyrantTestServer extends AsyncDisposable {
  readonly host: string;
  /** The port it listens on; `restart()` listens on the same one. */
  readonly port: number;
  /** `host:port`. */
  readonly address: string;
  readonly database: TokyoTyrantDatabaseKind;
  readonly state: TestServerState;
  /** Records in the database (what `rnum` answers). */
  readonly recordCount: number;
  /** Client connections currently open. */
  readonly connectionCount: number;
  /** Why the server crashed, while `state` is `"crashed"`. */
  readonly crashReason: string | undefined;

  /** Requests received for one binary command since the start or the last reset. */
  requestCount(command: TokyoTyrantCommandName): number;
  /** `misc` calls of one function since the start or the last reset. */
  miscCallCount(name: string): number;
  /**
   * Every count at once, per command and per `misc` function, since the start or the last reset.
   */
  requestCounts(): RequestCounts;
  /** Starts every request count over. */
  resetRequestCounts(): void;

  /** Closes the listener and every connection; resolves when all are closed. Data is kept. */
  stop(): Promise<void>;
  /**
   * Stops (if running) and listens again on the same port, like a restarted ttserver: hash and
   * table data are kept, an on-memory database starts empty, iterator and `stat` counters restart.
   */
  restart(): Promise<void>;
  /**
   * Freezes the server like a SIGSTOPped process: connections stay open and new ones are accepted,
   * but nothing is read or answered. Bytes that arrive meanwhile are answered after `resume()`.
   */
  stall(): void;
  /** Ends a `stall()`: what arrived meanwhile is read and answered, in order. */
  resume(): void;
  /** Resets every client connection at once (TCP RST); the server keeps listening. */
  dropConnections(): void;
}
