import { D, canon, configOutputs, getProfile, keyDoc, runParameters } from '@ring/engine';
import type { PairResult, RunConfig, RunResult } from '@ring/engine';
import { strategyOf } from '@ring/metrics';
import type { Cell, RepaymentRow, RunRows } from '@ring/metrics';
import { armConfig, cellValues } from './definition';
import type { PairLocation, SweepDefinition } from './definition';

/** A row of a sweep-level table: column → cell (D values as strings, null = empty). */
export type TableRow = Record<string, Cell>;

/**
 * Column order of `aggregate/comparison.csv`: the 34 columns of docs/instrumentation.md §8, then
 * `replicate` (0-based replicate of the pair within its cell) and `kappa_reference` (the reference's
 * κ = 1/κ, `bilancio2026` only), which the spec does not list.
 */
export const COMPARISON_COLUMNS: readonly string[] = [
  'kappa',
  'concentration',
  'mu',
  'monotonicity',
  'seed',
  'face_value',
  'outside_mid_ratio',
  'big_entity_share',
  'delta_passive',
  'delta_active',
  'trading_effect',
  'trading_relief_ratio',
  'phi_passive',
  'phi_active',
  'passive_run_id',
  'passive_status',
  'active_run_id',
  'active_status',
  'dealer_total_pnl',
  'dealer_total_return',
  'total_trades',
  'pair_id',
  'profile',
  'n_agents',
  'maturity_days',
  'q_total',
  'n_defaults_passive',
  'n_defaults_active',
  'effect_class',
  'stress_regime',
  'final_day_passive',
  'final_day_active',
  'end_reason_passive',
  'end_reason_active',
  'replicate',
  'kappa_reference',
];

/**
 * Everything a sweep keeps of one pair: the comparison row, the run-level table rows of both arms
 * (baseline first), and — for `paper2025` sweeps — the treatment arm's rows under the 2025 trade
 * window (docs/experiment-paper2025.md §5: the published strategy and usage tables use them). Plain JSON.
 */
export interface PairRecord {
  readonly index: number;
  readonly comparison: TableRow;
  /** strategy_outcomes_by_run rows: [baseline, treatment]. */
  readonly strategy: readonly TableRow[];
  /** dealer_usage_by_run rows: [baseline, treatment]. */
  readonly usage: readonly TableRow[];
  /** paper2025 only: the treatment run's strategy row with the 2025 trade window (day < T_L). */
  readonly strategy2025?: readonly TableRow[];
  /** paper2025 only: the treatment run's dealer-usage row with the 2025 trade window. */
  readonly usage2025?: readonly TableRow[];
}

/** The per-run instrumentation rows and configurations of a pair (only with detailed logging). */
export interface PairDetail {
  readonly runs: readonly { readonly rows: RunRows; readonly config: RunConfig }[];
}

/** What the runner hands to the sink for each pair. */
export interface PairOutput {
  readonly record: PairRecord;
  readonly detail: PairDetail | null;
}

const status = (r: RunResult): 'completed' | 'failed' => (r.delta === null ? 'failed' : 'completed');

/** The comparison.csv row of a pair (docs/instrumentation.md §8 plus `replicate`). */
export function comparisonRow(
  loc: PairLocation,
  cfg: RunConfig,
  baseline: RunResult,
  treatment: RunResult,
  pm: Pick<PairResult, 'tradingEffect' | 'tradingReliefRatio' | 'effectClass' | 'stressRegime'>,
  pairId: string,
): TableRow {
  // κ is ring's (debt/money) in every profile; the reference's κ where the profile takes one.
  const params = runParameters(cfg);
  return {
    kappa: params.kappa,
    concentration: cfg.concentration,
    mu: cfg.mu,
    monotonicity: params.monotonicity,
    seed: cfg.seed,
    face_value: cfg.ticketSize,
    outside_mid_ratio: cfg.outsideMidRatio,
    big_entity_share: (configOutputs(cfg).big_entity_share as string | undefined) ?? null,
    delta_passive: baseline.delta,
    delta_active: treatment.delta,
    trading_effect: pm.tradingEffect,
    trading_relief_ratio: pm.tradingReliefRatio,
    phi_passive: baseline.phi,
    phi_active: treatment.phi,
    passive_run_id: baseline.runId,
    passive_status: status(baseline),
    active_run_id: treatment.runId,
    active_status: status(treatment),
    dealer_total_pnl: treatment.dealerTotalPnl,
    dealer_total_return: treatment.dealerTotalReturn,
    total_trades: treatment.trades.total,
    pair_id: pairId,
    profile: cfg.profile,
    n_agents: cfg.nAgents,
    maturity_days: cfg.maturityDays,
    q_total: cfg.qTotal,
    n_defaults_passive: baseline.nDefaults,
    n_defaults_active: treatment.nDefaults,
    effect_class: pm.effectClass,
    stress_regime: pm.stressRegime,
    final_day_passive: baseline.finalDay,
    final_day_active: treatment.finalDay,
    end_reason_passive: baseline.endReason,
    end_reason_active: treatment.endReason,
    replicate: loc.replicate,
    kappa_reference: params.kappaReference,
  };
}

