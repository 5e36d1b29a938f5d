/**
 * The harness of bench/core, for operations that take milliseconds rather than nanoseconds. On
 * this shared machine a neighbour's burst can halve a rate for a second, so the cases do not take
 * turns round by round but run by run: within a round the case that has had the least time runs
 * next, until each has had `roundMs`. A burst then slows every case alike, and each case reports
 * the median of its rounds, which one slow round cannot move.
 */
export interface RoundCase {
  readonly name: string;
  /** Ids one call of `run` loads. */
  readonly idsPerRun: number;
  run(): Promise<unknown>;
}

export interface RoundResult {
  readonly name: string;
  readonly medianIdsPerSecond: number;
  readonly rounds: readonly number[];
}

export interface RoundOptions {
  readonly rounds: number;
  readonly roundMs: number;
  /** Time each case runs, untimed, before the first round. */
  readonly warmupMs: number;
}

export async function runRounds(
  cases: readonly RoundCase[],
  options: RoundOptions,
): Promise<RoundResult[]> {
  await interleaved(cases, options.warmupMs);
  const samples = cases.map((): number[] => []);
  for (let round = 0; round < options.rounds; round++) {
    // Garbage of the previous round is collected before this one, on nobody's time.
    (globalThis as { gc?: () => void }).gc?.();
    const rates = await interleaved(cases, options.roundMs);
    for (const [i, rate] of rates.entries()) samples[i]!.push(rate);
  }
  return cases.map((c, i) => ({
    name: c.name,
    medianIdsPerSecond: median(samples[i]!),
    rounds: samples[i]!,
  }));
}

/** Runs the cases by turns until each has run for `ms`; returns each one's ids per second. */
async function interleaved(cases: readonly RoundCase[], ms: number): Promise<number[]> {
  const spent = cases.map(() => 0);
  const ids = cases.map(() => 0);
  for (;;) {
    let next = 0;
    for (let i = 1; i < cases.length; i++) if (spent[i]! < spent[next]!) next = i;
    if (spent[next]! >= ms) break;
    const started = performance.now();
    await cases[next]!.run();
    spent[next]! += performance.now() - started;
    ids[next]! += cases[next]!.idsPerRun;
  }
  return cases.map((_, i) => (ids[i]! / spent[i]!) * 1000);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)}k`;
  return perSecond.toFixed(0);
}
