import { connect } from "node:net";

/**
 * Sends `request` on a fresh connection to a memcached on loopback and resolves with everything
 * received once it contains `until`: a second, independent client, to see what the server holds
 * and to write items the way other clients do.
 */
export function rawExchange(
  port: number,
  request: string | Buffer,
  until: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no ${JSON.stringify(until)} within 5 s`));
    }, 5000);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      const received = Buffer.concat(chunks);
      if (received.includes(until, 0, "latin1")) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The value of `key` (raw bytes, given base64) as memcached's meta protocol returns it, or undefined. */
export async function rawGet(port: number, keyBytes: Uint8Array): Promise<Buffer | undefined> {
  const key = Buffer.from(keyBytes).toString("base64");
  const reply = await rawExchange(port, `mg ${key} b v\r\nmn\r\n`, "MN\r\n");
  const lineEnd = reply.indexOf("\r\n");
  const line = reply.toString("latin1", 0, lineEnd);
  if (!line.startsWith("VA ")) return undefined;
  const size = Number(line.split(" ")[1]);
  return reply.subarray(lineEnd + 2, lineEnd + 2 + size);
}
