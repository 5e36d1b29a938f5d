// Packs a workspace package the way `pnpm publish` does (workspace: ranges replaced, `files`
// applied) and unpacks the tarball, so checks look at exactly what a consumer would install.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * Packs `dir` into `destination` and unpacks it into `destination/unpacked/<tarball name>`.
 * Resolves to the tarball's path, its file list as pnpm reports it, and the unpacked root.
 */
export function packAndUnpack(dir, destination) {
  const report = JSON.parse(
    execFileSync("pnpm", ["pack", "--pack-destination", destination, "--json"], {
      cwd: dir,
      encoding: "utf8",
    }),
  );
  const tarball = report.filename;
  const unpacked = join(
    destination,
    "unpacked",
    tarball
      .split("/")
      .pop()
      .replace(/\.tgz$/, ""),
  );
  mkdirSync(unpacked, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", unpacked]);
  return { tarball, files: report.files.map((f) => f.path), root: join(unpacked, "package") };
}
