import { memoryTier } from "@tier/core";
import { runTierConformance } from "../src/conformance/index.js";

// One clock for every tier the suite creates: TTL tests advance it instead of sleeping.
let clock = 0;

runTierConformance("memoryTier", {
  create: () => memoryTier({ now: () => clock }),
  capabilities: { ttl: true },
  advanceTime: async (ms) => {
    clock += ms;
  },
});

runTierConformance("memoryTier (small bounds)", {
  // Small enough that the suite's maxValueBytes cases run quickly, big enough for its 1,000 keys.
  create: () => memoryTier({ maxEntries: 2_000, maxBytes: 1024 * 1024, now: () => clock }),
  capabilities: { ttl: true },
  advanceTime: async (ms) => {
    clock += ms;
  },
});
