import { describe, expect, it } from "vitest";
import { startTokyoTyrantTestServer, type TokyoTyrantExtension } from "../../src/testing/index.js";
import { requestOnce } from "./helpers/exchange.js";
import { extFrame, getFrame, valueReply } from "./helpers/frames.js";
import { RawClient } from "./helpers/raw-client.js";

const FAILURE = Buffer.from([1]);

/** Sends one ext request and reads its reply by layout. */
async function callExt(port: number, name: string, key: string, value: string): Promise<Buffer> {
  const client = await RawClient.open(port);
  try {
    client.send(extFrame(name, key, value));
    const status = await client.read(1);
    if (status[0] !== 0) return status;
    const size = await client.read(4);
    return Buffer.concat([status, size, await client.read(size.readUInt32BE(0))]);
  } finally {
    client.close();
  }
}

describe("ext", () => {
  const extensions: Record<string, TokyoTyrantExtension> = {
    echo: (key, value) => `${key}=${value}`,
    bytes: () => Uint8Array.of(0, 255, 10),
    number: () => 2.5,
    big: () => 1e20,
    truth: () => true,
    list: () => ["first", "second"],
    nothing: () => undefined,
    no: () => false,
    fails: () => {
      throw new Error("boom");
    },
    _hidden: () => "never",
    store: (key, value, call) => (call.database.put(key, value) ? "stored" : undefined),
  };

  it.each([
    ["echo", "k", "v", valueReply("k=v")],
    ["bytes", "", "", valueReply(Uint8Array.of(0, 255, 10))],
    ["number", "", "", valueReply("2.5")],
    ["big", "", "", valueReply("1e+20")],
    ["truth", "", "", valueReply("true")],
    ["list", "", "", valueReply("first")],
    ["nothing", "", "", FAILURE],
    ["no", "", "", FAILURE],
    ["fails", "", "", FAILURE],
    ["_hidden", "", "", FAILURE],
    ["missing", "", "", FAILURE],
    ["toString", "", "", FAILURE],
  ])("%s answers as a Lua function would", async (name, key, value, expected) => {
    await using server = await startTokyoTyrantTestServer({ database: "hash", extensions });
    expect(await callExt(server.port, name, key, value)).toEqual(expected);
  });

  it("lets a function write to the database", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash", extensions });
    expect(await callExt(server.port, "store", "k", "v")).toEqual(valueReply("stored"));
    expect(await requestOnce(server.port, getFrame("k"), 6)).toEqual(valueReply("v"));
  });

  it("fails every call on a server without extensions, like ttserver without -ext", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    expect(await callExt(server.port, "echo", "k", "v")).toEqual(FAILURE);
  });
});
