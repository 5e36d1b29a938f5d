import { RawClient } from "./raw-client.js";

/** Sends one request on a fresh connection and reads `replyLength` bytes. */
export async function requestOnce(
  port: number,
  request: Buffer,
  replyLength: number,
): Promise<Buffer> {
  const client = await RawClient.open(port);
  try {
    client.send(request);
    return await client.read(replyLength);
  } finally {
    client.close();
  }
}
