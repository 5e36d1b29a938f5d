/**
 * `@tier/tokyotyrant/testing`: a Tokyo Tyrant compatible test server for tests of TT clients.
 *
 * It replays Tokyo Cabinet's own behaviour where a client can see it: every command and `misc`
 * function with its failure cases, the record order of hash and table files (free-space reuse
 * included), the eight maps of an on-memory database, table indexes and the query planner with
 * its `hint`, malformed input (no reply, connection closed, leftover bytes read as new requests),
 * and the requests that crash the real server (simulated: connections reset, `restart()` needed).
 *
 * What it leaves out, on purpose:
 * - Files: `copy` writes nothing (it succeeds when the target directory is writable), `restore`
 *   succeeds for any existing directory, `setmst` never connects, `repl` streams only NOPs.
 * - Token and q-gram indexes are kept as definitions only: their conditions scan the table (same
 *   records, in file order, another `hint`); the full-text operators are simplified.
 * - Of the memcached/HTTP text protocols, only `version` is answered; other lines close.
 * - `-mask` and `-tout`; the text of `misc error` and the values of `stat` describe this process.
 *
 * @module @tier/tokyotyrant/testing
 */
export type {
  ExtensionCall,
  ExtensionDatabase,
  TokyoTyrantExtension,
} from "./extension.js";
export type { TokyoTyrantDatabaseKind, TokyoTyrantTestServerOptions } from "./options.js";
export type { CommandCounts, RequestCounts } from "./request-counter.js";
export { startTokyoTyrantTestServer } from "./start-test-server.js";
export type { TestServerState, TokyoTyrantTestServer } from "./test-server.js";
export type { TokyoTyrantCommandName } from "./wire/command-code.js";
