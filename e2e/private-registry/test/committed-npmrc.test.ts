import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { runCommand } from "../src/command.js";
import { listWorkspacePackages } from "../src/release-workspace.js";

/**
 * The committed `.npmrc` must not get in the way of a plain install: no registry variable set,
 * no failure and no warning about it. The install runs on a copy of the manifests and the
 * lockfile, `--offline` (from the store the repository's own install filled), so only reading
 * the configuration is under test, not the network.
 */
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "tier-npmrc-"));
const TIMEOUT_MS = 60_000;

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it("holds no credential and no variable", () => {
  const npmrc = readFileSync(join(repositoryRoot, ".npmrc"), "utf8");
  expect(npmrc).toMatch(/^@tier:registry=\S+$/m);
  expect(npmrc).not.toMatch(/_authToken|_auth\b|_password|\$\{/);
});

it(
  "lets `pnpm install --frozen-lockfile` succeed without TIER_* variables, and without warnings",
  async () => {
    for (const file of ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml", ".npmrc"]) {
      cpSync(join(repositoryRoot, file), join(scratch, file));
    }
    for (const pkg of await listWorkspacePackages(repositoryRoot)) {
      const manifest = join(relative(repositoryRoot, pkg.path), "package.json");
      cpSync(join(repositoryRoot, manifest), join(scratch, manifest));
    }
    const { output } = await runCommand(
      "pnpm",
      ["install", "--frozen-lockfile", "--offline", "--ignore-scripts", "--reporter=append-only"],
      {
        cwd: scratch,
        env: { TIER_REGISTRY_TOKEN: undefined, TIER_REGISTRY_URL: undefined },
      },
    );
    expect(output).not.toMatch(/WARN.*\.npmrc|npmrc.*WARN/i);
    expect(output).toMatch(/Done in/);
  },
  TIMEOUT_MS,
);
