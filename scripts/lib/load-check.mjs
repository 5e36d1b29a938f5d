// Loads every entry point of the packed packages the two ways a consumer can: `import` from an
// ES module and `require()` from a CommonJS file (require(esm), Node 20.19 and newer; a top-level
// await anywhere in a package's graph makes it fail with ERR_REQUIRE_ASYNC_MODULE).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Lays out `consumer/node_modules` from unpacked tarballs (`{ name, root, dir, subpaths }`), with
 * their third-party dependencies linked from the workspace's installed copies, so the check needs
 * no registry. Returns the problems found, as sentences.
 */
export function loadProblems(consumer, packages) {
  const modules = join(consumer, "node_modules");
  for (const pkg of packages) {
    const target = join(modules, pkg.name);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(pkg.root, target, { recursive: true });
  }
  for (const pkg of packages) {
    const manifest = JSON.parse(readFileSync(join(pkg.root, "package.json"), "utf8"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const link = join(modules, dependency);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(realpathSync(join(pkg.dir, "node_modules", dependency)), link, "dir");
    }
  }
  writeFileSync(join(consumer, "package.json"), `${JSON.stringify({ private: true })}\n`);

  const specifiers = packages.flatMap((pkg) =>
    pkg.subpaths.map((subpath) => (subpath === "." ? pkg.name : `${pkg.name}${subpath.slice(1)}`)),
  );
  const list = JSON.stringify(specifiers);
  const report = (how) =>
    `if (Object.keys(loaded).length === 0) throw new Error(\`\${specifier} exports nothing via ${how}\`);`;
  writeFileSync(
    join(consumer, "require-all.cjs"),
    `for (const specifier of ${list}) { const loaded = require(specifier); ${report("require")} }\n`,
  );
  writeFileSync(
    join(consumer, "import-all.mjs"),
    `for (const specifier of ${list}) { const loaded = await import(specifier); ${report("import")} }\n`,
  );

  return ["require-all.cjs", "import-all.mjs"].flatMap((file) => {
    const result = spawnSync(process.execPath, [file], { cwd: consumer, encoding: "utf8" });
    if (result.status === 0) return [];
    return [`node ${file} failed:\n${result.stderr.trim()}`];
  });
}