/**
 * The repayment rows of a run re-derived with the 2025 trade window of the `paper2025`
 * compatibility writer (docs/instrumentation.md §3: trades with day < T_L count, not ≤): buy and sell
 * counts, net cash P&L and the strategy class. Everything else is unchanged.
 */
export function withTradeWindow2025(rows: RunRows): RunRows {
  const byTrader = new Map<string, RunRows['trades'][number][]>();
  for (const t of rows.trades) {
    const l = byTrader.get(t.trader_id);
    if (l) l.push(t);
    else byTrader.set(t.trader_id, [t]);
  }
  const repayments: RepaymentRow[] = rows.repayments.map((r) => {
    let buys = 0;
    let sells = 0;
    let pnl = new D(0);
    for (const t of byTrader.get(r.trader_id) ?? []) {
      if (t.day >= r.maturity_day) continue;
      if (t.side === 'SELL') {
        sells++;
        pnl = pnl.plus(t.price);
      } else {
        buys++;
        pnl = pnl.minus(t.price);
      }
    }
    return { ...r, buy_count: buys, sell_count: sells, net_cash_pnl: canon(pnl), strategy: strategyOf(buys, sells) };
  });
  return { ...rows, repayments };
}

// ---- summary.json ------------------------------------------------------------------------------

/** `aggregate/summary.json` (docs/instrumentation.md §9). */
export interface SweepSummary {
  total_pairs: number;
  completed_pairs: number;
  mean_delta_passive: number | null;
  mean_delta_active: number | null;
  mean_trading_effect: number | null;
  mean_relief_ratio: number | null;
  pairs_with_improvement: number;
  pairs_unchanged: number;
  pairs_worsened: number;
  config: Record<string, unknown>;
  profile: string;
  regimes: string[];
  options: Record<string, unknown>;
  decimal: {
    mean_delta_passive: string | null;
    mean_delta_active: string | null;
    mean_trading_effect: string | null;
    mean_relief_ratio: string | null;
  };
}

/** Keys of the resolved configuration that summary.json reports in `config` (or that vary per pair). */
const CONFIG_KEYS = new Set([
  'schema',
  'profile',
  'regime',
  'seed',
  'nAgents',
  'maturityDays',
  'qTotal',
  'ticketSize',
  'kappa',
  'concentration',
  'mu',
  'outsideMidRatio',
]);

/**
 * `kappas` of summary.json: ring's κ of every value of the axis that sets κ (`kappa`, or a key
 * that is its alternative, such as bilancio2026's `kappaReference`), else of the first configuration;
 * and `kappa_references` (the reference's κ) for profiles that take one.
 */
function kappaLists(def: SweepDefinition, firstConfig: RunConfig): { kappas: string[]; kappa_references?: string[] } {
  const a = def.axes.find((x) => x.key === 'kappa' || keyDoc(def.profile, x.key)?.alternativeTo === 'kappa');
  const first = cellValues(def, 0);
  const params = a
    ? a.values.map((v) => runParameters(armConfig(def, { ...first, [a.key]: v }, def.baseSeed, def.arms[0])))
    : [runParameters(firstConfig)];
  const refs = params.map((p) => p.kappaReference);
  return {
    kappas: params.map((p) => p.kappa),
    ...(refs.every((r) => r !== null) ? { kappa_references: refs as string[] } : {}),
  };
}

