import { STRATEGIES } from '@ring/metrics';
import type { Strategy } from '@ring/metrics';
import type { InputRow } from '../tables/inputs';
import { str } from '../tables/inputs';

/*
 * The statistics `ring report` shows about a sweep directory: completed pairs, means of δ and Δ per
 * parameter value, effect-class counts, and strategy totals per regime. Doubles throughout, as in
 * summary.json (docs/instrumentation.md §9): each decimal through Number(), summed left to right.
 */

/** A decimal cell as a double; null when empty or not a finite number. */
function num(v: InputRow[string]): number | null {
  const s = str(v);
  if (s === null) return null;
  const x = Number(s);
  return Number.isFinite(x) ? x : null;
}

/** The mean of doubles as summary.json computes it: add left to right, divide by the count; null when empty. */
export function meanOf(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** A pair of comparison.csv completed in both regimes, with its δ values and Δ as doubles. */
export interface CompletedPair {
  readonly row: InputRow;
  readonly deltaPassive: number;
  readonly deltaActive: number;
  readonly effect: number;
  /** `improved`, `unchanged`, `worsened`, or null. */
  readonly effectClass: string | null;
}

/** The pairs of comparison.csv (in file order) whose two runs completed and whose δ and Δ are defined. */
export function completedPairs(rows: readonly InputRow[]): CompletedPair[] {
  const out: CompletedPair[] = [];
  for (const row of rows) {
    const dp = num(row.delta_passive);
    const da = num(row.delta_active);
    const effect = num(row.trading_effect);
    if (str(row.passive_status) !== 'completed' || str(row.active_status) !== 'completed') continue;
    if (dp === null || da === null || effect === null) continue;
    out.push({ row, deltaPassive: dp, deltaActive: da, effect, effectClass: str(row.effect_class) });
  }
  return out;
}

/** The pairs that share one value of a parameter column, and their means and effect-class counts. */
export interface ParameterGroup {
  /** The parameter's text in comparison.csv (empty when the cell is empty). */
  readonly value: string;
  readonly pairs: number;
  readonly meanEffect: number | null;
  readonly meanDeltaPassive: number | null;
  readonly meanDeltaActive: number | null;
  readonly improved: number;
  readonly unchanged: number;
  readonly worsened: number;
}

/**
 * Group completed pairs by the value of one parameter column (`kappa`, `mu`, …) and compute, per
 * value, the mean Δ, the mean δ of each regime and the effect-class counts. Values in numeric
 * order (then text order); pairs within a group in file order.
 */
export function effectByParameter(pairs: readonly CompletedPair[], column: string): ParameterGroup[] {
  const groups = new Map<string, CompletedPair[]>();
  for (const p of pairs) {
    const v = str(p.row[column]) ?? '';
    const g = groups.get(v);
    if (g) g.push(p);
    else groups.set(v, [p]);
  }
  const numeric = (v: string) => num(v) ?? 0;
  const values = [...groups.keys()].sort((a, b) => numeric(a) - numeric(b) || (a < b ? -1 : a > b ? 1 : 0));
  return values.map((value) => {
    const g = groups.get(value)!;
    const count = (c: string) => g.filter((p) => p.effectClass === c).length;
    return {
      value,
      pairs: g.length,
      meanEffect: meanOf(g.map((p) => p.effect)),
      meanDeltaPassive: meanOf(g.map((p) => p.deltaPassive)),
      meanDeltaActive: meanOf(g.map((p) => p.deltaActive)),
      improved: count('improved'),
      unchanged: count('unchanged'),
      worsened: count('worsened'),
    };
  });
}

/** Totals over the runs of one regime for one strategy class (or `all`). */
export interface StrategyTotal {
  readonly regime: string;
  readonly strategy: Strategy | 'all';
  /** Liabilities due by each run's last day. */
  readonly liabilities: number;
  /** Σ face of those liabilities. */
  readonly face: number;
  /** Liabilities that defaulted. */
  readonly defaults: number;
  /** Σ face of those that defaulted. */
  readonly defaultFace: number;
  /** defaultFace / face; null when face is 0. */
  readonly defaultRate: number | null;
}

/** What {@link strategyTotals} returns: the regimes present (passive, active, then others) and one total per regime × class. */
export interface StrategyTotals {
  readonly regimes: readonly string[];
  /** Per regime in `regimes` order: the four strategies, then `all`. */
  readonly totals: readonly StrategyTotal[];
}

/**
 * Sum strategy_outcomes_by_run.csv rows per regime: liabilities, face and defaults of each strategy
 * class and in total, and the face-weighted default rate Σ defaulted face / Σ face.
 */
export function strategyTotals(rows: readonly InputRow[]): StrategyTotals {
  const regimes = ['passive', 'active'].filter((r) => rows.some((x) => str(x.regime) === r));
  for (const r of rows) {
    const g = str(r.regime);
    if (g && !regimes.includes(g)) regimes.push(g);
  }
  const sum = (rs: readonly InputRow[], col: string) => rs.reduce((s, r) => s + (num(r[col]) ?? 0), 0);
  const totals: StrategyTotal[] = [];
  for (const regime of regimes) {
    const rs = rows.filter((r) => str(r.regime) === regime);
    for (const strategy of [...STRATEGIES, 'all' as const]) {
      const all = strategy === 'all';
      const face = sum(rs, all ? 'total_face_value' : `face_${strategy}`);
      const defaultFace = sum(rs, all ? 'default_face_total' : `default_face_${strategy}`);
      totals.push({
        regime,
        strategy,
        liabilities: sum(rs, all ? 'total_liabilities' : `count_${strategy}`),
        face,
        defaults: sum(rs, all ? 'default_count_total' : `default_count_${strategy}`),
        defaultFace,
        defaultRate: face > 0 ? defaultFace / face : null,
      });
    }
  }
  return { regimes, totals };
}
