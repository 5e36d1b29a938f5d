import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runCommand } from "../src/command.js";
import { ReleaseWorkspace } from "../src/release-workspace.js";

/**
 * What `scripts/version-packages.mjs` makes of a changeset, in a copy of the repository: the four
 * public packages move together (fixed group), a 0.x minor stays 0.x (changesets alone would make
 * it 1.0.0), and the adapters' peer range on core stays `workspace:^`.
 */
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const TIMEOUT_MS = 60_000;

const scratches: string[] = [];
afterEach(() => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function versionWith(releases: Record<string, "patch" | "minor">) {
  const scratch = mkdtempSync(join(tmpdir(), "tier-versioning-"));
  scratches.push(scratch);
  const workspace = await ReleaseWorkspace.copy(repositoryRoot, join(scratch, "workspace"));
  workspace.addChangeset("versioning-test", releases, "Versioning test.");
  await runCommand(process.execPath, ["scripts/version-packages.mjs"], { cwd: workspace.dir });
  const before = new Map(workspace.packages.map((pkg) => [pkg.name, pkg.version]));
  return { before, after: workspace.manifests() };
}

function bump(version: string, type: "patch" | "minor"): string {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  return type === "patch" ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
}

describe("version-packages", () => {
  it.each([
    ["a core patch", { "@tier/core": "patch" as const }, "patch" as const],
    ["a core minor", { "@tier/core": "minor" as const }, "minor" as const],
    ["an adapter's minor", { "@tier/mysql": "minor" as const }, "minor" as const],
  ])(
    "%s moves every public package by that much, and keeps the peer ranges",
    async (_, releases, type) => {
      const { before, after } = await versionWith(releases);
      const core = before.get("@tier/core") ?? "";
      expect(core.startsWith("0."), "these expectations are for the 0.x series").toBe(true);
      for (const manifest of after) {
        expect(manifest.version, manifest.name).toBe(bump(core, type));
        if (manifest.name !== "@tier/core") {
          expect(manifest.peerDependencies?.["@tier/core"], manifest.name).toBe("workspace:^");
        }
      }
    },
    TIMEOUT_MS,
  );
});
