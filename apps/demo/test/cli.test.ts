import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoReport } from "../src/report/model.js";
import { isAlive, runCli } from "./support/run-cli.js";
import { dropTable, scratchTable } from "./support/scratch-table.js";

const TABLE = scratchTable("cli");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "tier-demo-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await dropTable(TABLE);
});

describe("the demo's command line, run as a process", () => {
  it("--help prints the flags and the environment variables, and exits 0", async () => {
    const cli = runCli(["--help"]);
    expect(await cli.exited).toBe(0);
    const { stdout } = cli.output();
    for (const text of [
      "--duration",
      "--items",
      "--rate",
      "--phases",
      "--no-tt-baseline",
      "--json",
      "--html",
      "TIER_MYSQL_URL",
      "TIER_MEMCACHED_URL",
      "TIER_TOKYOTYRANT_URL",
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it("a bad flag or value exits 2 with a message naming it", async () => {
    const unknown = runCli(["--itemz", "5"]);
    expect(await unknown.exited).toBe(2);
    expect(unknown.output().stderr).toContain("unknown flag --itemz");
    const bad = runCli(["--rate", "fast"]);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toContain("--rate must be a whole number");
  });

  it("without a reachable MySQL it exits 3 and says how to provide one", async () => {
    const cli = runCli(["--items", "100"], { TIER_MYSQL_URL: "mysql://root@127.0.0.1:1/test" });
    expect(await cli.exited).toBe(3);
    const { stderr } = cli.output();
    expect(stderr).toContain("MySQL is required");
    expect(stderr).toContain("TIER_MYSQL_URL");
    expect(stderr).toContain("--mysql-url");
    expect(stderr).toMatch(/local MariaDB or MySQL works/);
  });

  it("Ctrl-C during the overload phase stops, ends its memcached and writes the partial report", async () => {
    const json = join(dir, "interrupted.json");
    const cli = runCli([
      "--items",
      "2000",
      "--duration",
      "20",
      "--phases",
      "memcached-overload",
      "--rate",
      "500",
      "--concurrency",
      "8",
      "--json",
      json,
    ]);
    await cli.waitFor("Run with-tt");
    // The overload phase starts with the run: let memcached be stalled for a while first.
    await sleep(1_500);
    cli.child.kill("SIGINT");
    expect(await cli.exited).toBe(130);
    const report = JSON.parse(await readFile(json, "utf8")) as DemoReport;
    expect(report.interrupted).toBe(true);
    expect(report.wrongValues).toBe(0);
    const phases = report.runs[0]?.phases ?? [];
    expect(phases.map((phase) => phase.phase)).toEqual(["memcached-overload"]);
    expect(phases[0]?.action).toContain("stalled");
    expect(phases[0]?.action).toContain("(interrupted)");
    expect(phases[0]?.reads).toBeGreaterThan(0);
    expect(cli.output().stdout).toContain("interrupted");
    // No memcached process of the demo's is left behind.
    const owned = report.services.find((use) => use.role === "memcached" && use.substituted);
    const pid = Number(/pid (\d+)/.exec(owned?.note ?? "")?.[1] ?? 0);
    if (pid > 0) expect(isAlive(pid)).toBe(false);
  }, 60_000);
});
