import { D, canon } from '@ring/engine';
import { CASH_DEBT_BUCKETS } from '@ring/metrics';
import type { TraderInitialStateRow } from '@ring/metrics';
import type { ArmView } from './arms';
import type { LiquidityBucketRow } from './types';

/** One trader of one pair: its initial cash/debt and how its liabilities fared in each arm. */
export interface TraderOutcome {
  readonly ratio: D | null;
  readonly ratioText: string | null;
  readonly fixedBucket: string;
  readonly face: { passive: bigint; active: bigint };
  readonly unsettled: { passive: bigint; active: bigint };
  readonly defaulted: { passive: boolean; active: boolean };
}

/**
 * The traders of a pair (from its initial-state rows) with the face of their created liabilities
 * and the part not settled in full, per arm. Arms must be complete (liabilities.csv).
 */
export function traderOutcomes(
  initial: readonly TraderInitialStateRow[],
  passive: ArmView,
  active: ArmView,
  defaulters: { passive: ReadonlySet<string>; active: ReadonlySet<string> },
): TraderOutcome[] {
  const sums = new Map<string, { fp: bigint; fa: bigint; up: bigint; ua: bigint }>();
  const at = (debtor: string) => {
    let s = sums.get(debtor);
    if (!s) {
      s = { fp: 0n, fa: 0n, up: 0n, ua: 0n };
      sums.set(debtor, s);
    }
    return s;
  };
  for (const l of passive.liabilities.values()) {
    const s = at(l.debtor);
    s.fp += l.face;
    if (!l.settled) s.up += l.face;
  }
  for (const l of active.liabilities.values()) {
    const s = at(l.debtor);
    s.fa += l.face;
    if (!l.settled) s.ua += l.face;
  }
  return initial.map((t) => {
    const s = sums.get(t.trader_id) ?? { fp: 0n, fa: 0n, up: 0n, ua: 0n };
    return {
      ratio: t.cash_debt_ratio === null ? null : new D(t.cash_debt_ratio),
      ratioText: t.cash_debt_ratio,
      fixedBucket: t.cash_debt_bucket,
      face: { passive: s.fp, active: s.fa },
      unsettled: { passive: s.up, active: s.ua },
      defaulted: { passive: defaulters.passive.has(t.trader_id), active: defaulters.active.has(t.trader_id) },
    };
  });
}

/** Quantile buckets of a sweep: quintiles of the traders' cash/debt ratios (traders that owe nothing apart). */
export const QUANTILE_BUCKETS = 5;

/**
 * Bucket of each trader: its fixed bucket, or its quintile `Q1` … `Q5` by nearest rank over all
 * ratios (edge k = the ⌈k·n/5⌉-th smallest ratio; a ratio goes to the first bucket whose edge is
 * ≥ it, so ties share a bucket and a bucket may stay empty).
 */
function bucketsOf(traders: readonly TraderOutcome[], mode: 'fixed' | 'quantile'): { labels: string[]; of: string[] } {
  if (mode === 'fixed') return { labels: [...CASH_DEBT_BUCKETS], of: traders.map((t) => t.fixedBucket) };
  const sorted = traders
    .map((t) => t.ratio)
    .filter((r): r is D => r !== null)
    .sort((a, b) => a.comparedTo(b));
  const n = sorted.length;
  const edges: D[] = [];
  for (let k = 1; k < QUANTILE_BUCKETS; k++) if (n > 0) edges.push(sorted[Math.ceil((k * n) / QUANTILE_BUCKETS) - 1]!);
  const labels = [...Array.from({ length: QUANTILE_BUCKETS }, (_, k) => `Q${k + 1}`), 'no_debt'];
  const of = traders.map((t) => {
    if (t.ratio === null) return 'no_debt';
    let k = 0;
    while (k < edges.length && t.ratio.gt(edges[k]!)) k++;
    return `Q${k + 1}`;
  });
  return { labels, of };
}

const rate = (num: bigint, den: bigint) => (den === 0n ? null : canon(new D(num.toString()).div(den.toString())));

/** Default rates per initial-liquidity bucket and arm (empty buckets left out), lowest ratios first. */
export function liquidityRows(traders: readonly TraderOutcome[], mode: 'fixed' | 'quantile'): LiquidityBucketRow[] {
  const { labels, of } = bucketsOf(traders, mode);
  const rows: LiquidityBucketRow[] = [];
  for (const label of labels) {
    const members = traders.filter((_, i) => of[i] === label);
    if (members.length === 0) continue;
    let fp = 0n;
    let fa = 0n;
    let up = 0n;
    let ua = 0n;
    let min: TraderOutcome | null = null;
    let max: TraderOutcome | null = null;
    for (const t of members) {
      fp += t.face.passive;
      fa += t.face.active;
      up += t.unsettled.passive;
      ua += t.unsettled.active;
      if (t.ratio !== null) {
        if (!min || t.ratio.lt(min.ratio!)) min = t;
        if (!max || t.ratio.gt(max.ratio!)) max = t;
      }
    }
    rows.push({
      bucket: label,
      traders: members.length,
      default_rate_passive: rate(up, fp),
      default_rate_active: rate(ua, fa),
      face_passive: fp.toString(),
      face_active: fa.toString(),
      defaulters_passive: members.filter((t) => t.defaulted.passive).length,
      defaulters_active: members.filter((t) => t.defaulted.active).length,
      ratio_min: min?.ratioText ?? null,
      ratio_max: max?.ratioText ?? null,
    });
  }
  return rows;
}
