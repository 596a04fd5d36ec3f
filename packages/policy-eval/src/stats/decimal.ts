import { D, canon } from '@ring/engine';
import { DEFAULT_BOOTSTRAP_RESAMPLES, fixedToD, percentileBootstrapDecimal, toFixedPoint } from './bootstrap';
import { tQuantile975Digits } from './t';

/**
 * Mean of decimal samples with a t-based 95% CI and (optionally) a percentile-bootstrap 95% CI.
 * Every value is a D string (28 significant digits); null where undefined (N < 2 for the spread
 * and both intervals, N = 0 for the mean).
 */
export interface DecimalMeanCi {
  readonly n: number;
  readonly mean: string | null;
  /** Sample standard deviation s (divisor N − 1). */
  readonly sd: string | null;
  /** t_{0.975, N−1} (20 significant digits, docs/policy-eval.md §9 table). */
  readonly t: string | null;
  /** t·s/√N. */
  readonly margin: string | null;
  readonly tLower: string | null;
  readonly tUpper: string | null;
  readonly bootLower: string | null;
  readonly bootUpper: string | null;
}

/** Options of {@link decimalMeanCi}. */
export interface DecimalCiOptions {
  /** xorshift64* start state of the bootstrap; omit to skip the bootstrap. */
  readonly bootstrapSeed?: number;
  /** Resamples (default 2000). */
  readonly resamples?: number;
}

/**
 * The statistics of docs/policy-eval.md §9 carried over to decimal samples such as Δ = δ_p − δ_a: the
 * mean and the unbiased variance are exact rationals (fixed-point BigInt sums), s = √variance and
 * the margin t·s/√N are D operations, and the interval is mean ± margin (no outward rounding to
 * integers, since the samples are not cents). The bootstrap follows `percentileBootstrapDecimal`.
 */
export function decimalMeanCi(values: readonly string[], options: DecimalCiOptions = {}): DecimalMeanCi {
  const n = values.length;
  const empty = { sd: null, t: null, margin: null, tLower: null, tUpper: null, bootLower: null, bootUpper: null };
  if (n === 0) return { n, mean: null, ...empty };
  const { nums, scale } = toFixedPoint(values);
  let sum = 0n;
  let sumSq = 0n;
  for (const x of nums) {
    sum += x;
    sumSq += x * x;
  }
  const N = BigInt(n);
  const mean = fixedToD(sum, scale).div(n);
  if (n < 2) return { n, mean: canon(mean), ...empty };
  // variance = (N·Σx² − (Σx)²) / (N·(N − 1)), in units of 10^(−2·scale).
  const num = N * sumSq - sum * sum;
  const den = N * (N - 1n);
  const variance = new D(num.toString()).div(new D(den.toString())).div(new D(10).pow(2 * scale));
  const sd = variance.sqrt();
  const t = new D(tQuantile975Digits(n - 1));
  const margin = t.times(sd).div(new D(n).sqrt());
  const boot =
    options.bootstrapSeed === undefined
      ? null
      : percentileBootstrapDecimal(values, options.bootstrapSeed, options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES);
  return {
    n,
    mean: canon(mean),
    sd: canon(sd),
    t: canon(t),
    margin: canon(margin),
    tLower: canon(mean.minus(margin)),
    tUpper: canon(mean.plus(margin)),
    bootLower: boot?.ci95[0] ?? null,
    bootUpper: boot?.ci95[1] ?? null,
  };
}

/** True when the interval [lower, upper] (D strings) lies strictly on one side of zero. */
export function excludesZero(lower: string | null, upper: string | null): boolean | null {
  if (lower === null || upper === null) return null;
  return new D(lower).gt(0) || new D(upper).lt(0);
}

/**
 * Share of intervals that exclude zero among those that are defined: { count, defined, share }
 * (share null when none is defined).
 */
export function shareExcludingZero(intervals: readonly { lower: string | null; upper: string | null }[]): {
  readonly excluding: number;
  readonly defined: number;
  readonly share: number | null;
} {
  let excluding = 0;
  let defined = 0;
  for (const iv of intervals) {
    const e = excludesZero(iv.lower, iv.upper);
    if (e === null) continue;
    defined++;
    if (e) excluding++;
  }
  return { excluding, defined, share: defined === 0 ? null : excluding / defined };
}
