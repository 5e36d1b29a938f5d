import { describe, expect, it } from "vitest";
import { resolveClientOptions } from "../../src/client/options.js";
import { parseServerList } from "../../src/client/server-address.js";
import { createTokyoTyrantClient, type TokyoTyrantClientOptions } from "../../src/index.js";

describe("client options", () => {
  it("reads servers as strings or objects, with the default port", () => {
    expect(
      parseServerList(["a:1", "b", { host: "c", port: 3 }, { host: "d" }, "[::1]:4", "[::2]"]),
    ).toEqual([
      { host: "a", port: 1, address: "a:1" },
      { host: "b", port: 1978, address: "b:1978" },
      { host: "c", port: 3, address: "c:3" },
      { host: "d", port: 1978, address: "d:1978" },
      { host: "::1", port: 4, address: "[::1]:4" },
      { host: "::2", port: 1978, address: "[::2]:1978" },
    ]);
    expect(parseServerList("x:9")).toEqual([{ host: "x", port: 9, address: "x:9" }]);
  });

  it("fills in the defaults", () => {
    const resolved = resolveClientOptions({ servers: "h:1" });
    expect(resolved).toMatchObject({
      topology: "replicas",
      poolSize: 2,
      timeoutMs: 1000,
      connectTimeoutMs: 500,
      backoff: { initialMs: 100, maxMs: 5000 },
      database: "auto",
      indexes: "unknown",
    });
    expect(resolveClientOptions({ servers: "h:1", backoff: { initialMs: 9000 } }).backoff).toEqual({
      initialMs: 9000,
      maxMs: 9000,
    });
    expect(resolveClientOptions({ servers: "h:1", indexes: { a: "token" } }).indexes).toEqual(
      new Map([["a", "token"]]),
    );
  });

  it.each<[string, Partial<TokyoTyrantClientOptions>]>([
    ["no servers", { servers: [] }],
    ["a server listed twice", { servers: ["h:1", "h:1"] }],
    ["a bad port", { servers: "h:x" }],
    ["port 0", { servers: "h:0" }],
    ["an unbracketed IPv6 address", { servers: "::1:5" }],
    ["an empty host", { servers: ":5" }],
    ["a bad topology", { topology: "ring" as "shards" }],
    ["a zero timeout", { timeoutMs: 0 }],
    ["an infinite connect timeout", { connectTimeoutMs: Number.POSITIVE_INFINITY }],
    ["a fractional pool size", { poolSize: 1.5 }],
    ["a max backoff below the initial", { backoff: { initialMs: 50, maxMs: 10 } }],
    ["a bad limit", { limits: { maxValueBytes: -1 } }],
    ["a bad database", { database: "btree" as "hash" }],
    ["an index that is an action", { indexes: { a: "void" } }],
  ])("refuses %s", (_name, options) => {
    expect(() => createTokyoTyrantClient({ servers: "h:1", ...options })).toThrow(
      expect.objectContaining({ code: "E_TT_INVALID_OPTION" }),
    );
  });
});
