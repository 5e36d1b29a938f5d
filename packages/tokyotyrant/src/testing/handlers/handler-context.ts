import type { Database } from "../engine/database.js";
import type { RequestCounter } from "../request-counter.js";
import type { ExtensionRegistry } from "./extension-registry.js";

/** The master a `setmst` configured; `stat` shows it. The test server never connects to it. */
export interface MasterSettings {
  readonly host: string;
  readonly port: number;
  readonly timestamp: bigint;
  readonly options: number;
}

/** What a handler may read and change besides the request. */
export interface HandlerContext {
  readonly database: Database;
  readonly extensions: ExtensionRegistry;
  /** Counters `stat` reports (since the simulated process started). */
  readonly processCounters: RequestCounter;
  /** Counters of the handle, kept across restarts. */
  readonly lifetimeCounters: RequestCounter;
  readonly serverId: number;
  /** `Date.now()` when the simulated process started. */
  startedAt: number;
  master: MasterSettings | undefined;
}

/** The connection a request came on. */
export interface ConnectionInfo {
  /** A small number naming the connection, shown as `fd` by `stat`. */
  readonly number: number;
}

/** What to do after a request. */
export interface HandlerResult {
  readonly reply?: Buffer;
  /**
   * Whether the connection waits for the next request (`req->keep` in ttserver). When false and no
   * other bytes are buffered, the connection is closed.
   */
  readonly keep: boolean;
  /** A valid `repl` turns the connection into a replication stream for the rest of its life. */
  readonly replicationStream?: boolean;
}

export function answer(reply: Buffer): HandlerResult {
  return { reply, keep: true };
}

/** No reply and no wait for another request: what a malformed request gets. */
export const DROP: HandlerResult = { keep: false };
