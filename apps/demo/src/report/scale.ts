/** A linear map from data values to pixels, as the charts need it. */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/**
 * Maps `domain` onto `range`. A domain of zero width (one point, or every value equal) maps every
 * value to the middle of the range instead of dividing by zero.
 */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const width = d1 - d0;
  const scale = (value: number): number =>
    width === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / width) * (r1 - r0);
  return Object.assign(scale, { domain, range });
}

/**
 * Round tick values covering [0, max]: steps of 1, 2 or 5 times a power of ten, about `count` of
 * them, the last one at or above `max`. Charts start at zero so heights compare honestly.
 */
export function niceTicks(max: number, count = 5): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1];
  const rough = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let i = 0; ticks.length === 0 || ticks[ticks.length - 1]! < max; i++) {
    // Multiplying (not adding) keeps 0.1-sized steps free of floating-point drift.
    ticks.push(Number((i * step).toPrecision(12)));
  }
  return ticks;
}
