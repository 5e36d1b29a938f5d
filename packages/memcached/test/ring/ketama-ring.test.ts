import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  KETAMA_POINTS_PER_SERVER,
  KetamaRing,
  type KetamaServer,
  ketamaKeyHash,
  ketamaServerName,
} from "../../src/ring.js";

interface Scenario {
  readonly name: string;
  readonly servers: readonly Required<KetamaServer>[];
  readonly placements: Readonly<Record<string, string>>;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/ketama-placements.json", import.meta.url), "utf8"),
) as { readonly library: string; readonly scenarios: readonly Scenario[] };

describe("ketama ring, against libmemcached placements", () => {
  it("the fixture has the four scenarios with 1,000+ keys each", () => {
    expect(fixture.scenarios).toHaveLength(4);
    for (const scenario of fixture.scenarios) {
      expect(Object.keys(scenario.placements).length).toBeGreaterThanOrEqual(1000);
    }
  });

  for (const scenario of fixture.scenarios) {
    it(`picks libmemcached's server for every key: ${scenario.name}`, () => {
      const ring = new KetamaRing(scenario.servers);
      const wrong: string[] = [];
      for (const [key, expected] of Object.entries(scenario.placements)) {
        const server = ring.serverFor(key);
        const got = `${server.host}:${server.port}`;
        if (got !== expected) wrong.push(`${JSON.stringify(key)}: ${got} instead of ${expected}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("every server of every scenario receives keys (the check above is not vacuous)", () => {
    for (const scenario of fixture.scenarios) {
      const used = new Set(Object.values(scenario.placements));
      expect(used.size).toBe(scenario.servers.length);
    }
  });
});

describe("ketama ring", () => {
  const three = [
    { host: "10.0.0.1", port: 11211 },
    { host: "10.0.0.2", port: 11211 },
    { host: "10.0.0.3", port: 11211 },
  ];

  it("hashes the server name without the port only on the default port", () => {
    expect(ketamaServerName({ host: "cache-a", port: 11211 })).toBe("cache-a");
    expect(ketamaServerName({ host: "cache-a", port: 11311 })).toBe("cache-a:11311");
  });

  it("hashes keys as md5's first four bytes, little-endian", () => {
    // md5("key:1") = 7ac4b03c 9df16d22 ...
    expect(ketamaKeyHash("key:1")).toBe(0x3cb0c47a);
    expect(ketamaKeyHash(Buffer.from("key:1"))).toBe(0x3cb0c47a);
  });

  it("wraps a hash above the highest point to the server of the lowest point", () => {
    const ring = new KetamaRing(three);
    const lowest = ring.indexForHash(0);
    expect(ring.indexForHash(0xffffffff)).toBe(lowest);
  });

  it("sends everything to the only server of a one-server ring", () => {
    const ring = new KetamaRing([{ host: "127.0.0.1", port: 4000 }]);
    for (let i = 0; i < 50; i++) expect(ring.indexFor(`k${i}`)).toBe(0);
  });

  it("returns the server objects it was given", () => {
    const servers = three.map((s, i) => ({ ...s, id: `s${i}` }));
    const ring = new KetamaRing(servers);
    expect(servers).toContain(ring.serverFor("anything"));
    expect(ring.serverFor("anything").id).toMatch(/^s\d$/);
  });

  it("moves only the keys of a server that leaves the list", () => {
    const before = new KetamaRing(three);
    const after = new KetamaRing(three.slice(0, 2));
    let moved = 0;
    for (let i = 0; i < 2000; i++) {
      const key = `user:${i}`;
      const was = before.serverFor(key);
      if (was.host !== "10.0.0.3" && after.serverFor(key) !== was) moved++;
    }
    // At equal weights every server keeps its 160 points, so no other key may move.
    expect(moved).toBe(0);
  });

  it("gives a server with twice the weight about twice the keys", () => {
    const ring = new KetamaRing([
      { host: "a", port: 11211, weight: 1 },
      { host: "b", port: 11211, weight: 2 },
    ]);
    const counts = [0, 0];
    for (let i = 0; i < 20_000; i++) {
      const index = ring.indexFor(`k${i}`);
      counts[index] = (counts[index] as number) + 1;
    }
    const ratio = (counts[1] as number) / (counts[0] as number);
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2.6);
  });

  it("has 160 points per server at equal weights", () => {
    expect(KETAMA_POINTS_PER_SERVER).toBe(160);
  });

  it.each([
    [[], "at least one server"],
    [[{ host: "", port: 11211 }], "host"],
    [[{ host: "a b", port: 11211 }], "host"],
    [[{ host: "a", port: 0 }], "port"],
    [[{ host: "a", port: 70000 }], "port"],
    [[{ host: "a", port: 1.5 }], "port"],
    [[{ host: "a", port: 1, weight: 0 }], "weight"],
    [[{ host: "a", port: 1, weight: 1.5 }], "weight"],
    [
      [
        { host: "a", port: 1 },
        { host: "a", port: 1 },
      ],
      "twice",
    ],
  ] as const)("refuses %j with E_INVALID_OPTION", (servers, words) => {
    expect(() => new KetamaRing(servers as readonly KetamaServer[])).toThrowError(
      expect.objectContaining({
        code: "E_INVALID_OPTION",
        message: expect.stringContaining(words),
      }),
    );
  });
});
