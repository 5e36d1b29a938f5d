/**
 * Median-of-rounds timing, as in bench/core: every case runs for `roundMs` in each of `rounds`
 * rounds, the cases taking turns within a round, so that a noisy neighbour on a shared machine
 * slows all of them alike, and one slow round cannot move a median.
 */
export interface BenchCase {
  readonly name: string;
  /** Operations one call of `run` performs (100 for a getMany of 100 keys). */
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
  options: { rounds: number; roundMs: number; warmupMs: number },
): Promise<BenchResult[]> {
  for (const c of cases) await timeRuns(c, options.warmupMs);
  const samples = cases.map(() => [] as number[]);
  for (let r = 0; r < options.rounds; r++) {
    for (let i = 0; i < cases.length; i++) {
      samples[i]!.push(await timeRuns(cases[i]!, options.roundMs));
    }
    process.stderr.write(`round ${r + 1}/${options.rounds} done\n`);
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
    for (let i = 0; i < 16; i++) await c.run();
    ops += 16 * c.opsPerRun;
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
