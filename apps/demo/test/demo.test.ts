import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoReport, PhaseName, PhaseResult, RunResult } from "../src/report/model.js";
import { runCli } from "./support/run-cli.js";
import { dropTable, scratchTable } from "./support/scratch-table.js";

/**
 * The acceptance, checked on a short demo against real servers: MariaDB, a memcached the
 * demo starts (or the one at TIER_MEMCACHED_URL), and the TT-compatible test server.
 */
let dir: string;
let report: DemoReport;
let stdout: string;
let exitCode: number | null;

const TABLE = scratchTable("acceptance");
const CONCURRENCY = 16;
const GET_MANY_SIZE = 10;
/** What a TT read may add to a read whose memcached call ran into its deadline. */
const TT_ALLOWANCE_MS = 150;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tier-demo-"));
  const cli = runCli([
    "--items",
    "2000",
    "--duration",
    "1.5",
    "--rate",
    "1000",
    "--concurrency",
    String(CONCURRENCY),
    "--get-many-size",
    String(GET_MANY_SIZE),
    "--json",
    join(dir, "report.json"),
    "--html",
    join(dir, "report.html"),
  ]);
  exitCode = await cli.exited;
  stdout = cli.output().stdout;
  if (exitCode !== 0)
    throw new Error(`demo exited ${exitCode}:\n${stdout}\n${cli.output().stderr}`);
  report = JSON.parse(await readFile(join(dir, "report.json"), "utf8")) as DemoReport;
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await dropTable(TABLE);
});

function run(name: RunResult["name"]): RunResult {
  const found = report.runs.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no run ${name}`);
  return found;
}

function phase(name: RunResult["name"], phaseName: PhaseName): PhaseResult {
  const found = run(name).phases.find((candidate) => candidate.phase === phaseName);
  if (found === undefined) throw new Error(`no phase ${phaseName} in ${name}`);
  return found;
}

describe("a short demo against real servers", () => {
  it("runs all six phases with TT and without, and every value returned is its id's row", () => {
    expect(exitCode).toBe(0);
    expect(report.interrupted).toBe(false);
    expect(run("with-tt").tiers).toEqual(["memcached", "tokyotyrant"]);
    expect(run("without-tt").tiers).toEqual(["memcached"]);
    for (const result of report.runs) {
      expect(result.phases.map((p) => p.phase)).toEqual([
        "cold",
        "warm",
        "memcached-restart",
        "memcached-overload",
        "tt-down",
        "recovered",
      ]);
      for (const p of result.phases) {
        expect(p.wrongValues, `${result.name} ${p.phase}`).toBe(0);
        expect(p.reads, `${result.name} ${p.phase}`).toBeGreaterThan(0);
      }
    }
    expect(report.wrongValues).toBe(0);
  });

  it("after the memcached restart, items read before come from TT: zero MySQL rows for them", () => {
    const restart = phase("with-tt", "memcached-restart");
    expect(restart.mysqlRowsPreviouslyRead).toBe(0);
    expect(restart.hitsByOrigin.tokyotyrant ?? 0).toBeGreaterThan(0);
  });

  it("without TT, the restart sends memcached's misses to MySQL, previously read items included", () => {
    const restart = phase("without-tt", "memcached-restart");
    const misses = restart.missesByTier?.memcached ?? 0;
    expect(misses).toBeGreaterThan(0);
    // Equal but for the calls in flight at the phase's two edges, whose miss and load fall on
    // either side of a boundary.
    const inFlightKeys = 2 * CONCURRENCY * GET_MANY_SIZE;
    expect(Math.abs(restart.mysql.rows - misses)).toBeLessThanOrEqual(inFlightKeys);
    expect(restart.mysqlRowsPreviouslyRead ?? 0).toBeGreaterThan(0);
  });

  it("while memcached is overloaded, reads keep succeeding within its deadline plus a TT read", () => {
    const overload = phase("with-tt", "memcached-overload");
    expect(overload.errors).toBe(0);
    expect(overload.latencyMs.p99).toBeLessThanOrEqual(
      report.settings.memcachedTimeoutMs + TT_ALLOWANCE_MS,
    );
    expect(overload.hitsByOrigin.memcached ?? 0).toBe(0);
    expect(overload.hitsByOrigin.tokyotyrant ?? 0).toBeGreaterThan(0);
  });

  it("prints both runs side by side with the headline, which counts the queries TT saved", () => {
    expect(stdout).toContain("Side by side");
    expect(stdout).toMatch(/Headline: Tokyo Tyrant saved [\d,]+ MySQL queries/);
    expect(report.headline.map((row) => row.phase)).toEqual([
      "memcached-restart",
      "memcached-overload",
    ]);
    for (const row of report.headline) {
      expect(row.saved).toBe(row.withoutTt - row.withTt);
      expect(row.saved).toBeGreaterThan(0);
    }
  });

  it("writes an HTML report next to the JSON", async () => {
    const html = await readFile(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain("<svg");
  });
});
