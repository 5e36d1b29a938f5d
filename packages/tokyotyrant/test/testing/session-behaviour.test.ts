import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { getFrame, miscFrame, miscReply, putFrame, valueReply } from "./helpers/frames.js";
import { RawClient } from "./helpers/raw-client.js";

const SUCCESS = Buffer.from([0]);

describe("connection handling beyond the transcripts", () => {
  it("answers an mget with a bad key length inside the list with the keys before it, and goes on", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = await RawClient.open(server.port);
    const brokenMget = Buffer.from("c83100000003000000016100000000ffffffff", "hex");
    client.send(Buffer.concat([putFrame("a", "1"), brokenMget, getFrame("a")]));
    expect(await client.read(1)).toEqual(SUCCESS);
    // mget: one record (a -> 1) for the first key; the empty key is missing; the list ends there.
    expect(await client.read(15)).toEqual(
      Buffer.from("0000000001000000010000000161" + "31", "hex"),
    );
    expect(await client.read(6)).toEqual(valueReply("1"));
    expect(client.closedByServer).toBe(false);
    client.close();
  });

  it("runs a misc call with a bad argument length on the arguments before it", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = await RawClient.open(server.port);
    const call = miscFrame("getlist", ["a", "b"]);
    const broken = Buffer.concat([
      call.subarray(0, call.length - 5),
      Buffer.from("ffffffff", "hex"),
    ]);
    client.send(Buffer.concat([putFrame("a", "1"), broken]));
    expect(await client.read(1 + 15)).toEqual(Buffer.concat([SUCCESS, miscReply(0, ["a", "1"])]));
    expect(await client.silenceFor(100)).toBe(0);
    expect(client.closedByServer).toBe(false);
    client.close();
  });

  it("answers the valid requests sent before a client's FIN, then closes", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const client = await RawClient.open(server.port);
    client.send(Buffer.concat([putFrame("a", "1"), getFrame("a")]));
    client.finish();
    expect(await client.readToClose()).toEqual(Buffer.concat([SUCCESS, valueReply("1")]));
  });

  it("turns a repl connection into a stream of its server id and NOP bytes", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash", serverId: 7 });
    const client = await RawClient.open(server.port);
    client.send(Buffer.from("c8a0000000000000000100000002", "hex"));
    expect(await client.read(5)).toEqual(Buffer.from("00000007ca", "hex"));
    client.close();
  });

  it("refuses a repl from a slave with the server's own id like a malformed request", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash", serverId: 7 });
    const client = await RawClient.open(server.port);
    client.send(Buffer.from("c8a0000000000000000100000007", "hex"));
    expect(await client.readToClose()).toHaveLength(0);
  });

  it("shares one iterator between connections, as ttserver does", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    const first = await RawClient.open(server.port);
    const second = await RawClient.open(server.port);
    first.send(
      Buffer.concat([putFrame("a", "1"), putFrame("b", "2"), Buffer.from("c850c851", "hex")]),
    );
    expect(await first.read(3 + 6)).toEqual(Buffer.from("000000000000000161", "hex"));
    second.send(Buffer.from("c851", "hex"));
    expect(await second.read(6)).toEqual(valueReply("b"));
    first.close();
    second.close();
  });
});
