import { startMemcached } from "@tier/testkit/services";
import { startTokyoTyrantTestServer } from "@tier/tokyotyrant/testing";
import { hostAndPort } from "./environment.js";

/** A server an example talks to: one given by URL, or one the example started and stops. */
export interface ExampleServer extends AsyncDisposable {
  readonly address: string;
  /** Present only for a server the example owns: restarts it empty, like the production incident. */
  readonly restart?: () => Promise<void>;
}

export async function memcachedServer(url: string | undefined): Promise<ExampleServer> {
  if (url !== undefined) return given(hostAndPort(url, "memcached:"));
  const server = await startMemcached({ memoryMb: 16 });
  return {
    address: server.address,
    restart: () => server.restart(),
    [Symbol.asyncDispose]: () => server.stop(),
  };
}

export async function tokyoTyrantServer(url: string | undefined): Promise<ExampleServer> {
  if (url !== undefined) return given(hostAndPort(url, "tt:"));
  const server = await startTokyoTyrantTestServer({ database: "hash" });
  return {
    address: server.address,
    restart: () => server.restart(),
    [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
  };
}

function given(address: string): ExampleServer {
  return { address, [Symbol.asyncDispose]: async () => {} };
}
