import { freeLoopbackPort, runTierConformance } from "@tier/testkit";
import { afterAll, beforeAll, describe } from "vitest";
import { startTokyoTyrantTestServer, type TokyoTyrantTestServer } from "../../src/testing/index.js";
import { tokyoTyrantTier } from "../../src/tier.js";

let hash: TokyoTyrantTestServer;
let table: TokyoTyrantTestServer;
let downPort: number;
/** The tiers' wall clock, which `advanceTime` moves instead of waiting. */
let clock = Date.now();
const now = (): number => clock;
const advanceTime = async (ms: number): Promise<void> => {
  clock += ms;
};

beforeAll(async () => {
  hash = await startTokyoTyrantTestServer({ database: "hash" });
  table = await startTokyoTyrantTestServer({ database: "table" });
  downPort = await freeLoopbackPort();
});

afterAll(async () => {
  await hash?.stop();
  await table?.stop();
});

const down = (): string => `127.0.0.1:${downPort}`;

describe("tokyoTyrantTier against the test server", () => {
  runTierConformance("hash database, immutable (raw values)", {
    create: () => tokyoTyrantTier({ servers: hash.address }),
    capabilities: { ttl: false },
    createUnreachable: () => tokyoTyrantTier({ servers: down() }),
  });

  runTierConformance("hash database, immutable, putnr writes", {
    create: () => tokyoTyrantTier({ servers: hash.address, backfillWrites: "putnr", poolSize: 1 }),
    capabilities: { ttl: false },
    createUnreachable: () => tokyoTyrantTier({ servers: down(), backfillWrites: "putnr" }),
  });

  runTierConformance("hash database, ttl", {
    create: () => tokyoTyrantTier({ servers: hash.address, ttl: true, now, keyPrefix: "ttl/" }),
    capabilities: { ttl: true },
    advanceTime,
    createUnreachable: () => tokyoTyrantTier({ servers: down(), ttl: true }),
  });

  runTierConformance("table database, immutable", {
    create: () => tokyoTyrantTier({ servers: table.address, database: "table" }),
    capabilities: { ttl: false },
    createUnreachable: () => tokyoTyrantTier({ servers: down(), database: "table" }),
  });

  runTierConformance("table database, ttl", {
    create: () => tokyoTyrantTier({ servers: table.address, database: "table", ttl: true, now }),
    capabilities: { ttl: true },
    advanceTime,
    createUnreachable: () => tokyoTyrantTier({ servers: down(), database: "table", ttl: true }),
  });
});
