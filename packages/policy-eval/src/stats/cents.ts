import { simcashT, tQuantile975 } from './t';

/** Statistics of integer-cent samples (docs/policy-eval.md §9). Every field is null for N < 2 except `n` and `mean`. */
export interface CentStatistics {
  readonly n: number;
  /** Σx as a BigInt. */
  readonly sum: bigint;
  /** floorDiv(Σx, N) (exact mode) or trunc(Σx/N) (SimCash parity). Null for N = 0. */
  readonly mean: number | null;
  /** num/den of the unbiased variance, exact: num = N·Σx² − (Σx)², den = N·(N − 1). */
  readonly varianceNum: bigint | null;
  readonly varianceDen: bigint | null;
  /** Math.sqrt(Number(num)/Number(den)). */
  readonly s: number | null;
  /** ⌊s⌋ (s ≥ 0; also truncation in parity mode). */
  readonly stdDev: number | null;
  readonly t: number | null;
  /** t·s/√N. */
  readonly margin: number | null;
  /** [⌊mean_f − m⌋, ⌈mean_f + m⌉] (exact) or truncated toward zero (parity). */
  readonly ci95: readonly [number, number] | null;
}

/** Rounding mode of {@link centStatistics}: the exact rules, or SimCash parity for stored SimCash results. */
export type CentRounding = 'exact' | 'simcash';

/** Floor division of BigInts (rounds toward −∞). */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('floorDiv: division by zero');
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Ceiling division of BigInts (rounds toward +∞). */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

function toBig(x: number | bigint): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isSafeInteger(x)) throw new RangeError(`centStatistics: inputs are integer cents (got ${x})`);
  return BigInt(x);
}

/**
 * The statistics of docs/policy-eval.md §9 on integer cents: BigInt sum and exact variance fraction, one
 * double division and square root, the exact t quantile (or SimCash's table in parity mode), and
 * bounds rounded outward (exact) or truncated toward zero (parity).
 */
export function centStatistics(xs: readonly (number | bigint)[], rounding: CentRounding = 'exact'): CentStatistics {
  const n = xs.length;
  const N = BigInt(n);
  let sum = 0n;
  let sumSq = 0n;
  for (const v of xs) {
    const b = toBig(v);
    sum += b;
    sumSq += b * b;
  }
  const mean = n === 0 ? null : rounding === 'exact' ? Number(floorDiv(sum, N)) : Math.trunc(Number(sum) / n) + 0;
  if (n < 2) {
    return { n, sum, mean, varianceNum: null, varianceDen: null, s: null, stdDev: null, t: null, margin: null, ci95: null };
  }
  const num = N * sumSq - sum * sum;
  const den = N * (N - 1n);
  const s = Math.sqrt(Number(num) / Number(den));
  const stdDev = Math.floor(s);
  const t = rounding === 'exact' ? tQuantile975(n - 1) : simcashT(n - 1);
  const margin = (t * s) / Math.sqrt(n);
  const meanF = Number(sum) / n;
  // `+ 0` turns −0 into 0 so that results compare and serialise cleanly.
  const ci95: [number, number] =
    rounding === 'exact'
      ? [Math.floor(meanF - margin) + 0, Math.ceil(meanF + margin) + 0]
      : [Math.trunc(meanF - margin) + 0, Math.trunc(meanF + margin) + 0];
  return { n, sum, mean, varianceNum: num, varianceDen: den, s, stdDev, t, margin, ci95 };
}
