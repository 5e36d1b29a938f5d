// Runs the changesets CLI directly with Node. Not through `pnpm exec`: pnpm rebuilds a script's
// environment from its own configuration, dropping the `npm_config_*` variables a caller sets
// (the release passes the registry and its token that way).
import { createRequire } from "node:module";
import { join } from "node:path";
import { run } from "./run.mjs";
import { repositoryRoot } from "./workspace.mjs";

const changesetBin = createRequire(join(repositoryRoot, "package.json")).resolve(
  "@changesets/cli/bin.js",
);

/** `changeset <args>` at the repository root. */
export function changeset(args, options = {}) {
  return run(process.execPath, [changesetBin, ...args], { cwd: repositoryRoot, ...options });
}
