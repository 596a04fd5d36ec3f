import { D, canon, configOutputs, getProfile, keyDoc, runParameters } from '@ring/engine';
import type { PairResult, RunConfig, RunResult } from '@ring/engine';
import { COMPARISON_TABLE, columnNames, tallyStrategy } from '@ring/metrics';
import type { Cell, DebtorTrade, RepaymentRow, RunRows } from '@ring/metrics';
import { armConfig, cellValues } from './definition';
import type { PairLocation, SweepDefinition } from './definition';

/** A row of a sweep-level table: column → cell (D values as strings, null = empty). */
export type TableRow = Record<string, Cell>;

/**
 * Column order of `aggregate/comparison.csv` (`COMPARISON_TABLE` of @ring/metrics): the 34 columns
 * of docs/instrumentation.md §8, then `replicate` (0-based replicate of the pair within its cell).
 */
export const COMPARISON_COLUMNS: readonly string[] = columnNames(COMPARISON_TABLE);

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
  /** The configurations the pair's two arms ran (baseline first), as {@link pairConfigs} resolves them. */
  readonly configs: readonly [RunConfig, RunConfig];
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
  const byTrader = new Map<string, DebtorTrade[]>();
  for (const t of rows.trades) {
    const brief: DebtorTrade = { day: t.day, side: t.side, price: t.price, maturityDay: t.maturity_day };
    const l = byTrader.get(t.trader_id);
    if (l) l.push(brief);
    else byTrader.set(t.trader_id, [brief]);
  }
  const repayments: RepaymentRow[] = rows.repayments.map((r) => {
    const t = tallyStrategy(byTrader.get(r.trader_id) ?? [], r.maturity_day, 'before_due_day');
    return { ...r, buy_count: t.buy_count, sell_count: t.sell_count, net_cash_pnl: t.net_cash_pnl, strategy: t.strategy };
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

/** summary.json built pair by pair (see {@link createSweepSummaryAccumulator}). */
export interface SweepSummaryAccumulator {
  /** Add the comparison row of the next pair, in sweep order. */
  add(row: TableRow): void;
  /** The summary of the rows added so far. */
  finish(): SweepSummary;
}

const MEAN_COLUMNS = ['delta_passive', 'delta_active', 'trading_effect', 'trading_relief_ratio'] as const;

/**
 * {@link sweepSummary} one comparison row at a time, so that a sweep of any size is summarised
 * with flat memory: the same sums in the same (sweep) order, hence the same bytes.
 */
export function createSweepSummaryAccumulator(def: SweepDefinition, firstConfig: RunConfig): SweepSummaryAccumulator {
  let total = 0;
  let done = 0;
  const dblSum: Record<string, number> = {};
  const decSum: Record<string, D> = {};
  for (const c of MEAN_COLUMNS) {
    dblSum[c] = 0;
    decSum[c] = new D(0);
  }
  const classes = new Map<unknown, number>([
    ['improved', 0],
    ['unchanged', 0],
    ['worsened', 0],
  ]);
  return {
    add(r) {
      total++;
      const n = classes.get(r.effect_class);
      if (n !== undefined) classes.set(r.effect_class, n + 1);
      if (r.delta_passive === null || r.delta_active === null || r.delta_passive === '' || r.delta_active === '') return;
      done++;
      for (const c of MEAN_COLUMNS) {
        dblSum[c]! += Number(r[c]);
        decSum[c] = decSum[c]!.plus(String(r[c]));
      }
    },
    finish() {
      const dbl = (c: (typeof MEAN_COLUMNS)[number]) => (done === 0 ? null : dblSum[c]! / done);
      const dec = (c: (typeof MEAN_COLUMNS)[number]) => (done === 0 ? null : canon(decSum[c]!.div(done)));
      return {
        total_pairs: total,
        completed_pairs: done,
        mean_delta_passive: dbl('delta_passive'),
        mean_delta_active: dbl('delta_active'),
        mean_trading_effect: dbl('trading_effect'),
        mean_relief_ratio: dbl('trading_relief_ratio'),
        pairs_with_improvement: classes.get('improved')!,
        pairs_unchanged: classes.get('unchanged')!,
        pairs_worsened: classes.get('worsened')!,
        ...summaryContext(def, firstConfig),
        decimal: {
          mean_delta_passive: dec('delta_passive'),
          mean_delta_active: dec('delta_active'),
          mean_trading_effect: dec('trading_effect'),
          mean_relief_ratio: dec('trading_relief_ratio'),
        },
      };
    },
  };
}

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
  const acc = createSweepSummaryAccumulator(def, firstConfig);
  for (const r of comparison) acc.add(r);
  return acc.finish();
}

/** The parts of summary.json that describe the sweep rather than its results. */
function summaryContext(def: SweepDefinition, firstConfig: RunConfig): Pick<SweepSummary, 'config' | 'profile' | 'regimes' | 'options'> {
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
  return { config, profile: def.profile, regimes: def.arms.map((a) => a.name), options };
}