/**
 * summary.json of a set of pairs (in sweep order): double means (each D value through Number(),
 * summed left to right, divided by the count — docs/instrumentation.md §9) and D means in `decimal`, over
 * completed pairs; class counts by the exact classification; the grid in `config`; every other
 * resolved configuration key of the baseline arm in `options`, with `replicates` (and the arms
 * when they are not passive/active).
 */
export function sweepSummary(def: SweepDefinition, firstConfig: RunConfig, comparison: readonly TableRow[]): SweepSummary {
  const done = comparison.filter(
    (r) => r.delta_passive !== null && r.delta_active !== null && r.delta_passive !== '' && r.delta_active !== '',
  );
  const dbl = (col: string): number | null => {
    if (done.length === 0) return null;
    let s = 0;
    for (const r of done) s += Number(r[col]);
    return s / done.length;
  };
  const dec = (col: string): string | null => {
    if (done.length === 0) return null;
    let s = new D(0);
    for (const r of done) s = s.plus(String(r[col]));
    return canon(s.div(done.length));
  };
  const count = (c: string) => comparison.filter((r) => r.effect_class === c).length;
  const axis = (key: string) => def.axes.find((a) => a.key === key);
  const list = (key: string, fallback: unknown) => {
    const a = axis(key);
    return a ? a.values.map(String) : [String(fallback)];
  };
  const scalar = (key: string, fallback: unknown) => {
    const a = axis(key);
    return a ? [...a.values] : fallback;
  };
  const config: Record<string, unknown> = {
    n_agents: scalar('nAgents', firstConfig.nAgents),
    maturity_days: scalar('maturityDays', firstConfig.maturityDays),
    Q_total: axis('qTotal') ? list('qTotal', null) : firstConfig.qTotal,
    base_seed: def.baseSeed,
    face_value: axis('ticketSize') ? list('ticketSize', null) : firstConfig.ticketSize,
    ...kappaLists(def, firstConfig),
    concentrations: list('concentration', firstConfig.concentration),
    mus: list('mu', firstConfig.mu),
    outside_mid_ratios: list('outsideMidRatio', firstConfig.outsideMidRatio),
  };
  // Profile keys that summary.json reports in `config` (paper2025: big_entity_share), the rest in `options`.
  const inConfig = new Set(CONFIG_KEYS);
  if (config.kappa_references !== undefined) inConfig.add('kappaReference');
  const resolved = firstConfig as unknown as Record<string, unknown>;
  for (const k of getProfile(firstConfig.profile).keys) {
    if (k.summaryField === undefined) continue;
    config[k.summaryField] = axis(k.key) ? list(k.key, null) : resolved[k.key];
    inConfig.add(k.key);
  }
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(firstConfig)) if (!inConfig.has(k)) options[k] = v;
  for (const a of def.axes) if (!inConfig.has(a.key)) options[a.key] = [...a.values];
  options.replicates = def.replicates;
  if (def.arms[0].name !== 'passive' || def.arms[1].name !== 'active' || def.arms.some((a) => a.overrides)) options.arms = def.arms;
  return {
    total_pairs: comparison.length,
    completed_pairs: done.length,
    mean_delta_passive: dbl('delta_passive'),
    mean_delta_active: dbl('delta_active'),
    mean_trading_effect: dbl('trading_effect'),
    mean_relief_ratio: dbl('trading_relief_ratio'),
    pairs_with_improvement: count('improved'),
    pairs_unchanged: count('unchanged'),
    pairs_worsened: count('worsened'),
    config,
    profile: def.profile,
    regimes: def.arms.map((a) => a.name),
    options,
    decimal: {
      mean_delta_passive: dec('delta_passive'),
      mean_delta_active: dec('delta_active'),
      mean_trading_effect: dec('trading_effect'),
      mean_relief_ratio: dec('trading_relief_ratio'),
    },
  };
}
