import {
  createTokyoTyrantClient,
  type TokyoTyrantClient,
  type TokyoTyrantClientOptions,
} from "../../../src/index.js";
import {
  startTokyoTyrantTestServer,
  type TokyoTyrantDatabaseKind,
  type TokyoTyrantTestServer,
  type TokyoTyrantTestServerOptions,
} from "../../../src/testing/index.js";

/** Several test servers that stop together. */
export interface ServerGroup extends AsyncDisposable {
  readonly servers: readonly TokyoTyrantTestServer[];
  readonly addresses: readonly string[];
}

export async function startServers(
  count: number,
  database: TokyoTyrantDatabaseKind,
  options: Omit<TokyoTyrantTestServerOptions, "database"> = {},
): Promise<ServerGroup> {
  const servers: TokyoTyrantTestServer[] = [];
  try {
    for (let i = 0; i < count; i++) {
      servers.push(await startTokyoTyrantTestServer({ ...options, database }));
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return {
    servers,
    addresses: servers.map((s) => s.address),
    async [Symbol.asyncDispose]() {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** A client for `servers` with deadlines generous enough for a loaded 2-core machine. */
export function clientFor(
  servers: string | readonly string[],
  options: Omit<TokyoTyrantClientOptions, "servers"> = {},
): TokyoTyrantClient {
  return createTokyoTyrantClient({ timeoutMs: 5000, connectTimeoutMs: 2000, ...options, servers });
}

/** One test server and a client for it, disposed together. */
export interface ServerAndClient extends AsyncDisposable {
  readonly server: TokyoTyrantTestServer;
  readonly client: TokyoTyrantClient;
}

export async function serverAndClient(
  serverOptions: TokyoTyrantTestServerOptions,
  clientOptions: Omit<TokyoTyrantClientOptions, "servers"> = {},
): Promise<ServerAndClient> {
  const server = await startTokyoTyrantTestServer(serverOptions);
  const client = clientFor(server.address, clientOptions);
  return {
    server,
    client,
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.stop();
    },
  };
}

/**
 * The value every test stores under `key`: derived from the key, so any answer can be checked
 * against the key it was asked for, and of varied length (up to ~600 bytes), so replies end at
 * many different offsets.
 */
export function valueFor(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return `v:${key}:${"#".repeat(hash % 600)}`;
}

/** Total requests of `command` across `servers`. */
export function totalRequests(
  servers: readonly TokyoTyrantTestServer[],
  command: Parameters<TokyoTyrantTestServer["requestCount"]>[0],
): number {
  return servers.reduce((sum, s) => sum + s.requestCount(command), 0);
}
