// `changeset version`, with one correction while the packages are 0.x (see .changeset/README.md).
//
// The adapters take @tier/core as a peer (`workspace:^`, published as `^0.N.M`). Changesets 2.x
// bumps a peer dependent *major* whenever a new version of the peer leaves the dependent's range,
// and in 0.x every minor of core leaves `^0.N`: a core minor (or, through the fixed group, any
// minor) would release every package as 1.0.0 (changesets/changesets#794). So, for this one
// command, each `workspace:^` peer on a 0.x package reads `workspace:<1.0.0`: changesets then
// computes the bump from the changesets alone, and the fixed group still releases the adapters
// with core, at the same version. The ranges are put back afterwards, whatever happens, so what
// is committed and published stays `workspace:^` / `^0.N.M`. From 1.0 on this does nothing.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { changeset } from "./lib/changeset.mjs";
import { publicPackages } from "./lib/workspace.mjs";

const CARET = "workspace:^";
const BELOW_ONE = "workspace:<1.0.0";

const packages = publicPackages();
const zeroMajor = new Set(packages.filter((p) => p.version.startsWith("0.")).map((p) => p.name));

/**
 * Sets one peer range in a manifest's text, leaving the rest of the file as it is. `from` matches
 * the current range (any `workspace:` range when omitted: on a major, changesets rewrites it).
 */
function setPeerRange(file, name, to, from) {
  const text = readFileSync(file, "utf8");
  const section = text.indexOf('"peerDependencies"');
  if (section < 0) return false;
  const current = new RegExp(`"${name.replace(/[/@.]/g, "\\$&")}": "(workspace:[^"]*)"`, "g");
  current.lastIndex = section;
  const match = current.exec(text);
  const sectionEnd = text.indexOf("}", section);
  if (match === null || match.index > sectionEnd) return false;
  if (from !== undefined && match[1] !== from) return false;
  const replaced = `"${name}": "${to}"`;
  writeFileSync(file, text.slice(0, match.index) + replaced + text.slice(current.lastIndex));
  return true;
}

const widened = [];
try {
  for (const pkg of packages) {
    const file = join(pkg.dir, "package.json");
    const peers = JSON.parse(readFileSync(file, "utf8")).peerDependencies ?? {};
    for (const [name, range] of Object.entries(peers)) {
      if (range !== CARET || !zeroMajor.has(name)) continue;
      if (setPeerRange(file, name, BELOW_ONE, CARET)) widened.push({ file, name });
    }
  }
  changeset(["version", ...process.argv.slice(2)]);
} finally {
  for (const { file, name } of widened) {
    if (!setPeerRange(file, name, CARET)) {
      console.error(`could not restore ${name}'s peer range in ${file}: set it to "${CARET}"`);
      process.exitCode = 1;
    }
  }
}
