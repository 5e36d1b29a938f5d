// What a published tarball must and must not contain. Each rule returns problems as sentences;
// an empty list means the tarball passes.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";

const DEPENDENCY_FIELDS = [
  "dependencies",
  "peerDependencies",
  "optionalDependencies",
  "devDependencies",
];

/** Test code, test config and build caches have no business in a tarball. */
const FORBIDDEN = [
  { pattern: /(^|\/)(test|tests|__tests__|__mocks__|fixtures)\//, why: "a test directory" },
  { pattern: /\.(test|spec)\.[cm]?[jt]sx?(\.map)?$/, why: "a test file" },
  { pattern: /\.(test|spec)\.d\.[cm]?ts(\.map)?$/, why: "a test declaration" },
  { pattern: /(^|\/)vitest\.config\./, why: "test configuration" },
  { pattern: /\.tsbuildinfo$/, why: "a TypeScript build cache" },
  { pattern: /(^|\/)\.reports\//, why: "a test report" },
];

export function forbiddenFiles(files) {
  return files.flatMap((file) => {
    const rule = FORBIDDEN.find(({ pattern }) => pattern.test(file));
    return rule === undefined ? [] : [`${file} is ${rule.why}`];
  });
}

/** Every source map must name sources that are in the tarball, or debuggers show nothing. */
export function unresolvedSourceMaps(root, files) {
  return files
    .filter((file) => file.endsWith(".map"))
    .flatMap((file) => {
      const path = join(root, file);
      let map;
      try {
        map = JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        return [`${file} is not a JSON source map (${error.message})`];
      }
      const base = resolve(dirname(path), map.sourceRoot ?? "");
      const sources = Array.isArray(map.sources) ? map.sources : [];
      if (sources.length === 0) return [`${file} names no sources`];
      return sources.flatMap((source) => {
        const target = resolve(base, source);
        const inside = target.startsWith(root + sep);
        if (inside && existsSync(target)) return [];
        return [
          `${file} points to ${source}, which is ${inside ? "missing" : "outside the package"}`,
        ];
      });
    });
}

/** Every file the manifest points at exists, and no `workspace:` range survived packing. */
export function manifestProblems(root) {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const problems = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith("workspace:")) {
        problems.push(`${field}.${name} is still "${range}"`);
      }
    }
  }
  const targets = [manifest.main, manifest.types, ...exportTargets(manifest.exports)];
  for (const target of targets.filter((t) => typeof t === "string")) {
    if (!existsSync(join(root, target))) problems.push(`${target} is named but not packed`);
  }
  if (manifest.type !== "module") problems.push(`"type" is not "module"`);
  return problems;
}

/** The subpaths a consumer can import (`.`, `./net`, ...), without `./package.json`. */
export function importableSubpaths(root) {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const exports = manifest.exports ?? {};
  const keys = typeof exports === "string" ? ["."] : Object.keys(exports);
  return keys.filter((key) => key.startsWith(".") && !key.endsWith(".json"));
}

function exportTargets(exports) {
  if (typeof exports === "string") return [exports];
  if (exports === null || typeof exports !== "object") return [];
  return Object.values(exports).flatMap(exportTargets);
}
