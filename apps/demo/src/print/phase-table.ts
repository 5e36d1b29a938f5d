import type { PhaseResult, RunResult } from "../report/model.js";
import { count, ms, rate, share, table } from "./format.js";

/** One line per phase of a run: what the demo did, and what the chain and MySQL did about it. */
export function formatRunTable(run: RunResult): string {
  const origins = [...run.tiers, "mysql"];
  const header = [
    "phase",
    "reads/s",
    "p50",
    "p95",
    "p99",
    ...origins.map((origin) => `${shortName(origin)} hits`),
    "MySQL q/s",
    "rows/s",
    "prev-read rows",
    "errors",
    "wrong",
    "breakers",
  ];
  const rows = run.phases.map((phase) => phaseRow(phase, origins));
  const actions = run.phases.map((phase) => `  ${phase.title}: ${phase.action}`);
  return [
    `${run.name === "with-tt" ? "With Tokyo Tyrant" : "Without Tokyo Tyrant (baseline)"}: ${run.tiers.join(" -> ")} -> mysql`,
    table([header, ...rows]),
    ...actions,
  ].join("\n");
}

function phaseRow(phase: PhaseResult, origins: readonly string[]): string[] {
  const answered =
    phase.keysAnswered ?? Object.values(phase.hitsByOrigin).reduce((a, b) => a + b, 0);
  return [
    phase.title,
    rate(phase.readsPerSecond),
    ms(phase.latencyMs.p50),
    ms(phase.latencyMs.p95),
    ms(phase.latencyMs.p99),
    ...origins.map((origin) => share(phase.hitsByOrigin[origin] ?? 0, answered)),
    rate(phase.mysql.queriesPerSecond),
    rate(phase.mysql.rowsPerSecond),
    count(phase.mysqlRowsPreviouslyRead ?? 0),
    count(phase.errors),
    count(phase.wrongValues),
    Object.entries(phase.breakers)
      .map(([tier, state]) => `${shortName(tier)}:${state}`)
      .join(" "),
  ];
}

export function shortName(origin: string): string {
  if (origin === "memcached") return "mc";
  if (origin === "tokyotyrant") return "tt";
  return origin;
}
