import { describe, expect, it } from "vitest";
import { type TokyoTyrantClient, TokyoTyrantError } from "../../src/index.js";
import { startTokyoTyrantTestServer, type TokyoTyrantTestServer } from "../../src/testing/index.js";
import { clientFor, serverAndClient } from "./support/servers.js";

function requestsSent(server: TokyoTyrantTestServer): number {
  return Object.values(server.requestCounts().commands).reduce((a, b) => a + b, 0);
}

async function expectRefused(server: TokyoTyrantTestServer, call: () => Promise<unknown>) {
  const before = requestsSent(server);
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokyoTyrantError);
  expect(error).toMatchObject({ code: "E_TT_UNSAFE_REQUEST" });
  expect(requestsSent(server)).toBe(before);
  expect(server.state).toBe("listening");
}

const tableServer = (options: Parameters<typeof clientFor>[1] = {}) =>
  serverAndClient({ database: "table" }, { database: "table", ...options });

describe("crash guards", () => {
  it("refuses an empty primary key in every table put, sending nothing", async () => {
    await using t = await tableServer();
    const { client, server } = t;
    await expectRefused(server, () => client.table.put("", { a: "1" }));
    await expectRefused(server, () => client.table.putKeep("", { a: "1" }));
    await expectRefused(server, () => client.table.putCat(Buffer.alloc(0), { a: "1" }));
    await expectRefused(server, () =>
      client.table.putMany([
        { primaryKey: "fine", columns: { a: "1" } },
        { primaryKey: "", columns: { a: "1" } },
      ]),
    );
    await expectRefused(server, () => client.misc("put", ["", "a", "1"]));
    await expectRefused(server, () => client.misc("putlist", ["fine", "a\x001", "", "a\x001"]));
    expect(server.recordCount).toBe(0);
  });

  it("refuses an empty plain-put key and an empty column through plain puts on a table database", async () => {
    await using t = await tableServer({ indexes: { city: "lexical" } });
    const { client, server } = t;
    await expectRefused(server, () => client.put("", "city\0tokyo"));
    await expectRefused(server, () => client.put("k", "name\0x\0city\0"));
    await expectRefused(server, () => client.putKeep("k", "city\0"));
    await expectRefused(server, () => client.putCat("k", Buffer.from("city\0", "latin1")));
    await expectRefused(server, () => client.putNr("k", "city\0"));
    await expectRefused(server, () =>
      client.putMany([
        { key: "a", value: "city\0osaka" },
        { key: "b", value: "city\0" },
      ]),
    );
    await expectRefused(server, () => client.putShl("k", "abc", 2));
    // A column without an index may be empty.
    await client.put("k", "name\0\0city\0kyoto");
    expect(server.recordCount).toBe(1);
  });

  it("with indexes unknown, treats every column as indexed", async () => {
    await using t = await tableServer();
    const { client, server } = t;
    await expectRefused(server, () => client.table.put("k", { anything: "" }));
    await expectRefused(server, () => client.misc("putcat", ["k", "anything", ""]));
    await client.table.put("k", { anything: "x" });
  });

  it("tracks indexes set through this client: lexical and decimal guard, token does not, void lifts", async () => {
    await using t = await tableServer({ indexes: { age: "decimal" } });
    const { client, server } = t;
    await expectRefused(server, () => client.table.put("k", { age: "" }));
    await client.table.setIndex("city", "lexical");
    await expectRefused(server, () => client.table.put("k", { city: "" }));
    await client.table.setIndex("city", "void");
    await client.table.put("k", { city: "" });
    await client.table.setIndex("tags", "token");
    await client.table.put("k", { tags: "" });
    await client.misc("setindex", ["note", "1"]);
    await expectRefused(server, () => client.table.put("k", { note: "" }));
  });

  it("refuses a lexical or decimal index over records whose column is empty", async () => {
    await using t = await tableServer({ indexes: {} });
    const { client, server } = t;
    await client.table.put("k", { city: "", age: "" });
    await client.table.put("j", { city: "nara" });
    for (const type of ["lexical", "decimal"] as const) {
      await expect(client.table.setIndex("city", type)).rejects.toMatchObject({
        code: "E_TT_UNSAFE_REQUEST",
      });
    }
    expect(server.miscCallCount("setindex")).toBe(0);
    expect(server.state).toBe("listening");
    await client.table.setIndex("city", "qgram");
    await client.table.setIndex("name", "lexical");
    expect(server.miscCallCount("setindex")).toBe(2);
  });

  it("an index that already existed (setIndex keep failed) guards its column from then on", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "table" });
    await using other = clientFor(server.address, { database: "table", indexes: {} });
    await other.table.setIndex("city", "lexical");
    await using client = clientFor(server.address, { database: "table", indexes: {} });
    await expect(client.table.setIndex("city", "token", { keep: true })).rejects.toMatchObject({
      code: "E_TT_FAILED",
    });
    await expectRefused(server, () => client.table.put("k", { city: "" }));
  });

  it("the guarded requests really crash the (simulated) server when sent", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "table" });
    // Told, wrongly, that the database is a hash database, the client has no reason to refuse.
    await using careless = clientFor(server.address, { database: "hash", indexes: {} });
    await careless.table.setIndex("city", "lexical");
    await careless.put("k", "city\0").catch(() => undefined);
    expect(server.state).toBe("crashed");
  });

  it('with database "auto", asks stat once and then guards a table database', async () => {
    await using server = await startTokyoTyrantTestServer({ database: "table" });
    await using client = clientFor(server.address);
    await expect(client.put("", "x")).rejects.toMatchObject({ code: "E_TT_UNSAFE_REQUEST" });
    expect(server.requestCount("stat")).toBe(1);
    expect(server.requestCount("put")).toBe(0);
    await expectRefused(server, () => client.putMany([{ key: "", value: "a\0b" }]));
    await client.put("k", "a\0b");
    expect(server.requestCount("stat")).toBe(1);
  });

  it('with database "auto", a hash database takes any key and value', async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client: TokyoTyrantClient = clientFor(server.address);
    await client.put("", "x\0\0y\0");
    await client.putNr("nr", "\0");
    await client.misc("put", ["", ""]);
    await client.putShl("s", "abc", 2);
    expect(server.requestCount("stat")).toBe(1);
    expect((await client.get(""))?.toString()).toBe("");
  });
});
