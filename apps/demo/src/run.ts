import { mysqlSource } from "@tier/mysql";
import {
  buildChain,
  KEY_PREFIX,
  MEMCACHED_TIMEOUT_MS,
  TOKYO_TYRANT_TIMEOUT_MS,
} from "./chain/build-chain.js";
import type { DemoOptions } from "./cli/options.js";
import { closeQuietly } from "./close-quietly.js";
import type { DemoItem } from "./item.js";
import { CountingSource } from "./metrics/counting-source.js";
import type { DemoOutput } from "./output.js";
import type { PhaseContext } from "./phases/phase-plan.js";
import { runPhases } from "./phases/run-phases.js";
import { formatComparison, formatHeadline, headlineRows } from "./print/comparison.js";
import { formatRunTable } from "./print/phase-table.js";
import type { DemoReport, DemoSettings, RunResult, ServiceUse } from "./report/model.js";
import { seedItems } from "./seed.js";
import { MemcachedService } from "./services/memcached-service.js";
import { connectMysql } from "./services/mysql-service.js";
import { StandInHost } from "./services/stand-in-host.js";
import { TokyoTyrantService } from "./services/tokyotyrant-service.js";

/**
 * The whole demo: find or substitute the servers, seed MySQL, run the phases with TT and (unless
 * told not to) without, print the tables, and return the report. When `signal` aborts, the phase
 * under way ends, every server the demo stopped or stalled is restored and closed, and the report
 * holds what was measured (`interrupted: true`). Failures to reach MySQL throw `DemoError`.
 */
export async function runDemo(
  options: DemoOptions,
  output: DemoOutput,
  signal: AbortSignal,
): Promise<DemoReport> {
  const startedAt = new Date().toISOString();
  const services: ServiceUse[] = [];
  const runs: RunResult[] = [];
  const settings: DemoSettings = {
    items: options.items,
    phaseSeconds: options.phaseSeconds,
    rate: options.rate,
    concurrency: options.concurrency,
    getManyShare: options.getManyShare,
    getManySize: options.getManySize,
    zipfExponent: options.zipfExponent,
    phases: options.phases,
    memcachedTimeoutMs: MEMCACHED_TIMEOUT_MS,
    ttBaseline: options.ttBaseline,
    ttTimeoutMs: TOKYO_TYRANT_TIMEOUT_MS,
  };
  const log = (line: string): void => output.line(line);

  const mysql = await connectMysql(options.mysqlUrl, log);
  services.push(mysql.use);
  let memcached: MemcachedService | undefined;
  let tokyoTyrant: TokyoTyrantService | undefined;
  let standIns: StandInHost | undefined;
  const source = mysqlSource<DemoItem>({
    connection: { uri: options.mysqlUrl, connectionLimit: 4 },
    table: options.table,
    columns: ["id", "payload"],
    mapRow: (row) => ({ id: String(row.id), payload: String(row.payload) }),
    maxBatch: 100,
    timeoutMs: 2_000,
  });
  try {
    const seeded = await seedItems(mysql.admin, options.table, options.items);
    log(
      seeded.created
        ? `seeded ${options.items.toLocaleString("en-US")} items into ${options.table} in ${(seeded.durationMs / 1_000).toFixed(1)} s`
        : `${options.table} already holds the ${options.items.toLocaleString("en-US")} items`,
    );
    if (signal.aborted) return finish();
    standIns = new StandInHost(log);
    memcached = await MemcachedService.connect(options.memcachedUrl, standIns, log);
    services.push(memcached.use);
    tokyoTyrant = await TokyoTyrantService.connect(options.ttUrl, standIns, log);
    services.push(tokyoTyrant.use);

    const load = {
      items: options.items,
      rate: options.rate,
      concurrency: options.concurrency,
      zipfExponent: options.zipfExponent,
      getManyShare: options.getManyShare,
      getManySize: options.getManySize,
    };
    const variants: { name: RunResult["name"]; tt: TokyoTyrantService | undefined }[] = [
      { name: "with-tt", tt: tokyoTyrant },
    ];
    if (options.ttBaseline) variants.push({ name: "without-tt", tt: undefined });

    for (const variant of variants) {
      if (signal.aborted) break;
      const mc = memcached;
      const tt = variant.tt;
      const context: PhaseContext = {
        memcached: mc,
        tokyoTyrant: tt,
        emptyCaches: async () => {
          await mc.flush();
          if (tt === undefined) return "memcached flushed (this chain has no Tokyo Tyrant)";
          return `memcached flushed; ${await tt.empty(KEY_PREFIX)}`;
        },
      };
      const counting = new CountingSource(source);
      const chain = buildChain(
        { memcached: mc.chainServers, tokyoTyrant: tt?.chainServer },
        counting,
      );
      const tiers = chain.stats().tiers.map((tier) => tier.name);
      log("");
      log(
        `Run ${variant.name}: ${tiers.join(" -> ")} -> mysql, ${options.phases.length} phases of ${options.phaseSeconds} s`,
      );
      let run: RunResult;
      try {
        run = await runPhases(
          chain,
          tiers,
          counting,
          context,
          { name: variant.name, phases: options.phases, phaseSeconds: options.phaseSeconds, load },
          output,
          signal,
        );
      } finally {
        const warn = (line: string): void => output.line(line);
        await closeQuietly(`the ${variant.name} chain`, () => chain.close(), warn);
        // Whatever the phases left stalled or stopped comes back before the next run.
        await closeQuietly("memcached's faults", () => mc.clearFaults(), warn);
        if (!signal.aborted) await mc.ensureRunning();
        if (tt !== undefined)
          await closeQuietly("Tokyo Tyrant's outage", () => tt.bringBack(), warn);
      }
      runs.push(run);
      log(formatRunTable(run));
    }
  } finally {
    const warn = (line: string): void => output.line(line);
    await closeQuietly("memcached", () => memcached?.close(), warn);
    await closeQuietly("the proxies and the Tokyo Tyrant stand-in", () => standIns?.close(), warn);
    await closeQuietly("the MySQL source", () => source.close(), warn);
    await closeQuietly("the MySQL admin pool", () => mysql.admin.end(), warn);
  }
  return finish();

  function finish(): DemoReport {
    const withTt = runs.find((run) => run.name === "with-tt");
    const withoutTt = runs.find((run) => run.name === "without-tt");
    const headline =
      withTt !== undefined && withoutTt !== undefined ? headlineRows(withTt, withoutTt) : [];
    if (withTt !== undefined && withoutTt !== undefined) {
      log("");
      log(formatComparison(withTt, withoutTt));
      log("");
      log(formatHeadline(headline));
    }
    const wrongValues = runs.reduce(
      (sum, run) => sum + run.phases.reduce((s, p) => s + p.wrongValues, 0),
      0,
    );
    if (signal.aborted) log("interrupted: the numbers above are what was measured until then");
    return {
      version: 1,
      startedAt,
      finishedAt: new Date().toISOString(),
      interrupted: signal.aborted,
      settings,
      services,
      runs,
      headline,
      wrongValues,
    };
  }
}
