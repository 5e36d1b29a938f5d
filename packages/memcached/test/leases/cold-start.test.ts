import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { type MemcachedServer, startMemcached } from "@tier/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPrefix } from "../client/helpers.js";

/**
 * Rule 18 across real processes: two Node processes, each with its own chain and its own source,
 * cold-start the same 100 keys at the same moment through one memcached. The leases must make
 * every key load exactly once between them.
 */
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const childScript = fileURLToPath(new URL("./cold-start-child.mjs", import.meta.url));
const KEYS = 100;

let server: MemcachedServer;
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The children import the package's build, which `turbo run test` does not make for the
  // package under test itself.
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], { cwd: packageDir });
  server = await startMemcached();
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await server?.stop();
});

interface ChildReport {
  readonly loaded: string[];
  readonly wrong: number;
  readonly leasesWon: number;
}

/** Starts one child; resolves `ready` once it can take "go", and `report` with its last line. */
function startChild(prefix: string): {
  ready: Promise<void>;
  report: Promise<ChildReport>;
  child: ChildProcess;
} {
  const child = spawn(process.execPath, [childScript, server.address, prefix, String(KEYS), "50"], {
    cwd: packageDir,
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith("ready\n")) resolve();
    });
    child.once("exit", () => reject(new Error(`child exited before ready: ${stderr}`)));
  });
  const report = new Promise<ChildReport>((resolve, reject) => {
    child.once("exit", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) {
        reject(new Error(`child failed (exit ${code}): ${stderr}\n${stdout}`));
      } else {
        resolve(JSON.parse(last) as ChildReport);
      }
    });
  });
  ready.catch(() => {});
  return { ready, report, child };
}

describe("two processes cold-starting the same keys", () => {
  it("load each of 100 keys exactly once between them, and every value is its key's", async () => {
    const prefix = runPrefix("cold");
    const processes = [startChild(prefix), startChild(prefix)];
    await Promise.all(processes.map((p) => p.ready));
    for (const p of processes) p.child.stdin?.write("go\n");
    const reports = await Promise.all(processes.map((p) => p.report));

    const loaded = reports.flatMap((report) => report.loaded);
    expect(loaded.length, "keys loaded from the sources in total").toBe(KEYS);
    expect(new Set(loaded).size).toBe(KEYS);
    expect(reports.map((report) => report.wrong)).toEqual([0, 0]);
    expect(reports[0]!.leasesWon + reports[1]!.leasesWon).toBe(KEYS);
  }, 60_000);
});
