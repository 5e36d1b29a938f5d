import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { requestOnce } from "./helpers/exchange.js";
import {
  countReply,
  getFrame,
  miscFrame,
  miscReply,
  putFrame,
  RNUM_FRAME,
  valueReply,
} from "./helpers/frames.js";
import { RawClient } from "./helpers/raw-client.js";

const SUCCESS = Buffer.from([0]);

function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("test server lifecycle", () => {
  it.each(["hash", "table"] as const)(
    "keeps %s data across restart, on the same port",
    async (database) => {
      await using server = await startTokyoTyrantTestServer({ database });
      const port = server.port;
      expect(await requestOnce(port, putFrame("k", "name\0v"), 1)).toEqual(SUCCESS);
      await server.restart();
      expect(server.port).toBe(port);
      expect(server.state).toBe("listening");
      expect(await requestOnce(port, getFrame("k"), 11)).toEqual(valueReply("name\0v"));
    },
  );

  it("starts an on-memory database empty after restart", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "memory" });
    await requestOnce(server.port, putFrame("k", "v"), 1);
    expect(server.recordCount).toBe(1);
    await server.restart();
    expect(server.recordCount).toBe(0);
    expect(await requestOnce(server.port, RNUM_FRAME, 9)).toEqual(countReply(0));
  });

  it("keeps the table's unique-id counter and indexes across restart", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "table" });
    await requestOnce(server.port, miscFrame("genuid", []), 10);
    await server.restart();
    expect(await requestOnce(server.port, miscFrame("genuid", []), 10)).toEqual(
      miscReply(0, ["2"]),
    );
  });

  it("frees its port on stop and closes every connection", async () => {
    const server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = await RawClient.open(server.port);
    await server.stop();
    expect(server.state).toBe("stopped");
    await client.waitForClose();
    expect(await canListenOn(server.port)).toBe(true);
  });

  it("answers nothing while stalled and everything that arrived once resumed", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = await RawClient.open(server.port);
    server.stall();
    expect(server.state).toBe("stalled");
    client.send(putFrame("k", "v"));
    client.send(getFrame("k"));
    const late = await RawClient.open(server.port);
    late.send(getFrame("k"));
    expect(await client.silenceFor(200)).toBe(0);
    expect(await late.silenceFor(0)).toBe(0);
    expect(client.closedByServer).toBe(false);
    server.resume();
    expect(await client.read(1 + 6)).toEqual(Buffer.concat([SUCCESS, valueReply("v")]));
    expect(await late.read(6)).toEqual(valueReply("v"));
    client.close();
    late.close();
  });

  it("resets every client connection on dropConnections and keeps listening", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = await RawClient.open(server.port);
    client.send(putFrame("k", "v"));
    await client.read(1);
    server.dropConnections();
    await client.waitForClose();
    expect((client.error as NodeJS.ErrnoException | undefined)?.code).toBe("ECONNRESET");
    expect(await requestOnce(server.port, getFrame("k"), 6)).toEqual(valueReply("v"));
  });

  it("counts requests per command and misc function across restarts until reset", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = await RawClient.open(server.port);
    client.send(
      Buffer.concat([putFrame("a", "1"), miscFrame("getlist", ["a"]), miscFrame("getlist", ["a"])]),
    );
    expect(await client.read(31)).toEqual(
      Buffer.concat([SUCCESS, miscReply(0, ["a", "1"]), miscReply(0, ["a", "1"])]),
    );
    client.close();
    expect(server.requestCount("put")).toBe(1);
    expect(server.requestCount("misc")).toBe(2);
    expect(server.miscCallCount("getlist")).toBe(2);
    await server.restart();
    expect(server.requestCounts().commands.put).toBe(1);
    server.resetRequestCounts();
    expect(server.requestCount("put")).toBe(0);
    expect(server.requestCounts().miscFunctions).toEqual({});
  });

  it("rejects unusable options with a typed error", async () => {
    await expect(
      startTokyoTyrantTestServer({ database: "btree" as unknown as "hash" }),
    ).rejects.toMatchObject({ code: "E_INVALID_OPTION" });
    await expect(
      startTokyoTyrantTestServer({ database: "hash", port: 70_000 }),
    ).rejects.toMatchObject({
      code: "E_INVALID_OPTION",
    });
  });

  it("reports a port that is taken as a typed error", async () => {
    await using first = await startTokyoTyrantTestServer({ database: "hash" });
    await expect(
      startTokyoTyrantTestServer({ database: "hash", port: first.port }),
    ).rejects.toMatchObject({
      code: "E_INVALID_OPTION",
    });
  });
});
