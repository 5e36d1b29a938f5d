// What the release scripts need to know about the workspace: where it is and which of its
// packages are published.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root (the directory above `scripts/`). */
export const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The packages that are published: every workspace package not marked `private`, as pnpm sees
 * the workspace (so a new public package is released and checked without editing any list).
 */
export function publicPackages(root = repositoryRoot) {
  const listing = execFileSync("pnpm", ["ls", "--recursive", "--depth", "-1", "--json"], {
    cwd: root,
    encoding: "utf8",
  });
  return JSON.parse(listing)
    .filter((entry) => entry.private !== true)
    .map((entry) => ({ name: entry.name, version: entry.version, dir: entry.path }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
