import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createTokyoTyrantClient, type TokyoTyrantClient } from "../../src/client.js";
import { startTokyoTyrantTestServer, type TokyoTyrantTestServer } from "../../src/testing/index.js";
import {
  type TokyoTyrantTier,
  type TokyoTyrantTierOptions,
  tokyoTyrantTier,
} from "../../src/tier.js";
import { TestClock } from "./support.js";

/** Two test servers for a test file, and per test a clock, a key prefix and tiers to close. */
export interface TierFixture {
  readonly server: TokyoTyrantTestServer;
  /** A second server, for tests with shards. */
  readonly shard: TokyoTyrantTestServer;
  /** A client of `server`, to look at what a tier stored. */
  readonly direct: TokyoTyrantClient;
  readonly clock: TestClock;
  /** This test's own key prefix. */
  readonly prefix: string;
  /** A tier on `server` with the file's defaults and `options`, closed after the test. */
  open(options?: Partial<TokyoTyrantTierOptions>): TokyoTyrantTier;
}

/** Registers the hooks of a test file whose tiers use `database` servers. */
export function useTierFixture(
  database: "hash" | "table",
  defaults: (fixture: TierFixture) => Partial<TokyoTyrantTierOptions>,
): TierFixture {
  const opened: TokyoTyrantTier[] = [];
  let run = 0;
  const state = {} as {
    server: TokyoTyrantTestServer;
    shard: TokyoTyrantTestServer;
    direct: TokyoTyrantClient;
    clock: TestClock;
    prefix: string;
  };
  const fixture: TierFixture = {
    get server() {
      return state.server;
    },
    get shard() {
      return state.shard;
    },
    get direct() {
      return state.direct;
    },
    get clock() {
      return state.clock;
    },
    get prefix() {
      return state.prefix;
    },
    open(options = {}) {
      const tier = tokyoTyrantTier({
        servers: state.server.address,
        database,
        ...defaults(fixture),
        ...options,
      } as TokyoTyrantTierOptions);
      opened.push(tier);
      return tier;
    },
  };

  beforeAll(async () => {
    state.server = await startTokyoTyrantTestServer({ database });
    state.shard = await startTokyoTyrantTestServer({ database });
    state.direct = createTokyoTyrantClient({ servers: state.server.address, database });
  });

  afterAll(async () => {
    await state.direct?.close();
    await state.server?.stop();
    await state.shard?.stop();
  });

  beforeEach(() => {
    run += 1;
    state.clock = new TestClock();
    state.prefix = `t${run}:`;
    state.server.resetRequestCounts();
    state.shard.resetRequestCounts();
  });

  afterEach(async () => {
    state.server.resume();
    state.shard.resume();
    await Promise.all(opened.splice(0).map((tier) => tier.close()));
  });

  return fixture;
}
