/**
 * Draws ranks 1..n with probability proportional to 1 / rank^exponent: a few items are read all
 * the time, most rarely, as in the production traffic. The cumulative table costs 8 bytes per
 * item and a draw is one binary search.
 */
export class ZipfSampler {
  private readonly cumulative: Float64Array;

  constructor(
    readonly n: number,
    readonly exponent: number,
    private readonly random: () => number = Math.random,
  ) {
    this.cumulative = new Float64Array(n);
    let total = 0;
    for (let rank = 1; rank <= n; rank++) {
      total += 1 / rank ** exponent;
      this.cumulative[rank - 1] = total;
    }
    for (let i = 0; i < n; i++) this.cumulative[i]! /= total;
  }

  /** A rank from 1 (the most read) to n. */
  next(): number {
    const u = this.random();
    let low = 0;
    let high = this.n - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! < u) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  }
}

/**
 * Spreads ranks over ids so the hottest items are not simply ids 1, 2, 3: an odd multiplier
 * modulo n is a bijection when it shares no factor with n, which the search below ensures.
 */
export function rankToIdMapper(n: number): (rank: number) => number {
  let multiplier = Math.max(1, Math.floor(n * 0.618_033_988_7)) | 1;
  while (gcd(multiplier, n) !== 1) multiplier += 2;
  return (rank) => Number((BigInt(rank - 1) * BigInt(multiplier)) % BigInt(n)) + 1;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
