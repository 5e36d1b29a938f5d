import type { RunResult } from "./model.js";

/**
 * Every origin that answered in these runs, in chain order: the tiers as the runs list them, then
 * any origin no run lists as a tier, then the source (anything named mysql) last, where it sits in
 * the chain.
 */
export function originsInChainOrder(runs: readonly RunResult[]): string[] {
  const seen = new Set<string>();
  for (const run of runs) for (const tier of run.tiers) seen.add(tier);
  const others = new Set<string>();
  for (const run of runs) {
    for (const phase of run.phases)
      for (const origin of Object.keys(phase.hitsByOrigin)) others.add(origin);
    for (const point of run.timeline)
      for (const origin of Object.keys(point.hitsByOrigin)) others.add(origin);
  }
  const sources = [...others].filter((origin) => !seen.has(origin) && origin.startsWith("mysql"));
  const rest = [...others].filter((origin) => !seen.has(origin) && !origin.startsWith("mysql"));
  return [...seen, ...rest, ...sources];
}
