import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runCommand } from "./command.js";

/** What a release reads at the repository root. */
const ROOT_ENTRIES = [
  "package.json",
  "pnpm-workspace.yaml",
  "pnpm-lock.yaml",
  ".npmrc",
  "tsconfig.base.json",
  "scripts",
  ".changeset/config.json",
];

/**
 * What a release reads in a package: its sources and build configuration, its last build (so an
 * up-to-date `dist` is not rebuilt; `tsc -b` rebuilds what is stale), and its `node_modules`,
 * whose links are relative and so point into the copy (the root `node_modules` is linked).
 */
const PACKAGE_ENTRIES = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "README.md",
  "CHANGELOG.md",
  "src",
  "dist",
  "node_modules",
];

export interface PublicPackage {
  readonly name: string;
  readonly version: string;
  /** The directory in the copy. */
  readonly dir: string;
}

/**
 * A copy of the repository with only what `pnpm release` needs, so that versioning and
 * publishing can change files there while the working tree stays untouched. A copy (rather
 * than a git worktree or clone) also carries uncommitted changes, which is what a developer
 * running the test wants tested, and needs no install: the dependencies are the repository's.
 */
export class ReleaseWorkspace {
  private constructor(
    readonly dir: string,
    readonly packages: readonly PublicPackage[],
  ) {}

  static async copy(repositoryRoot: string, target: string): Promise<ReleaseWorkspace> {
    const workspacePackages = await listWorkspacePackages(repositoryRoot);
    mkdirSync(target, { recursive: true });
    for (const entry of ROOT_ENTRIES) copyIfPresent(repositoryRoot, target, entry);
    symlinkSync(join(repositoryRoot, "node_modules"), join(target, "node_modules"), "dir");
    const packages: PublicPackage[] = [];
    for (const source of workspacePackages) {
      const dir = join(target, relative(repositoryRoot, source.path));
      if (source.private === true) {
        // Only the manifest: packing resolves `workspace:` ranges of dev dependencies too.
        copyIfPresent(source.path, dir, "package.json");
        continue;
      }
      for (const entry of PACKAGE_ENTRIES) copyIfPresent(source.path, dir, entry);
      const manifest = readManifest(dir);
      packages.push({ name: manifest.name, version: manifest.version, dir });
    }
    return new ReleaseWorkspace(target, packages);
  }

  /** Replaces the `@tier:registry` line of the copy's `.npmrc`; throws when there is none. */
  pointScopeAt(registry: string): void {
    const file = join(this.dir, ".npmrc");
    const text = readFileSync(file, "utf8");
    const line = /^@tier:registry=.*$/m;
    if (!line.test(text)) throw new Error(".npmrc names no @tier:registry");
    writeFileSync(file, text.replace(line, `@tier:registry=${registry}`));
  }

  /** Writes a changeset into the copy's `.changeset/`. */
  addChangeset(
    id: string,
    releases: Readonly<Record<string, "patch" | "minor" | "major">>,
    summary: string,
  ): void {
    const header = Object.entries(releases).map(([name, type]) => `"${name}": ${type}`);
    writeFileSync(
      join(this.dir, ".changeset", `${id}.md`),
      `---\n${header.join("\n")}\n---\n\n${summary}\n`,
    );
  }

  /** The packages' manifests as they are now (after versioning, say). */
  manifests(): { name: string; version: string; peerDependencies?: Record<string, string> }[] {
    return this.packages.map((pkg) => readManifest(pkg.dir));
  }
}

/** The workspace's packages (their directories, and whether they are private), the root left out. */
export async function listWorkspacePackages(
  repositoryRoot: string,
): Promise<{ path: string; private?: boolean }[]> {
  const { stdout: listing } = await runCommand(
    "pnpm",
    ["ls", "--recursive", "--depth", "-1", "--json"],
    {
      cwd: repositoryRoot,
    },
  );
  const entries = JSON.parse(listing) as { path: string; private?: boolean }[];
  return entries.filter((entry) => relative(repositoryRoot, entry.path) !== "");
}

function copyIfPresent(fromDir: string, toDir: string, entry: string): void {
  const from = join(fromDir, entry);
  if (!existsSync(from)) return;
  // Timestamps kept, so `tsc -b` sees an up-to-date build as up to date; links kept as written.
  cpSync(from, join(toDir, entry), {
    recursive: true,
    preserveTimestamps: true,
    verbatimSymlinks: true,
  });
}

function readManifest(dir: string): {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
}
