import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { RawClient } from "./helpers/raw-client.js";
import { TranscriptReplayer } from "./helpers/transcript-replayer.js";
import {
  type DatabaseKind,
  type Exchange,
  isPlainExchange,
  loadTranscript,
} from "./helpers/transcripts.js";

const echo = (key: string, value: string): string => `${key}=${value}`;

/**
 * The exchanges that leave the connection ready for more, minus `stat`, whose text changes with
 * the clock: sent back to back they must give the same bytes as sent one at a time.
 */
function pipelinable(kind: DatabaseKind): Exchange[] {
  return loadTranscript(kind).filter(
    (exchange) => isPlainExchange(exchange) && exchange.name !== "stat",
  );
}

/** The replies of a fresh server answering the exchanges one at a time, checked as recorded. */
async function repliesOneAtATime(kind: DatabaseKind, exchanges: Exchange[]): Promise<Buffer> {
  await using server = await startTokyoTyrantTestServer({ database: kind, extensions: { echo } });
  const replayer = new TranscriptReplayer(server.port);
  try {
    for (const [i, exchange] of exchanges.entries())
      await replayer.play(exchange, exchanges[i + 1]);
  } finally {
    replayer.close();
  }
  return Buffer.concat(replayer.replies);
}

/** The replies of a fresh server to all requests, written by `write`. */
async function repliesTo(
  kind: DatabaseKind,
  expectedLength: number,
  write: (client: RawClient) => Promise<void>,
) {
  await using server = await startTokyoTyrantTestServer({ database: kind, extensions: { echo } });
  const client = await RawClient.open(server.port);
  try {
    await write(client);
    const replies = await client.read(expectedLength, 15_000);
    expect(await client.silenceFor(50), "bytes after the last reply").toBe(0);
    return replies;
  } finally {
    client.close();
  }
}

/** Each byte in its own write; the middle of a large value goes in blocks to keep the test quick. */
async function writeByteByByte(client: RawClient, requests: readonly Buffer[]): Promise<void> {
  for (const request of requests) {
    for (let at = 0; at < request.length; ) {
      const large = request.length > 4096 && at >= 64 && at < request.length - 64;
      const size = large ? Math.min(8192, request.length - 64 - at) : 1;
      await client.sendAndFlush(request.subarray(at, at + size));
      at += size;
    }
  }
}

describe.each<DatabaseKind>(["hash", "table", "memory"])(
  "%s requests sent back to back",
  (kind) => {
    const exchanges = pipelinable(kind);
    const requests = exchanges.map((exchange) => exchange.request);

    it("get the same replies in one write as one at a time", async () => {
      const sequential = await repliesOneAtATime(kind, exchanges);
      const pipelined = await repliesTo(kind, sequential.length, async (client) => {
        await client.sendAndFlush(Buffer.concat(requests));
      });
      expect(pipelined.equals(sequential)).toBe(true);
    }, 30_000);

    it("get the same replies when every byte is a write of its own", async () => {
      const sequential = await repliesOneAtATime(kind, exchanges);
      const split = await repliesTo(kind, sequential.length, (client) =>
        writeByteByByte(client, requests),
      );
      expect(split.equals(sequential)).toBe(true);
    }, 60_000);
  },
);
