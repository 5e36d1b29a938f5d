import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { requestOnce } from "./helpers/exchange.js";
import { getFrame, miscFrame, miscReply, putFrame, valueReply } from "./helpers/frames.js";
import { RawClient } from "./helpers/raw-client.js";

/** Requests the README says abort a real ttserver with a table database. */
describe("requests that crash the real server", () => {
  it.each([
    ["misc put with an empty primary key", miscFrame("put", ["", "name", "x"])],
    ["misc putkeep with an empty primary key", miscFrame("putkeep", ["", "name", "x"])],
    ["an empty value in a lexically indexed column (plain put)", putFrame("p9", "name\0")],
    [
      "an empty value in a lexically indexed column (misc put)",
      miscFrame("put", ["p9", "name", ""]),
    ],
  ])("%s: every connection is reset, nothing is stored, restart() recovers", async (_, request) => {
    await using server = await startTokyoTyrantTestServer({ database: "table" });
    expect(await requestOnce(server.port, miscFrame("setindex", ["name", "0"]), 5)).toEqual(
      miscReply(0, []),
    );
    expect(await requestOnce(server.port, putFrame("p1", "name\0alice"), 1)).toEqual(
      Buffer.from([0]),
    );
    const bystander = await RawClient.open(server.port);
    const client = await RawClient.open(server.port);
    client.send(request);
    await client.waitForClose();
    await bystander.waitForClose();
    expect(server.state).toBe("crashed");
    expect(server.crashReason).toBeDefined();
    await expect(RawClient.open(server.port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await server.restart();
    expect(server.recordCount).toBe(1);
    expect(await requestOnce(server.port, getFrame("p1"), 15)).toEqual(valueReply("name\0alice"));
  });

  it("answers a plain put with an empty key on a table by storing it under a new unique id", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "table" });
    expect(await requestOnce(server.port, putFrame("", "name\0x"), 1)).toEqual(Buffer.from([0]));
    expect(await requestOnce(server.port, getFrame(""), 1)).toEqual(Buffer.from([1]));
    expect(await requestOnce(server.port, getFrame("1"), 11)).toEqual(valueReply("name\0x"));
  });
});
