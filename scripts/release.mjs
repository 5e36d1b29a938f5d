// `pnpm release`: builds the public packages, then `changeset publish`es the versions not yet on
// the registry that `.npmrc` names for @tier/* (see .changeset/README.md).
//
// The token never sits in a file: it comes from TIER_REGISTRY_TOKEN and reaches npm (which
// `pnpm publish` runs) as `npm_config_//<registry>/:_authToken` in the environment of this one
// command. pnpm ignores `${VAR}` credentials in a project .npmrc (and warns on every command
// when the variable is unset), so the committed .npmrc holds no credential line at all.
// Arguments are passed on to `changeset publish` (e.g. `--no-git-tag`, `--tag next`).
import { execFileSync } from "node:child_process";
import { changeset } from "./lib/changeset.mjs";
import { run } from "./lib/run.mjs";
import { publicPackages, repositoryRoot } from "./lib/workspace.mjs";

const SCOPE = "@tier";
const TOKEN_VARIABLE = "TIER_REGISTRY_TOKEN";

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

/** The scope's registry as npm resolves it at the root: the project's .npmrc, then the user's. */
function scopeRegistry() {
  const value = execFileSync("npm", ["config", "get", `${SCOPE}:registry`], {
    cwd: repositoryRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  }).trim();
  return value === "" || value === "undefined" ? undefined : value;
}

/** npm's key for a registry's credentials: `//host[:port]/path/`. */
function credentialKey(registry) {
  const url = new URL(registry);
  const path = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  return `//${url.host}${path}`;
}

const registry = scopeRegistry();
if (registry === undefined) fail(`no ${SCOPE}:registry in .npmrc: name the registry to publish to`);
const token = process.env[TOKEN_VARIABLE];
if (token === undefined || token === "") fail(`${TOKEN_VARIABLE} is not set`);

const packages = publicPackages();
console.log(`release: ${packages.map((p) => `${p.name}@${p.version}`).join(", ")} -> ${registry}`);

run("pnpm", ["--recursive", ...packages.flatMap((p) => ["--filter", p.name]), "run", "build"], {
  cwd: repositoryRoot,
});
changeset(["publish", ...process.argv.slice(2)], {
  env: {
    ...process.env,
    // changesets looks up the scope's registry only here (not in .npmrc) before it asks npm
    // which versions exist; without it, it would ask the default registry.
    [`npm_config_${SCOPE}:registry`]: registry,
    [`npm_config_${credentialKey(registry)}:_authToken`]: token,
  },
});
