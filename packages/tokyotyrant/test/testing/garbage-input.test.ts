import { seededBytes, seededRandom } from "@tier/testkit";
import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { requestOnce } from "./helpers/exchange.js";
import { getFrame, putFrame, valueReply } from "./helpers/frames.js";
import { RawClient } from "./helpers/raw-client.js";

/** Command bytes of the protocol, so that garbage often gets past the magic byte into a parser. */
const COMMANDS = [
  0x10, 0x11, 0x12, 0x13, 0x18, 0x20, 0x30, 0x31, 0x38, 0x50, 0x51, 0x58, 0x60, 0x61, 0x68, 0x70,
  0x71, 0x72, 0x73, 0x74, 0x78, 0x80, 0x81, 0x88, 0x90, 0xa0,
];

function garbage(random: () => number): Buffer {
  const bytes = seededBytes(random, 1 + Math.floor(random() * 64));
  const shape = random();
  if (shape < 0.7) {
    bytes[0] = 0xc8;
    if (bytes.length > 1) bytes[1] = COMMANDS[Math.floor(random() * COMMANDS.length)]!;
    // Small lengths, so that some frames complete and reach the database.
    for (let at = 2; at + 4 <= bytes.length && random() < 0.8; at += 4)
      bytes.writeUInt32BE(Math.floor(random() * 8), at);
  }
  return bytes;
}

describe.each(["hash", "table", "memory"] as const)(
  "random garbage sent to a %s server",
  (database) => {
    it("never takes the server down: afterwards it serves new connections", async () => {
      await using server = await startTokyoTyrantTestServer({ database });
      const random = seededRandom(database.length * 7919);
      for (let round = 0; round < 60; round++) {
        const client = await RawClient.open(server.port);
        const bytes = garbage(random);
        for (let at = 0; at < bytes.length; ) {
          const size = 1 + Math.floor(random() * 8);
          client.send(bytes.subarray(at, at + size));
          at += size;
        }
        if (random() < 0.5) client.finish();
        await client.silenceFor(5);
        client.close();
        if (server.state === "crashed") {
          // A table put with an empty primary key aborts the real server; the test server does the same.
          expect(server.crashReason).toMatch(/empty/);
          await server.restart();
        }
      }
      expect(server.state).toBe("listening");
      expect(await requestOnce(server.port, putFrame("alive", "name\0yes"), 1)).toEqual(
        Buffer.from([0]),
      );
      expect(await requestOnce(server.port, getFrame("alive"), 13)).toEqual(
        valueReply("name\0yes"),
      );
    }, 30_000);
  },
);
