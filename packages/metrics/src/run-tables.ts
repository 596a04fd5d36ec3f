import { D, canon } from '@ring/engine';
import type { Cell, RunRows, Strategy } from './rows';

/** The pair-level context a run-level table row repeats (instrumentation §6–§7). */
export interface PairContext {
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
}

const STRATEGIES: readonly Strategy[] = ['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip'];

/** Column order of strategy_outcomes_by_run.csv. */
export const STRATEGY_OUTCOME_COLUMNS: readonly string[] = [
  'run_id', 'regime', 'pair_id', 'profile', 'kappa', 'concentration', 'mu', 'outside_mid_ratio', 'seed', 'face_value',
  'delta_passive', 'delta_active', 'trading_effect', 'trading_relief_ratio', 'total_liabilities', 'total_face_value',
  'default_count_total', 'default_face_total', 'default_rate_total',
  ...STRATEGIES.flatMap((s) => [`count_${s}`, `face_${s}`, `default_count_${s}`, `default_face_${s}`, `default_rate_${s}`]),
];

/** Column order of dealer_usage_by_run.csv. */
export const DEALER_USAGE_COLUMNS: readonly string[] = [
  'run_id', 'regime', 'pair_id', 'profile', 'kappa', 'concentration', 'mu', 'outside_mid_ratio', 'delta_passive', 'delta_active',
  'trading_effect', 'trading_relief_ratio', 'dealer_trade_count', 'trader_dealer_trade_count', 'n_traders_using_dealer',
  'total_face_traded', 'total_cash_volume', 'dealer_active_fraction', 'dealer_empty_fraction', 'vbt_usage_fraction',
  'mean_debt_to_money', 'final_debt_to_money', 'debt_shrink_rate', 'frac_defaulted_that_traded', 'frac_repaid_that_traded',
  'seed', 'interior_trade_count', 'passthrough_trade_count', 'big_entity_trade_count',
];

const ratio = (num: D, den: D): string | null => (den.isZero() ? null : canon(num.div(den)));

/** One row of strategy_outcomes_by_run.csv (instrumentation §6). */
export function strategyOutcomeRow(run: RunRows, ctx: PairContext): Record<string, Cell> {
  const row: Record<string, Cell> = {
    run_id: run.summary.run_id, regime: run.summary.regime, pair_id: ctx.pair_id, profile: ctx.profile, kappa: ctx.kappa,
    concentration: ctx.concentration, mu: ctx.mu, outside_mid_ratio: ctx.outside_mid_ratio, seed: ctx.seed, face_value: ctx.face_value,
    delta_passive: ctx.delta_passive, delta_active: ctx.delta_active, trading_effect: ctx.trading_effect,
    trading_relief_ratio: ctx.trading_relief_ratio,
  };
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
  row.total_liabilities = run.repayments.length;
  row.total_face_value = canon(face);
  row.default_count_total = dCount;
  row.default_face_total = canon(dFace);
  row.default_rate_total = ratio(dFace, face);
  for (const s of STRATEGIES) {
    const x = per.get(s)!;
    row[`count_${s}`] = x.count;
    row[`face_${s}`] = canon(x.face);
    row[`default_count_${s}`] = x.dCount;
    row[`default_face_${s}`] = canon(x.dFace);
    row[`default_rate_${s}`] = ratio(x.dFace, x.face);
  }
  return row;
}

/** One row of dealer_usage_by_run.csv (instrumentation §7). */
export function dealerUsageRow(run: RunRows, ctx: PairContext): Record<string, Cell> {
  const customerType = (t: (typeof run.trades)[number]) => (t.side === 'BUY' ? t.buyer_type : t.seller_type);
  const ring = run.trades.filter((t) => customerType(t) === 'trader');
  let faceTraded = new D(0);
  let volume = new D(0);
  for (const t of ring) {
    faceTraded = faceTraded.plus(t.face_value);
    volume = volume.plus(t.price);
  }
  const days = [...new Set(run.inventory.map((r) => r.day))];
  const nDays = new D(days.length);
  const dayRows = (d: number) => run.inventory.filter((r) => r.day === d);
  const active = days.filter((d) => dayRows(d).some((r) => r.dealer_inventory > 0)).length;
  const empty = days.filter((d) => dayRows(d).every((r) => r.is_at_zero)).length;
  const vbt = days.filter((d) => dayRows(d).some((r) => r.hit_vbt_this_step)).length;
  const ratios = run.systemState.map((s) => s.debt_to_money).filter((x): x is string => x !== null);
  let ratioSum = new D(0);
  for (const r of ratios) ratioSum = ratioSum.plus(r);
  const first = run.systemState[0];
  const last = run.systemState[run.systemState.length - 1];
  const face0 = first ? new D(first.total_face_value) : new D(0);
  const faceOf = (outcome: 'repaid' | 'defaulted', traded: boolean) => {
    let s = new D(0);
    for (const r of run.repayments) {
      if (r.outcome !== outcome) continue;
      if (traded && r.buy_count + r.sell_count === 0) continue;
      s = s.plus(r.face_value);
    }
    return s;
  };
  return {
    run_id: run.summary.run_id, regime: run.summary.regime, pair_id: ctx.pair_id, profile: ctx.profile, kappa: ctx.kappa,
    concentration: ctx.concentration, mu: ctx.mu, outside_mid_ratio: ctx.outside_mid_ratio, delta_passive: ctx.delta_passive,
    delta_active: ctx.delta_active, trading_effect: ctx.trading_effect, trading_relief_ratio: ctx.trading_relief_ratio,
    dealer_trade_count: run.trades.length, trader_dealer_trade_count: ring.length,
    n_traders_using_dealer: new Set(ring.map((t) => t.trader_id)).size, total_face_traded: canon(faceTraded),
    total_cash_volume: canon(volume),
    dealer_active_fraction: ratio(new D(active), nDays), dealer_empty_fraction: ratio(new D(empty), nDays),
    vbt_usage_fraction: ratio(new D(vbt), nDays),
    mean_debt_to_money: ratios.length > 0 ? canon(ratioSum.div(ratios.length)) : null,
    final_debt_to_money: last?.debt_to_money ?? null,
    debt_shrink_rate: face0.isZero() || !last ? null : canon(face0.minus(last.total_face_value).div(face0)),
    frac_defaulted_that_traded: ratio(faceOf('defaulted', true), faceOf('defaulted', false)),
    frac_repaid_that_traded: ratio(faceOf('repaid', true), faceOf('repaid', false)),
    seed: ctx.seed, interior_trade_count: run.summary.interior_trades, passthrough_trade_count: run.summary.passthrough_trades,
    big_entity_trade_count: run.trades.filter((t) => customerType(t) === 'big_entity').length,
  };
}
