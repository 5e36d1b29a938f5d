import type { TokyoTyrantTestServerOptions } from "./options.js";
import { resolveTestServerOptions } from "./resolve-options.js";
import { TestServer } from "./server.js";
import type { TokyoTyrantTestServer } from "./test-server.js";

/**
 * Starts a TCP server that speaks the Tokyo Tyrant binary protocol like ttserver 1.1.41 with a
 * hash, table or on-memory database held in memory. It answers the recorded transcripts byte for
 * byte, including failures and malformed input; `index.ts` lists what it leaves out.
 *
 * ```ts
 * await using server = await startTokyoTyrantTestServer({ database: "hash" });
 * // connect a client to server.host:server.port
 * ```
 */
export async function startTokyoTyrantTestServer(
  options: TokyoTyrantTestServerOptions,
): Promise<TokyoTyrantTestServer> {
  return TestServer.start(resolveTestServerOptions(options));
}
