import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type MemcachedServer, startMemcached } from "@tier/testkit/services";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../src/command.js";
import { Consumer } from "../src/consumer.js";
import { ReleaseWorkspace } from "../src/release-workspace.js";
import { startVerdaccio, type Verdaccio } from "../src/verdaccio.js";

/**
 * The path a company takes: `pnpm release` publishes every public package to a private registry
 * (verdaccio, serving @tier/* from itself and nothing else), then projects outside the
 * workspace install only the adapters their hardware has, and run them against real servers.
 *
 * Versioning and publishing happen in a copy of the repository (see ReleaseWorkspace), so the
 * working tree is never changed. The whole run is timed and the time printed.
 */
const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const programs = fileURLToPath(new URL("../programs", import.meta.url));
const mysqlUrl = process.env.TIER_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const packageManager: string = JSON.parse(
  readFileSync(join(repositoryRoot, "package.json"), "utf8"),
).packageManager;

const ADAPTERS = ["@tier/memcached", "@tier/tokyotyrant", "@tier/mysql"];
const SETUP_TIMEOUT_MS = 240_000;
const CONSUMER_TIMEOUT_MS = 120_000;

const startedAt = performance.now();
const phases: string[] = [];
let scratch: string;
let verdaccio: Verdaccio | undefined;
let workspace: ReleaseWorkspace;
let released: Map<string, string>;

async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    phases.push(`${phase} ${((performance.now() - start) / 1000).toFixed(1)}s`);
  }
}

function nextPatch(version: string): string {
  const [major, minor, patch] = version.split(".").map(Number);
  return `${major}.${minor}.${(patch ?? 0) + 1}`;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "tier-private-registry-"));
  verdaccio = await timed("verdaccio start", () => startVerdaccio(join(scratch, "registry")));
  const registry = verdaccio.url;
  const token = await verdaccio.addUser("tier-release", randomBytes(16).toString("hex"));

  workspace = await timed("workspace copy", () =>
    ReleaseWorkspace.copy(repositoryRoot, join(scratch, "workspace")),
  );
  workspace.pointScopeAt(registry);
  workspace.addChangeset(
    "private-registry-test",
    { "@tier/core": "patch" },
    "Released by the private-registry test.",
  );
  await timed("version", () =>
    runCommand(process.execPath, ["scripts/version-packages.mjs"], { cwd: workspace.dir }),
  );
  await timed("pnpm release", () =>
    runCommand("pnpm", ["release", "--no-git-tag"], {
      cwd: workspace.dir,
      env: { TIER_REGISTRY_TOKEN: token },
    }),
  );
  released = new Map(workspace.manifests().map((m) => [m.name, m.version]));
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
  await verdaccio?.stop();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  const total = ((performance.now() - startedAt) / 1000).toFixed(1);
  console.log(`private-registry e2e: ${total}s in all (${phases.join(", ")})`);
});

function consumer(name: string, packages: readonly string[]): Consumer {
  const dependencies = Object.fromEntries(
    packages.map((pkg) => [pkg, released.get(pkg) ?? "missing"]),
  );
  return Consumer.create(join(scratch, name), {
    registry: verdaccio?.url ?? "",
    dependencies,
    packageManager,
  });
}

async function published(name: string): Promise<{ versions: Record<string, unknown> }> {
  const response = await fetch(`${verdaccio?.url}${name.replace("/", "%2f")}`);
  expect(response.status, `${name} on the registry`).toBe(200);
  return (await response.json()) as { versions: Record<string, unknown> };
}

describe("pnpm release to a private registry", () => {
  it("publishes every public package at the version its changeset gives", async () => {
    expect([...released.keys()].sort()).toEqual(["@tier/core", ...ADAPTERS].sort());
    for (const pkg of workspace.packages) {
      const expected = nextPatch(pkg.version);
      expect(released.get(pkg.name), pkg.name).toBe(expected);
      expect(Object.keys((await published(pkg.name)).versions), pkg.name).toEqual([expected]);
    }
  });

  it("serves nothing but @tier/*, and publishes only for an authenticated user", async () => {
    const outside = await fetch(`${verdaccio?.url}mysql2`);
    expect(outside.status).toBeGreaterThanOrEqual(400);
    const anonymous = await fetch(`${verdaccio?.url}@tier%2fcore`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "@tier/core", versions: {} }),
    });
    expect([401, 403]).toContain(anonymous.status);
  });
});

