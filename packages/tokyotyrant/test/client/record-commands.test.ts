import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TokyoTyrantError, TokyoTyrantFailedError } from "../../src/index.js";
import { startTokyoTyrantTestServer } from "../../src/testing/index.js";
import { clientFor, serverAndClient } from "./support/servers.js";

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const directory = mkdtempSync(join(tmpdir(), "tt-client-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe.each(["hash", "memory"] as const)("record commands on a %s database", (database) => {
  const setUp = () =>
    serverAndClient(
      {
        database,
        extensions: { echo: (key, value) => `${key}=${value}`, nothing: () => null },
      },
      { database: "hash" },
    );

  it("put and get are binary-safe for keys and values, and a missing key is undefined", async () => {
    await using t = await setUp();
    const { client } = t;
    await client.put(EVERY_BYTE, EVERY_BYTE);
    await client.put("ключ 🔑", "значение 🔒");
    await client.put("empty", "");
    await client.put("", "empty key");
    expect(await client.get(EVERY_BYTE)).toEqual(EVERY_BYTE);
    expect((await client.get("ключ 🔑"))?.toString("utf8")).toBe("значение 🔒");
    expect(await client.get("empty")).toEqual(Buffer.alloc(0));
    expect((await client.get(""))?.toString()).toBe("empty key");
    expect(await client.get("missing")).toBeUndefined();
    expect(await client.get(Buffer.from("ключ 🔑"))).toEqual(Buffer.from("значение 🔒"));
  });

  it("putKeep stores only a new key and says false when it exists", async () => {
    await using t = await setUp();
    const { client } = t;
    expect(await client.putKeep("k", "first")).toBe(true);
    expect(await client.putKeep("k", "second")).toBe(false);
    expect((await client.get("k"))?.toString()).toBe("first");
  });

  it("putCat appends, putShl appends and keeps the last bytes, putNr stores without a reply", async () => {
    await using t = await setUp();
    const { client, server } = t;
    await client.putCat("cat", "ab");
    await client.putCat("cat", "cd");
    expect((await client.get("cat"))?.toString()).toBe("abcd");
    await client.put("shl", "12345");
    await client.putShl("shl", "678", 4);
    expect((await client.get("shl"))?.toString()).toBe("5678");
    await client.putNr("nr", "no reply");
    expect((await client.get("nr"))?.toString()).toBe("no reply");
    expect(server.requestCount("putnr")).toBe(1);
  });

  it("out says whether the key was there; vsiz gives the size or undefined", async () => {
    await using t = await setUp();
    const { client } = t;
    await client.put("k", "12345");
    expect(await client.vsiz("k")).toBe(5);
    expect(await client.out("k")).toBe(true);
    expect(await client.out("k")).toBe(false);
    expect(await client.vsiz("k")).toBeUndefined();
  });

  it("mget returns the records found with their keys; getMany maps them to the keys given", async () => {
    await using t = await setUp();
    const { client, server } = t;
    await client.put("a", "A");
    await client.put("ü", "U");
    const records = await client.mget(["a", "missing", "ü"]);
    expect(records.map((r) => [r.key.toString(), r.value.toString()])).toEqual([
      ["a", "A"],
      ["ü", "U"],
    ]);
    server.resetRequestCounts();
    const values = await client.getMany(["ü", "a", "missing", "a"]);
    expect(values).toEqual(
      new Map([
        ["a", Buffer.from("A")],
        ["ü", Buffer.from("U")],
      ]),
    );
    expect(server.requestCount("mget")).toBe(1);
    expect(await client.getMany([])).toEqual(new Map());
    expect(server.requestCount("mget")).toBe(1);
  });

  it("putMany is one misc putlist; outMany one misc outlist", async () => {
    await using t = await setUp();
    const { client, server } = t;
    const entries = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: EVERY_BYTE }));
    await client.putMany(entries);
    expect(server.miscCallCount("putlist")).toBe(1);
    expect(server.recordCount).toBe(50);
    expect((await client.getMany(entries.map((e) => e.key as string))).size).toBe(50);
    await client.outMany(["k1", "k2", "not there"]);
    expect(server.miscCallCount("outlist")).toBe(1);
    expect(await client.get("k1")).toBeUndefined();
    expect(await client.get("k3")).toEqual(EVERY_BYTE);
    await client.putMany([]);
    expect(server.miscCallCount("putlist")).toBe(1);
  });

  it("fwmKeys lists keys by prefix, up to max", async () => {
    await using t = await setUp();
    const { client } = t;
    await client.putMany(["p1", "p2", "p3", "q1"].map((key) => ({ key, value: key })));
    const all = (await client.fwmKeys("p")).map(String).sort();
    expect(all).toEqual(["p1", "p2", "p3"]);
    expect(await client.fwmKeys("p", 2)).toHaveLength(2);
    expect(await client.fwmKeys("z")).toEqual([]);
  });

  it("addInt and addDouble add and return the sum; a value of the wrong size is E_TT_FAILED", async () => {
    await using t = await setUp();
    const { client } = t;
    expect(await client.addInt("n", 5)).toBe(5);
    expect(await client.addInt("n", -7)).toBe(-2);
    expect(await client.addDouble("d", 1.5)).toBeCloseTo(1.5, 9);
    expect(await client.addDouble("d", 2.25)).toBeCloseTo(3.75, 9);
    await client.put("text", "abc");
    const error = await client.addInt("text", 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokyoTyrantFailedError);
    expect(error).toMatchObject({
      code: "E_TT_FAILED",
      command: "addint",
      failure: "record-exists",
      status: 1,
      server: t.server.address,
    });
    expect(String((error as Error).message)).toMatch(/^\[tier\] \[tokyotyrant\] .*4-byte/);
  });

  it("ext calls a server function; a missing one or a nil result is E_TT_FAILED", async () => {
    await using t = await setUp();
    const { client } = t;
    expect((await client.ext("echo", "k", "v"))?.toString()).toBe("k=v");
    expect((await client.ext("echo", "k", "v", { lockRecord: true })).toString()).toBe("k=v");
    expect((await client.ext("echo", "k", "v", { lockGlobal: true })).toString()).toBe("k=v");
    await expect(client.ext("nothing", "k", "v")).rejects.toMatchObject({
      code: "E_TT_FAILED",
      command: "ext",
      failure: "misc",
    });
    await expect(client.ext("absent", "k", "v")).rejects.toBeInstanceOf(TokyoTyrantFailedError);
  });

  it("iterInit and iterNext walk every key, then iterNext is undefined", async () => {
    await using t = await setUp();
    const { client } = t;
    await client.putMany(["x", "y", "z"].map((key) => ({ key, value: key })));
    await client.iterInit();
    const seen: string[] = [];
    for (let key = await client.iterNext(); key !== undefined; key = await client.iterNext()) {
      seen.push(key.toString());
    }
    expect(seen.sort()).toEqual(["x", "y", "z"]);
    expect(await client.iterNext()).toBeUndefined();
  });

  it("rnum, size, stat, sync, optimize and vanish", async () => {
    await using t = await setUp();
    const { client, server } = t;
    await client.putMany(["a", "b"].map((key) => ({ key, value: key })));
    expect(await client.rnum()).toBe(2);
    expect(await client.size()).toBeGreaterThan(0);
    const stat = await client.stat();
    expect(stat.get("type")).toBe(database === "hash" ? "hash" : "on-memory hash");
    expect(stat.get("rnum")).toBe("2");
    await client.sync();
    await client.optimize();
    await client.optimize("bnum=1000");
    await client.vanish();
    expect(await client.rnum()).toBe(0);
    expect(server.requestCount("vanish")).toBe(1);
  });

  it("misc calls any function and returns its elements; a failure is E_TT_FAILED", async () => {
    await using t = await setUp();
    const { client } = t;
    expect(await client.misc("put", ["mk", "mv"])).toEqual([]);
    expect(await client.misc("get", ["mk"], { noUpdateLog: true })).toEqual([Buffer.from("mv")]);
    await expect(client.misc("get", ["absent"])).rejects.toMatchObject({
      code: "E_TT_FAILED",
      command: "misc",
      miscFunction: "get",
      failure: "not-found",
    });
    await expect(client.misc("nonsense", [])).rejects.toMatchObject({
      code: "E_TT_FAILED",
      failure: "misc",
    });
  });
});

describe("database commands that act on files", () => {
  it("copy, restore and setMaster", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address);
    await client.copy(join(directory, "copy.tch"));
    await expect(client.copy(join(directory, "absent", "copy.tch"))).rejects.toMatchObject({
      code: "E_TT_FAILED",
      command: "copy",
    });
    await client.restore(directory, 0n);
    await client.restore(directory, 1, { checkConsistency: true });
    await expect(client.restore(join(directory, "absent"), 0n)).rejects.toMatchObject({
      code: "E_TT_FAILED",
      command: "restore",
    });
    await client.setMaster("127.0.0.1", 1, 5n);
    expect((await client.stat()).get("mhost")).toBe("127.0.0.1");
    await client.setMaster("", 0);
  });

  it("refuses a copy path starting with @ without sending it", async () => {
    await using server = await startTokyoTyrantTestServer({ database: "hash" });
    await using client = clientFor(server.address);
    const error = await client.copy("@rm -rf /").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokyoTyrantError);
    expect(error).toMatchObject({ code: "E_TT_UNSAFE_REQUEST" });
    expect(server.requestCount("copy")).toBe(0);
  });
});
