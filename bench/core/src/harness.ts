/**
 * A small benchmark harness: every case runs for `roundMs` in each of `rounds` rounds, the cases
 * taking turns within a round, so that a noisy neighbour on this shared machine slows all of them
 * alike. Reports the median ops/s over the rounds, which a single slow round cannot move.
 */
export interface BenchCase {
  readonly name: string;
  /** Operations one call of `run` performs (e.g. 100 for a getMany of 100 keys). */
  readonly opsPerRun: number;
  run(): Promise<unknown>;
}

export interface BenchResult {
  readonly name: string;
  readonly medianOpsPerSecond: number;
  readonly rounds: readonly number[];
}

export async function runBench(
  cases: readonly BenchCase[],
  options: { rounds?: number; roundMs?: number; warmupMs?: number } = {},
): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 400;
  for (const c of cases) await timeRuns(c, options.warmupMs ?? 300);
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < cases.length; i++) samples[i]!.push(await timeRuns(cases[i]!, roundMs));
  }
  return cases.map((c, i) => ({
    name: c.name,
    medianOpsPerSecond: median(samples[i]!),
    rounds: samples[i]!,
  }));
}

async function timeRuns(c: BenchCase, ms: number): Promise<number> {
  const started = performance.now();
  const until = started + ms;
  let ops = 0;
  let now = started;
  while (now < until) {
    // Check the clock every 64 runs: reading it costs as much as a fast run.
    for (let i = 0; i < 64; i++) await c.run();
    ops += 64 * c.opsPerRun;
    now = performance.now();
  }
  return (ops / (now - started)) * 1000;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)}M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)}k`;
  return ops.toFixed(0);
}
