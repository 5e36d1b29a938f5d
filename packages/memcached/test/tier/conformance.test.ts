import {
  freeLoopbackPort,
  type MemcachedServer,
  runTierConformance,
  startMemcached,
} from "@tier/testkit";
import { afterAll, beforeAll, describe } from "vitest";
import { memcachedTier } from "../../src/index.js";

let server: MemcachedServer;
let downPort: number;

beforeAll(async () => {
  server = await startMemcached({ memoryMb: 128 });
  downPort = await freeLoopbackPort();
});

afterAll(async () => {
  await server?.stop();
});

describe("memcachedTier against a real memcached", () => {
  runTierConformance("memcached tier", {
    create: () => memcachedTier({ servers: server.address }),
    capabilities: { ttl: true },
    createUnreachable: () => memcachedTier({ servers: `127.0.0.1:${downPort}` }),
  });
});
