// `pnpm check:packages`: builds the public packages, packs each one as `pnpm publish` would, and
// checks the tarballs: their contents (no tests, no build caches, every source map resolving
// inside the tarball, every manifest target packed, no `workspace:` range left), publint
// (strict), Are the Types Wrong (types resolve under node16/nodenext from ESM and CJS, and
// bundler), and that every entry point loads with `import` and with `require()` on this Node.
//
// attw runs with the `node16` profile and ignores one rule, `cjs-resolves-to-esm`. The packages
// are ESM-only on purpose; since Node 20.19 (our `engines` floor) `require()` of an ES module
// without top-level await works, and TypeScript's `nodenext` resolution accepts it. attw's
// bundled TypeScript predates require(esm), so it still reports the CJS-to-ESM import as a
// problem. Ignoring only that rule keeps every other check for CJS importers (types that do not
// resolve, wrong module kind); that the `require()` really works is checked here by running it.
// The `node16` profile leaves out `node10` resolution, which cannot see subpath exports and which
// TypeScript 6 deprecates. attw does not look for @types packages: ours ship their own types, and
// the check never needs the network.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadProblems } from "./lib/load-check.mjs";
import { packAndUnpack } from "./lib/pack.mjs";
import { run } from "./lib/run.mjs";
import {
  forbiddenFiles,
  importableSubpaths,
  manifestProblems,
  unresolvedSourceMaps,
} from "./lib/tarball-contents.mjs";
import { publicPackages, repositoryRoot } from "./lib/workspace.mjs";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`check-packages: Node ${process.versions.node} has no require(esm); use 20.19+`);
  process.exit(1);
}

const packages = publicPackages();
run("pnpm", ["--recursive", ...packages.flatMap((p) => ["--filter", p.name]), "run", "build"], {
  cwd: repositoryRoot,
});

/** Runs a checker whose exit status is its verdict; its output is shown only when it fails. */
function tool(command, args) {
  const result = spawnSync("pnpm", ["exec", command, ...args], {
    cwd: repositoryRoot,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  if (result.status === 0) return [];
  return [`${command} failed:\n${`${result.stdout}\n${result.stderr}`.trim()}`];
}

const scratch = mkdtempSync(join(tmpdir(), "tier-check-packages-"));
let failures = 0;
try {
  const packed = [];
  for (const pkg of packages) {
    const { tarball, files, root } = packAndUnpack(pkg.dir, scratch);
    const problems = [
      ...forbiddenFiles(files),
      ...unresolvedSourceMaps(root, files),
      ...manifestProblems(root),
      ...tool("publint", ["run", tarball, "--strict"]),
      ...tool("attw", [
        tarball,
        "--profile",
        "node16",
        "--ignore-rules",
        "cjs-resolves-to-esm",
        "--no-definitely-typed",
      ]),
    ];
    const maps = files.filter((file) => file.endsWith(".map")).length;
    report(`${pkg.name}@${pkg.version}: ${files.length} files (${maps} source maps)`, problems);
    packed.push({ ...pkg, root, subpaths: importableSubpaths(root) });
  }
  const entries = packed.reduce((sum, pkg) => sum + pkg.subpaths.length, 0);
  report(
    `import and require() of ${entries} entry points on Node ${process.versions.node}`,
    loadProblems(join(scratch, "consumer"), packed),
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function report(subject, problems) {
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${subject}`);
  for (const problem of problems) console.log(`     - ${problem.replaceAll("\n", "\n       ")}`);
  failures += problems.length;
}

if (failures > 0) {
  console.log(`\ncheck-packages: ${failures} problem(s)`);
  process.exit(1);
}
