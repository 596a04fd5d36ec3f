import { D, canon } from '@ring/engine';
import { CLASSES, STRATEGIES } from './inputs';
import type { ClassName, PairView, StrategyName, StrategyRun } from './inputs';

/** Unweighted mean of doubles: sequential sum left to right, divided by the count (null if empty). */
export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Group preserving the order of first appearance. */
export function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const l = m.get(k);
    if (l) l.push(x);
    else m.set(k, [x]);
  }
  return m;
}

/** Counts by effect class. */
export function classCounts(ps: readonly PairView[]): Record<ClassName, number> {
  const c = { improved: 0, unchanged: 0, worsened: 0 };
  for (const p of ps) c[p.cls]++;
  return c;
}

/** a/b as a D string, or null when b = 0. */
export function ratio(a: D, b: D): string | null {
  return b.isZero() ? null : canon(a.div(b));
}

/**
 * p-quantile with linear interpolation (docs/experiment-paper2025.md §5.8): for sorted v_0 … v_{n−1} the
 * position is p·(n − 1). Works on D strings (exact interpolation) — null for an empty list.
 */
export function quantileD(sorted: readonly D[], p: number): string | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = new D(p).times(n - 1);
  const lo = pos.floor().toNumber();
  const frac = pos.minus(lo);
  const vLo = sorted[lo]!;
  const vHi = sorted[Math.min(lo + 1, n - 1)]!;
  return canon(vLo.plus(vHi.minus(vLo).times(frac)));
}

/** The same rule on doubles. */
export function quantile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Pearson correlation of two equally long double lists (null if undefined). */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return null;
  const mx = mean(xs)!;
  const my = mean(ys)!;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

/** Face pooled over a set of runs (docs/experiment-paper2025.md §5.3–§5.4). */
export interface FacePool {
  readonly runs: number;
  readonly total: D;
  readonly defaulted: D;
  readonly face: Record<StrategyName, D>;
  readonly defaultFace: Record<StrategyName, D>;
  readonly runsWith: Record<StrategyName, number>;
}

/** Pool face and default face per strategy over the given runs. */
export function poolFace(runs: readonly StrategyRun[]): FacePool {
  const face = {} as Record<StrategyName, D>;
  const defaultFace = {} as Record<StrategyName, D>;
  const runsWith = {} as Record<StrategyName, number>;
  for (const s of STRATEGIES) {
    face[s] = new D(0);
    defaultFace[s] = new D(0);
    runsWith[s] = 0;
  }
  let total = new D(0);
  let defaulted = new D(0);
  for (const r of runs) {
    total = total.plus(r.totalFace);
    defaulted = defaulted.plus(r.defaultFace);
    for (const s of STRATEGIES) {
      face[s] = face[s].plus(r.face[s]);
      defaultFace[s] = defaultFace[s].plus(r.defaultFaceBy[s]);
      if (r.count[s] > 0) runsWith[s]++;
    }
  }
  return { runs: runs.length, total, defaulted, face, defaultFace, runsWith };
}

/** share_s = Σ face_s / Σ total face. */
export const shareOf = (p: FacePool, s: StrategyName): string | null => ratio(p.face[s], p.total);
/** DR_s = Σ default face_s / Σ face_s. */
export const drOf = (p: FacePool, s: StrategyName): string | null => ratio(p.defaultFace[s], p.face[s]);

/** Traded face (hold to maturity + sell before + round trip) and its defaults. */
export function traded(p: FacePool): { face: D; defaulted: D } {
  let face = new D(0);
  let defaulted = new D(0);
  for (const s of STRATEGIES) {
    if (s === 'no_trade') continue;
    face = face.plus(p.face[s]);
    defaulted = defaulted.plus(p.defaultFace[s]);
  }
  return { face, defaulted };
}

/** The usage-class columns of Tables 8–10 over a pool (docs/experiment-paper2025.md §5.4). */
export function usageColumns(p: FacePool): Record<string, string | null> {
  const t = traded(p);
  return {
    share_traded: ratio(t.face, p.total),
    share_non_traded: ratio(p.face.no_trade, p.total),
    dr_traded: ratio(t.defaulted, t.face),
    dr_non_traded: ratio(p.defaultFace.no_trade, p.face.no_trade),
    frac_defaulted_face_traded: ratio(t.defaulted, p.defaulted),
    frac_repaid_face_traded: ratio(t.face.minus(t.defaulted), p.total.minus(p.defaulted)),
  };
}

export { CLASSES };
