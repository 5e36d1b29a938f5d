import { defineConfig } from "vitest/config";

/**
 * Every package runs its own vitest, and every run writes a JSON report under `.reports/` so that
 * CI can add up one `N passed, N failed` line for the whole repository.
 */
export const sharedTestConfig = defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".reports/vitest.json" },
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
