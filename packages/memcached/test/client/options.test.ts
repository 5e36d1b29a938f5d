import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  createMemcachedClient,
  DEFAULT_MAX_VALUE_BYTES,
  MAX_RELATIVE_TTL_SECONDS,
  memcachedTier,
  wireTtl,
} from "../../src/index.js";
import { client, closeClients } from "./helpers.js";

afterAll(closeClients);

describe("client options", () => {
  it("applies the documented defaults", () => {
    expect(client({ servers: "127.0.0.1:1" }).options).toEqual({
      servers: [{ host: "127.0.0.1", port: 1, weight: 1, address: "127.0.0.1:1" }],
      poolSize: 1,
      timeoutMs: 500,
      connectTimeoutMs: 1000,
      ejectMs: 1000,
      keyPrefix: "",
      longKeys: "refuse",
      maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
    });
    expect(DEFAULT_MAX_VALUE_BYTES).toBe(1024 * 1024 - 512);
  });

  it("reads server strings and objects, with port 11211 when left out", () => {
    const made = client({
      servers: ["cache-a", "cache-b:11311", { host: "cache-c", weight: 3 }, "[::1]:11400"],
    });
    expect(made.servers).toEqual([
      { host: "cache-a", port: 11211, weight: 1, address: "cache-a:11211" },
      { host: "cache-b", port: 11311, weight: 1, address: "cache-b:11311" },
      { host: "cache-c", port: 11211, weight: 3, address: "cache-c:11211" },
      { host: "::1", port: 11400, weight: 1, address: "[::1]:11400" },
    ]);
  });

  it.each([
    ["no servers", { servers: [] }],
    ["a missing servers option", {}],
    ["an unknown option", { servers: "h", timeout: 5 }],
    ["a port out of range", { servers: "h:70000" }],
    ["a bare IPv6 address", { servers: "::1:11211" }],
    ["a server listed twice", { servers: ["h:1", "h:1"] }],
    ["a weight of 0", { servers: [{ host: "h", weight: 0 }] }],
    ["poolSize 0", { servers: "h", poolSize: 0 }],
    ["a fractional timeoutMs", { servers: "h", timeoutMs: 1.5 }],
    ["a negative maxValueBytes", { servers: "h", maxValueBytes: -1 }],
    ["a prefix with a space", { servers: "h", keyPrefix: "a b" }],
    ["an unknown longKeys policy", { servers: "h", longKeys: "truncate" }],
  ])("refuses %s with E_INVALID_OPTION", (_, options) => {
    expect(() => createMemcachedClient(options as never)).toThrow(
      expect.objectContaining({ code: "E_INVALID_OPTION" }),
    );
  });

  it("tier options: either a client or client options, a non-zero clientFlags, sane lease settings", () => {
    const given = client({ servers: "127.0.0.1:1" });
    expect(() => memcachedTier({ client: given, timeoutMs: 5 })).toThrow(
      /either client or client options/,
    );
    expect(() => memcachedTier({ servers: "h", clientFlags: 0 })).toThrow(/clientFlags/);
    expect(() => memcachedTier({ servers: "h", leases: { ttlSeconds: 0 } })).toThrow(/ttlSeconds/);
    expect(() => memcachedTier({ servers: "h", name: "" })).toThrow(/name/);
    expect(() => memcachedTier({ servers: "h", leases: { waitMs: 5 } as never })).toThrow(
      /unknown leases option "waitMs"/,
    );
    expect(() => memcachedTier({})).toThrow(/servers is required/);
  });
});

describe("placement", () => {
  interface Scenario {
    readonly name: string;
    readonly servers: readonly { host: string; port: number; weight: number }[];
    readonly placements: Readonly<Record<string, string>>;
  }
  const fixture = JSON.parse(
    readFileSync(new URL("../fixtures/ketama-placements.json", import.meta.url), "utf8"),
  ) as { readonly scenarios: readonly Scenario[] };

  // Connections are opened lazily, so a client over unreachable names can still say where keys go.
  for (const scenario of fixture.scenarios) {
    it(`sends every key where libmemcached does: ${scenario.name}`, () => {
      const servers = scenario.servers.map((s) =>
        s.weight === 1 ? `${s.host}:${s.port}` : { host: s.host, port: s.port, weight: s.weight },
      );
      const made = client({ servers, keyPrefix: "ns:" });
      const wrong = Object.entries(scenario.placements).filter(
        ([key, expected]) => made.serverFor(key) !== expected,
      );
      expect(wrong).toEqual([]);
    });
  }
});

describe("TTLs on the wire", () => {
  const now = Date.UTC(2030, 0, 1);

  it("sends up to 30 days as it is, and longer TTLs as the Unix time they end", () => {
    expect(wireTtl(0, now)).toBe(0);
    expect(wireTtl(1, now)).toBe(1);
    expect(wireTtl(MAX_RELATIVE_TTL_SECONDS, now)).toBe(MAX_RELATIVE_TTL_SECONDS);
    expect(wireTtl(MAX_RELATIVE_TTL_SECONDS + 1, now)).toBe(
      now / 1000 + MAX_RELATIVE_TTL_SECONDS + 1,
    );
  });

  it("caps times memcached cannot hold (past 2038)", () => {
    expect(wireTtl(100 * 365 * 24 * 3600, now)).toBe(0x7fffffff);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s", (ttl) => {
    expect(() => wireTtl(ttl, now)).toThrow(expect.objectContaining({ code: "E_INVALID_OPTION" }));
  });
});
