import { createServer, type Server, type Socket } from "node:net";

/**
 * A loopback server that answers each chunk it receives with whatever `reply` returns for it: a
 * stand-in for a broken Tokyo Tyrant, to drive the client's protocol-error paths.
 */
export interface ScriptedServer extends AsyncDisposable {
  readonly address: string;
  readonly connections: number;
}

export async function startScriptedServer(
  reply: (chunk: Buffer, connection: number) => Uint8Array | undefined,
): Promise<ScriptedServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    const connection = connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      const bytes = reply(chunk, connection);
      if (bytes !== undefined) socket.write(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    async [Symbol.asyncDispose]() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
