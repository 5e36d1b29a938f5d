import { describe, expect, it } from "vitest";
import { TableQuery } from "../../src/index.js";
import { serverAndClient } from "./support/servers.js";

const PEOPLE: Record<string, Record<string, string>> = {
  p1: { name: "alice", age: "30", city: "tokyo" },
  p2: { name: "bob", age: "25", city: "osaka" },
  p3: { name: "carol", age: "35", city: "tokyo" },
  p4: { name: "dave", age: "28", city: "kyoto" },
};

async function setUp() {
  // Declaring "no indexes yet" lets records carry empty columns; setIndex adds to it.
  const t = await serverAndClient({ database: "table" }, { indexes: {} });
  for (const [pkey, columns] of Object.entries(PEOPLE)) await t.client.table.put(pkey, columns);
  return t;
}

function text(columns: Map<string, Buffer> | undefined): Record<string, string> | undefined {
  return columns && Object.fromEntries([...columns].map(([name, v]) => [name, v.toString()]));
}

const keys = (list: Buffer[]): string[] => list.map((k) => k.toString());

describe("table helpers", () => {
  it("put, get, putKeep, putCat and out work on column maps", async () => {
    await using t = await setUp();
    const { client } = t;
    expect(text(await client.table.get("p1"))).toEqual(PEOPLE.p1);
    expect(await client.table.get("nobody")).toBeUndefined();
    expect(await client.table.putKeep("p1", { name: "mallory" })).toBe(false);
    expect(await client.table.putKeep("p9", new Map([["name", "zed"]]))).toBe(true);
    await client.table.putCat("p9", { age: "50" });
    expect(text(await client.table.get("p9"))).toEqual({ name: "zed", age: "50" });
    await client.table.put("p9", { city: "nara", note: "" });
    expect(text(await client.table.get("p9"))).toEqual({ city: "nara", note: "" });
    expect(await client.table.out("p9")).toBe(true);
    expect(await client.table.out("p9")).toBe(false);
  });

  it("getMany decodes the NUL-joined records of one mget", async () => {
    await using t = await setUp();
    const { client, server } = t;
    server.resetRequestCounts();
    const records = await client.table.getMany(["p2", "p4", "nobody", "p2"]);
    expect([...records.keys()].sort()).toEqual(["p2", "p4"]);
    expect(text(records.get("p4"))).toEqual(PEOPLE.p4);
    expect(server.requestCount("mget")).toBe(1);
    expect(server.requestCounts().commands.misc).toBe(0);
  });

  it("putMany and outMany are one putlist and one outlist", async () => {
    await using t = await setUp();
    const { client, server } = t;
    server.resetRequestCounts();
    await client.table.putMany([
      { primaryKey: "q1", columns: { name: "x" } },
      { primaryKey: "q2", columns: new Map([["name", "y"]]) },
    ]);
    expect(server.miscCallCount("putlist")).toBe(1);
    expect(text(await client.table.get("q2"))).toEqual({ name: "y" });
    await client.table.outMany(["q1", "q2"]);
    expect(server.miscCallCount("outlist")).toBe(1);
    expect(await client.table.get("q1")).toBeUndefined();
  });

  it("search, searchGet, searchCount and searchOut with the query builder", async () => {
    await using t = await setUp();
    const { client } = t;
    const tokyo = () => new TableQuery().addCondition("city", "STREQ", "tokyo");
    expect(keys(await client.table.search(tokyo())).sort()).toEqual(["p1", "p3"]);
    const byAge = new TableQuery().addCondition("age", "NUMGE", 28).setOrder("age", "NUMDESC");
    expect(keys(await client.table.search(byAge))).toEqual(["p3", "p1", "p4"]);
    const limited = new TableQuery().setOrder("", "STRASC").setLimit(2, 1);
    expect(keys(await client.table.search(limited))).toEqual(["p2", "p3"]);
    const rows = await client.table.searchGet(tokyo().setOrder("name", "STRASC"));
    expect(rows.map(text)).toEqual([
      { "": "p1", ...PEOPLE.p1 },
      { "": "p3", ...PEOPLE.p3 },
    ]);
    const names = await client.table.searchGet(tokyo().setOrder("name", "STRASC"), ["name"]);
    expect(names.map(text)).toEqual([{ name: "alice" }, { name: "carol" }]);
    expect(await client.table.searchCount(tokyo())).toBe(2);
    await client.table.searchOut(tokyo());
    expect(await client.table.searchCount(tokyo())).toBe(0);
    expect(await client.rnum()).toBe(2);
  });

  it("metaSearch combines queries", async () => {
    await using t = await setUp();
    const { client } = t;
    const tokyo = new TableQuery().addCondition("city", "STREQ", "tokyo");
    const young = new TableQuery().addCondition("age", "NUMLT", 31);
    const union = keys(await client.table.metaSearch([tokyo, young], "union")).sort();
    expect(union).toEqual(["p1", "p2", "p3", "p4"]);
    expect(keys(await client.table.metaSearch([tokyo, young], "intersection"))).toEqual(["p1"]);
    expect(keys(await client.table.metaSearch([tokyo, young], "difference"))).toEqual(["p3"]);
  });

  it("setIndex creates, keeps and drops indexes; genUid counts from 1", async () => {
    await using t = await setUp();
    const { client, server } = t;
    await client.table.setIndex("age", "decimal");
    await expect(client.table.setIndex("age", "decimal", { keep: true })).rejects.toMatchObject({
      code: "E_TT_FAILED",
      miscFunction: "setindex",
    });
    await client.table.setIndex("age", "optimize");
    await client.table.setIndex("age", "void");
    expect(server.miscCallCount("setindex")).toBe(4);
    expect(await client.table.genUid()).toBe(1);
    expect(await client.table.genUid()).toBe(2);
  });

  it("plain commands see a table record as its NUL-joined columns", async () => {
    await using t = await setUp();
    const { client } = t;
    expect((await client.get("p2"))?.toString("latin1")).toBe("name\0bob\0age\x0025\0city\0osaka");
    await client.put("p7", "name\0gus");
    expect(text(await client.table.get("p7"))).toEqual({ name: "gus" });
  });
});
