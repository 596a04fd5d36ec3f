import { D, canon } from '@ring/engine';
import type { Regime } from '@ring/engine';
import { MetricsInputError } from './errors';
import type { RunRows, Strategy } from './rows';
import { STRATEGIES } from './strategy';
import { DEALER_USAGE_TABLE, STRATEGY_OUTCOMES_TABLE } from './tables/aggregate';
import { columnNames } from './tables/codec';

/** The pair-level context a run-level table row repeats (docs/instrumentation.md §6–§7). */
export interface PairContext {
  pair_id: string;
  profile: string;
  /** Canonical decimal strings of the scenario parameters. */
  kappa: string;
  concentration: string;
  mu: string;
  outside_mid_ratio: string;
  seed: number;
  /** Ticket size S (integer string). */
  face_value: string;
  /** The pair's values (docs/model.md §11), identical on both rows of a pair; null when undefined. */
  delta_passive: string | null;
  delta_active: string | null;
  trading_effect: string | null;
  trading_relief_ratio: string | null;
}

/** One row of `strategy_outcomes_by_run.csv` (docs/instrumentation.md §6). Face columns are integer strings. */
export type StrategyOutcomeRow = {
  run_id: string;
  regime: Regime;
  pair_id: string;
  profile: string;
  kappa: string;
  concentration: string;
  mu: string;
  outside_mid_ratio: string;
  seed: number;
  face_value: string;
  delta_passive: string | null;
  delta_active: string | null;
  trading_effect: string | null;
  trading_relief_ratio: string | null;
  total_liabilities: number;
  total_face_value: string;
  default_count_total: number;
  default_face_total: string;
  /** default_face_total / total_face_value; null when total_face_value = 0. */
  default_rate_total: string | null;
} & { [K in `count_${Strategy}` | `default_count_${Strategy}`]: number } & {
  [K in `face_${Strategy}` | `default_face_${Strategy}`]: string;
} & { [K in `default_rate_${Strategy}`]: string | null };

/** One row of `dealer_usage_by_run.csv` (docs/instrumentation.md §7). */
export type DealerUsageRow = {
  run_id: string;
  regime: Regime;
  pair_id: string;
  profile: string;
  kappa: string;
  concentration: string;
  mu: string;
  outside_mid_ratio: string;
  delta_passive: string | null;
  delta_active: string | null;
  trading_effect: string | null;
  trading_relief_ratio: string | null;
  /** Rows of trades.csv (all customers). */
  dealer_trade_count: number;
  /** Rows whose customer is a ring trader (H…). */
  trader_dealer_trade_count: number;
  n_traders_using_dealer: number;
  total_face_traded: string;
  total_cash_volume: string;
  dealer_active_fraction: string | null;
  dealer_empty_fraction: string | null;
  vbt_usage_fraction: string | null;
  mean_debt_to_money: string | null;
  final_debt_to_money: string | null;
  debt_shrink_rate: string | null;
  frac_defaulted_that_traded: string | null;
  frac_repaid_that_traded: string | null;
  seed: number;
  interior_trade_count: number;
  passthrough_trade_count: number;
  big_entity_trade_count: number;
};

/** Column order of strategy_outcomes_by_run.csv (from {@link STRATEGY_OUTCOMES_TABLE}). */
export const STRATEGY_OUTCOME_COLUMNS: readonly (keyof StrategyOutcomeRow & string)[] = columnNames(
  STRATEGY_OUTCOMES_TABLE,
) as (keyof StrategyOutcomeRow & string)[];

/** Column order of dealer_usage_by_run.csv (from {@link DEALER_USAGE_TABLE}). */
export const DEALER_USAGE_COLUMNS: readonly (keyof DealerUsageRow)[] = columnNames(DEALER_USAGE_TABLE) as (keyof DealerUsageRow)[];

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Check a pair context before it is repeated into table rows; the error names the field. */
function checkContext(ctx: PairContext): void {
  const bad = (field: string, message: string): never => {
    throw new MetricsInputError('PAIR_CONTEXT_INVALID', field, message);
  };
  if (typeof ctx.pair_id !== 'string' || ctx.pair_id === '') bad('pair_id', 'must be a non-empty string');
  if (typeof ctx.profile !== 'string' || ctx.profile === '') bad('profile', 'must be a non-empty string');
  for (const f of ['kappa', 'concentration', 'mu', 'outside_mid_ratio', 'face_value'] as const) {
    if (typeof ctx[f] !== 'string' || !DECIMAL.test(ctx[f])) bad(f, `must be a plain decimal string (got ${JSON.stringify(ctx[f])})`);
  }
  if (!Number.isSafeInteger(ctx.seed) || ctx.seed < 0) bad('seed', `must be an integer ≥ 0 (got ${JSON.stringify(ctx.seed)})`);
  for (const f of ['delta_passive', 'delta_active', 'trading_effect', 'trading_relief_ratio'] as const) {
    const v = ctx[f];
    if (v !== null && (typeof v !== 'string' || !DECIMAL.test(v)))
      bad(f, `must be a plain decimal string or null (got ${JSON.stringify(v)})`);
  }
}

