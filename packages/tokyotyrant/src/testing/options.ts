import type { DatabaseKind } from "./engine/database.js";
import type { TokyoTyrantExtension } from "./extension.js";

/**
 * The database a test server holds, as the path of a real ttserver names it: `"hash"` (a `*.tch`
 * file), `"table"` (a `*.tct` file) or `"memory"` (`*`, the on-memory hash database).
 *
 * @useDeclaredType
 */
export type TokyoTyrantDatabaseKind = DatabaseKind;

/** Options of {@link startTokyoTyrantTestServer}. */
export interface TokyoTyrantTestServerOptions {
  /** Which database the server holds. Hash and table data survive `restart()`; memory does not. */
  readonly database: TokyoTyrantDatabaseKind;
  /** Address to listen on. Default `"127.0.0.1"`; keep tests on loopback. */
  readonly host?: string;
  /** Port to listen on. Default `0`: a free port, which the handle reports and `restart()` keeps. */
  readonly port?: number;
  /**
   * Functions the `ext` command may call, by name (what `ttserver -ext` loads as Lua functions).
   * Default: none, so every `ext` call fails, as on a server started without `-ext`.
   */
  readonly extensions?: Readonly<Record<string, TokyoTyrantExtension>>;
  /** The server id (`-sid`) that `stat` shows and `repl` answers with. Default `0`. */
  readonly serverId?: number;
}

export interface ResolvedTestServerOptions {
  readonly database: TokyoTyrantDatabaseKind;
  readonly host: string;
  readonly port: number;
  readonly extensions: Readonly<Record<string, TokyoTyrantExtension>>;
  readonly serverId: number;
}
