/**
 * The timing every benchmark of this repository uses: in each of `rounds` rounds every case runs
 * for `roundMs` in total, in slices of `sliceMs`, the cases taking turns slice by slice. A noisy
 * neighbour on a shared machine then slows every case of a round alike instead of the one whose
 * turn it was, so the ratios between cases stay meaningful. Reports the median ops/s over the
 * rounds, which a single slow round cannot move.
 */
export interface BenchCase {
  readonly name: string;
  /** Operations one call of `run` performs (e.g. 100 for an mget of 100 keys). */
  readonly opsPerRun: number;
  run(): Promise<unknown>;
}

export interface BenchResult {
  readonly name: string;
  readonly medianOpsPerSecond: number;
  readonly rounds: readonly number[];
}

export interface BenchOptions {
  /** Default 7. */
  readonly rounds?: number;
  /** Time each case runs per round, in ms. Default 400. */
  readonly roundMs?: number;
  /** Length of one turn, in ms; `roundMs` (one turn per case per round) by default. */
  readonly sliceMs?: number;
  /** Untimed running of every case first, in ms. Default 300. */
  readonly warmupMs?: number;
  /**
   * Runs between two readings of the clock. Default 1; raise it for cases of a microsecond or
   * less, where reading the clock costs as much as a run.
   */
  readonly runsPerCheck?: number;
  /** Hears of each finished round, e.g. to show progress. */
  readonly onRound?: (round: number, rounds: number) => void;
}

export async function runBench(
  cases: readonly BenchCase[],
  options: BenchOptions = {},
): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 400;
  const turn = { sliceMs: options.sliceMs ?? roundMs, runsPerCheck: options.runsPerCheck ?? 1 };
  await interleaved(cases, options.warmupMs ?? 300, turn);
  const samples = cases.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    // Garbage of the previous round is collected before this one, on nobody's time.
    (globalThis as { gc?: () => void }).gc?.();
    const rates = await interleaved(cases, roundMs, turn);
    for (let i = 0; i < rates.length; i++) samples[i]!.push(rates[i]!);
    options.onRound?.(round + 1, rounds);
  }
  return cases.map((c, i) => ({
    name: c.name,
    medianOpsPerSecond: median(samples[i]!),
    rounds: samples[i]!,
  }));
}

/** Runs the cases slice by slice until each has run `ms`; returns each one's ops per second. */
async function interleaved(
  cases: readonly BenchCase[],
  ms: number,
  { sliceMs, runsPerCheck }: { sliceMs: number; runsPerCheck: number },
): Promise<number[]> {
  const spent = cases.map(() => 0);
  const ops = cases.map(() => 0);
  while (spent.some((t) => t < ms)) {
    for (let i = 0; i < cases.length; i++) {
      if (spent[i]! >= ms) continue;
      const c = cases[i]!;
      const started = performance.now();
      const until = started + sliceMs;
      let now = started;
      while (now < until) {
        for (let r = 0; r < runsPerCheck; r++) await c.run();
        ops[i]! += runsPerCheck * c.opsPerRun;
        now = performance.now();
      }
      spent[i]! += now - started;
    }
  }
  return cases.map((_, i) => (ops[i]! / spent[i]!) * 1000);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * How `a` did against `b`: the median of their ratios within each round. The cases of a round run
 * slice by slice together, so the load other processes put on a shared machine drifts less
 * between them than across rounds.
 */
export function medianRatio(a: BenchResult, b: BenchResult): number {
  return median(a.rounds.map((value, i) => value / b.rounds[i]!));
}

/** Keeps the cases whose name contains one of the `|`-separated parts of `only` (all when unset). */
export function selectCases<C extends { readonly name: string }>(
  cases: readonly C[],
  only: string | undefined,
): C[] {
  if (only === undefined || only === "") return [...cases];
  const parts = only.split("|");
  return cases.filter((c) => parts.some((part) => c.name.includes(part)));
}

export function formatOps(ops: number): string {
  if (ops >= 1e6) return `${(ops / 1e6).toFixed(2)}M`;
  if (ops >= 1e3) return `${(ops / 1e3).toFixed(1)}k`;
  return ops.toFixed(0);
}
