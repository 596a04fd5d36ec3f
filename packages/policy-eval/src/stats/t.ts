import { T975_DIGITS20, T975_DOUBLE, Z975_DIGITS20, Z975_DOUBLE } from './t-table';

function checkDf(df: number): void {
  if (!Number.isSafeInteger(df) || df < 1) throw new RangeError(`t quantile: degrees of freedom must be an integer ≥ 1 (got ${df})`);
}

/**
 * The exact two-sided 95% Student-t quantile t_{0.975, df} as the nearest double (docs/policy-eval.md §9):
 * the embedded table for df = 1 … 120, the normal quantile 1.9599639845400543 above.
 */
export function tQuantile975(df: number): number {
  checkDf(df);
  return df <= 120 ? T975_DOUBLE[df - 1]! : Z975_DOUBLE;
}

/** {@link tQuantile975} as a 20-significant-digit decimal string (for D arithmetic). */
export function tQuantile975Digits(df: number): string {
  checkDf(df);
  return df <= 120 ? T975_DIGITS20[df - 1]! : Z975_DIGITS20;
}

/** SimCash's rounded t table (parity mode only, docs/policy-eval.md §9): nearest lower key, 1.96 above 100. */
const SIMCASH_T: readonly (readonly [number, number])[] = [
  [1, 12.706],
  [2, 4.303],
  [3, 3.182],
  [4, 2.776],
  [5, 2.571],
  [6, 2.447],
  [7, 2.365],
  [8, 2.306],
  [9, 2.262],
  [10, 2.228],
  [15, 2.131],
  [20, 2.086],
  [25, 2.06],
  [30, 2.042],
  [40, 2.021],
  [50, 2.009],
  [60, 2.0],
  [80, 1.99],
  [100, 1.984],
];

/** The t value SimCash used for `df` (parity mode). */
export function simcashT(df: number): number {
  checkDf(df);
  if (df > 100) return 1.96;
  let t = SIMCASH_T[0]![1];
  for (const [k, v] of SIMCASH_T) if (k <= df) t = v;
  return t;
}