const ratio = (num: D, den: D): string | null => (den.isZero() ? null : canon(num.div(den)));

/**
 * One row of strategy_outcomes_by_run.csv (docs/instrumentation.md §6) from a run's repayment rows:
 * liabilities, face and defaults in total and per strategy class.
 */
export function strategyOutcomeRow(run: RunRows, ctx: PairContext): StrategyOutcomeRow {
  checkContext(ctx);
  let face = new D(0);
  let dFace = new D(0);
  let dCount = 0;
  const per = new Map<Strategy, { count: number; face: D; dCount: number; dFace: D }>(
    STRATEGIES.map((s) => [s, { count: 0, face: new D(0), dCount: 0, dFace: new D(0) }]),
  );
  for (const r of run.repayments) {
    const s = per.get(r.strategy)!;
    face = face.plus(r.face_value);
    s.count++;
    s.face = s.face.plus(r.face_value);
    if (r.outcome === 'defaulted') {
      dCount++;
      dFace = dFace.plus(r.face_value);
      s.dCount++;
      s.dFace = s.dFace.plus(r.face_value);
    }
  }
  const row: Record<string, string | number | null> = {
    run_id: run.summary.run_id,
    regime: run.summary.regime,
    pair_id: ctx.pair_id,
    profile: ctx.profile,
    kappa: ctx.kappa,
    concentration: ctx.concentration,
    mu: ctx.mu,
    outside_mid_ratio: ctx.outside_mid_ratio,
    seed: ctx.seed,
    face_value: ctx.face_value,
    delta_passive: ctx.delta_passive,
    delta_active: ctx.delta_active,
    trading_effect: ctx.trading_effect,
    trading_relief_ratio: ctx.trading_relief_ratio,
    total_liabilities: run.repayments.length,
    total_face_value: canon(face),
    default_count_total: dCount,
    default_face_total: canon(dFace),
    default_rate_total: ratio(dFace, face),
  };
  for (const s of STRATEGIES) {
    const x = per.get(s)!;
    row[`count_${s}`] = x.count;
    row[`face_${s}`] = canon(x.face);
    row[`default_count_${s}`] = x.dCount;
    row[`default_face_${s}`] = canon(x.dFace);
    row[`default_rate_${s}`] = ratio(x.dFace, x.face);
  }
  return row as StrategyOutcomeRow;
}

/**
 * One row of dealer_usage_by_run.csv (docs/instrumentation.md §7) from a run's usage aggregates (trades,
 * inventory and system-state time series, accumulated by the collector) and its repayment rows.
 */
export function dealerUsageRow(run: RunRows, ctx: PairContext): DealerUsageRow {
  checkContext(ctx);
  const u = run.usage;
  const nDays = new D(u.days);
  const frac = (k: number) => ratio(new D(k), nDays);
  const face0 = u.first_total_face_value === null ? new D(0) : new D(u.first_total_face_value);
  const faceOf = (outcome: 'repaid' | 'defaulted', tradedOnly: boolean) => {
    let s = new D(0);
    for (const r of run.repayments) {
      if (r.outcome !== outcome) continue;
      if (tradedOnly && r.buy_count + r.sell_count === 0) continue;
      s = s.plus(r.face_value);
    }
    return s;
  };
  return {
    run_id: run.summary.run_id,
    regime: run.summary.regime,
    pair_id: ctx.pair_id,
    profile: ctx.profile,
    kappa: ctx.kappa,
    concentration: ctx.concentration,
    mu: ctx.mu,
    outside_mid_ratio: ctx.outside_mid_ratio,
    delta_passive: ctx.delta_passive,
    delta_active: ctx.delta_active,
    trading_effect: ctx.trading_effect,
    trading_relief_ratio: ctx.trading_relief_ratio,
    dealer_trade_count: u.trade_count,
    trader_dealer_trade_count: u.trader_trade_count,
    n_traders_using_dealer: u.n_traders_trading,
    total_face_traded: u.trader_face_traded,
    total_cash_volume: u.trader_cash_volume,
    dealer_active_fraction: frac(u.dealer_active_days),
    dealer_empty_fraction: frac(u.dealer_empty_days),
    vbt_usage_fraction: frac(u.vbt_used_days),
    mean_debt_to_money: u.mean_debt_to_money,
    final_debt_to_money: u.last_debt_to_money,
    debt_shrink_rate: face0.isZero() || u.last_total_face_value === null ? null : canon(face0.minus(u.last_total_face_value).div(face0)),
    frac_defaulted_that_traded: ratio(faceOf('defaulted', true), faceOf('defaulted', false)),
    frac_repaid_that_traded: ratio(faceOf('repaid', true), faceOf('repaid', false)),
    seed: ctx.seed,
    interior_trade_count: u.interior_trade_count,
    passthrough_trade_count: u.passthrough_trade_count,
    big_entity_trade_count: u.big_entity_trade_count,
  };
}
