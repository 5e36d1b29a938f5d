import { describe } from "vitest";
import { batchCases } from "./cases/batch.js";
import { closeCases } from "./cases/close.js";
import { concurrencyCases } from "./cases/concurrency.js";
import { keyCases } from "./cases/keys.js";
import { ttlCases } from "./cases/ttl.js";
import { unreachableCases } from "./cases/unreachable.js";
import { valueCases } from "./cases/values.js";
import { createSuiteContext } from "./context.js";
import { type ConformanceOptions, resolveOptions } from "./options.js";

export type { ConformanceCapabilities, ConformanceOptions } from "./options.js";

/**
 * Registers the tier conformance suite with vitest, under `describe(name)`: what every tier must
 * do, whatever server is behind it (section 5 of DESIGN.md). Call it at the top level of a test
 * file, once per tier configuration.
 *
 * @example
 * runTierConformance("memoryTier", {
 *   create: () => memoryTier({ now: () => clock }),
 *   capabilities: { ttl: true },
 *   advanceTime: async (ms) => { clock += ms; },
 * });
 */
export function runTierConformance(name: string, options: ConformanceOptions): void {
  const resolved = resolveOptions(options);
  describe(`tier conformance: ${name}`, () => {
    const context = createSuiteContext(resolved);
    describe("values", () => valueCases(context));
    describe("keys", () => keyCases(context));
    describe("batches", () => batchCases(context));
    describe("TTL", () => ttlCases(context));
    describe("concurrency", () => concurrencyCases(context));
    describe("server down", () => unreachableCases(context));
    describe("close", () => closeCases(context));
  });
}
