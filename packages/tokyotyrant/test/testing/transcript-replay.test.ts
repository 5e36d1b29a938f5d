import { afterAll, beforeAll, describe, it } from "vitest";
import { startTokyoTyrantTestServer, type TokyoTyrantTestServer } from "../../src/testing/index.js";
import { TranscriptReplayer } from "./helpers/transcript-replayer.js";
import { type DatabaseKind, loadTranscript } from "./helpers/transcripts.js";

/** The Lua function the recording server was started with: `echo(k, v)` returns `k .. "=" .. v`. */
const echo = (key: string, value: string): string => `${key}=${value}`;

describe.each<DatabaseKind>(["hash", "table", "memory"])("replaying %s.json", (kind) => {
  const exchanges = loadTranscript(kind);
  let server: TokyoTyrantTestServer;
  let replayer: TranscriptReplayer;

  beforeAll(async () => {
    server = await startTokyoTyrantTestServer({ database: kind, extensions: { echo } });
    replayer = new TranscriptReplayer(server.port);
  });

  afterAll(async () => {
    replayer.close();
    await server.stop();
  });

  // Each exchange depends on the database state the ones before it left: they run in order.
  exchanges.forEach((exchange, i) => {
    it(`${String(i).padStart(3, "0")} ${exchange.name}`, async () => {
      await replayer.play(exchange, exchanges[i + 1]);
    });
  });
});