describe("a consumer with only Tokyo Tyrant", () => {
  let project: Consumer;

  beforeAll(async () => {
    project = consumer("consumer-tokyotyrant", ["@tier/core", "@tier/tokyotyrant"]);
    await timed("consumer A install", () => project.install());
  }, CONSUMER_TIMEOUT_MS);

  it("installs core and tokyotyrant, and no memcached or mysql package", () => {
    expect(project.topLevelTierPackages()).toEqual(["core", "tokyotyrant"]);
    const installed = project.installedPackages().join("\n");
    const lockfile = project.lockfile();
    for (const absent of ["@tier+memcached", "@tier+mysql", "mysql2"]) {
      expect(installed).not.toContain(absent);
    }
    for (const absent of ["@tier/memcached", "@tier/mysql", "mysql2", "memcached"]) {
      expect(lockfile).not.toContain(absent);
    }
  });

  it("gets core as a peer with a range that admits the core it was released with", () => {
    const peers = project.installedManifest("@tier/tokyotyrant").peerDependencies;
    expect(peers?.["@tier/core"]).toBe(`^${released.get("@tier/core")}`);
  });

  it(
    "reads through memory and Tokyo Tyrant; after a restart TT answers and the source rests",
    async () => {
      const output = await timed("consumer A run", () =>
        project.run(join(programs, "core-and-tokyotyrant.mjs")),
      );
      const result = JSON.parse(output);
      const expected = ["1", "2", "3", "4", "5"].map((id) => ({ id, title: `article ${id}` }));
      expect(result.first).toEqual(expected);
      expect(result.second).toEqual(expected);
      expect(result.loadsWhenCold).toBe(1);
      expect(result.recordsInTokyoTyrant).toBe(5);
      expect(result.loadsAfterRestart).toBe(0);
      expect(result.tokyoTyrantHits).toBe(5);
    },
    CONSUMER_TIMEOUT_MS,
  );

  it("can require() the ESM-only packages from CommonJS", async () => {
    const output = await project.run(join(programs, "require-packages.cjs"), [
      "@tier/core",
      "@tier/tokyotyrant",
    ]);
    const exported = JSON.parse(output);
    expect(exported["@tier/core"]).toEqual(expect.arrayContaining(["createChain", "memoryTier"]));
    expect(exported["@tier/tokyotyrant"]).toEqual(expect.arrayContaining(["tokyoTyrantTier"]));
  });
});

describe("a consumer with memcached and MySQL", () => {
  const table = `tier_e2e_registry_${process.pid}_${Date.now()}`;
  let project: Consumer;
  let memcached: MemcachedServer;
  let admin: MysqlConnection | undefined;

  beforeAll(async () => {
    project = consumer("consumer-memcached-mysql", [
      "@tier/core",
      "@tier/memcached",
      "@tier/mysql",
    ]);
    await timed("consumer B install", () => project.install());
    memcached = await startMemcached();
    admin = await connectThroughInstalledMysql2(project.dir);
    await admin.query(
      `CREATE TABLE \`${table}\` (id BIGINT PRIMARY KEY, title VARCHAR(100) NOT NULL)`,
    );
    await admin.query(`INSERT INTO \`${table}\` (id, title) VALUES ?`, [
      [1, 2, 3, 4, 5].map((id) => [id, `article ${id}`]),
    ]);
  }, CONSUMER_TIMEOUT_MS);

  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS \`${table}\``);
    await admin?.end();
    await memcached?.stop();
  });

  it("installs core, memcached and mysql (with mysql2), and no tokyotyrant", () => {
    expect(project.topLevelTierPackages()).toEqual(["core", "memcached", "mysql"]);
    expect(project.installedPackages().join("\n")).toContain("mysql2@");
    expect(project.lockfile()).not.toContain("@tier/tokyotyrant");
  });

  it(
    "loads from MariaDB once, then every read is a memcached hit",
    async () => {
      const output = await timed("consumer B run", () =>
        project.run(join(programs, "core-memcached-mysql.mjs"), [
          memcached.address,
          mysqlUrl,
          table,
        ]),
      );
      const result = JSON.parse(output);
      const expected = ["1", "2", "3", "4", "5"].map((id) => ({ id, title: `article ${id}` }));
      expect(result.first).toEqual(expected);
      expect(result.second).toEqual(expected);
      expect(result.loadsWhenCold).toBe(1);
      expect(result.loadsWhenWarm).toBe(0);
      expect(result.memcachedHits).toBe(5);
    },
    CONSUMER_TIMEOUT_MS,
  );
});

interface MysqlConnection {
  query(sql: string, values?: unknown[]): Promise<unknown>;
  end(): Promise<void>;
}

/**
 * The table is made with the mysql2 that @tier/mysql brought into the consumer (this package
 * has no database client of its own, and the consumer's is the one under test anyway).
 */
async function connectThroughInstalledMysql2(consumerDir: string): Promise<MysqlConnection> {
  const fromAdapter = createRequire(
    join(consumerDir, "node_modules", "@tier", "mysql", "package.json"),
  );
  const mysql2 = (await import(pathToFileURL(fromAdapter.resolve("mysql2/promise")).href)) as {
    default: { createConnection(uri: string): Promise<MysqlConnection> };
  };
  return mysql2.default.createConnection(mysqlUrl);
}
