import { STRATEGIES } from '../strategy';
import type { DealerUsageRow, StrategyOutcomeRow } from '../run-tables';
import { REGIME_VALUES, col, columnsOf, defineTable, defineTableColumns } from './define';
import type { ColumnSpec } from './define';
import type { TableDef } from './types';

/**
 * One row of `comparison.csv` (docs/instrumentation.md §8): a pair. Decimal values are strings,
 * null is the empty field. `replicate` and `kappa_reference` are written by sweeps and absent from
 * the 34-column form.
 */
export type ComparisonRow = {
  kappa: string;
  concentration: string;
  mu: string;
  monotonicity: string;
  seed: number;
  face_value: string;
  outside_mid_ratio: string;
  /** β (`paper2025`); null in `spec`. */
  big_entity_share: string | null;
  delta_passive: string | null;
  delta_active: string | null;
  trading_effect: string | null;
  trading_relief_ratio: string | null;
  phi_passive: string | null;
  phi_active: string | null;
  passive_run_id: string;
  passive_status: 'completed' | 'failed';
  active_run_id: string;
  active_status: 'completed' | 'failed';
  dealer_total_pnl: string | null;
  dealer_total_return: string | null;
  total_trades: number;
  pair_id: string;
  profile: string;
  n_agents: number;
  maturity_days: number;
  q_total: string;
  n_defaults_passive: number;
  n_defaults_active: number;
  effect_class: 'improved' | 'unchanged' | 'worsened' | null;
  stress_regime: 'low' | 'medium' | 'catastrophic' | null;
  final_day_passive: number;
  final_day_active: number;
  end_reason_passive: string;
  end_reason_active: string;
  /** 0-based replicate of the pair within its grid cell (sweeps; 0 when the file does not have the column). */
  replicate?: number;
  /**
   * The reference's κ (money/debt) = 1/κ where the profile takes one (`bilancio2026`: as given, or
   * 1/κ in D(28)); null for the other profiles and in files without the column. `kappa` is ring's κ.
   */
  kappa_reference?: string | null;
};

const param = (what: string) => col.decimal(`${what} (canonical decimal string)`, { role: 'parameter' });
const pairValue = (what: string) => col.decimal(`${what} (docs/model.md §11); empty if undefined`, { nullable: true, role: 'outcome' });
const STATUS = ['completed', 'failed'] as const;

/**
 * `comparison.csv` (docs/instrumentation.md §8): one row per pair, in sweep order. Its parameter
 * columns are `kappa` … `big_entity_share`, `n_agents`, `maturity_days`, `q_total`; `replicate`
 * and `kappa_reference` are optional (the 34-column form of the spec lacks them; readers then fill
 * 0 and empty). `kappa` is ring's κ (debt/money) for every profile.
 */
export const COMPARISON_TABLE: TableDef<ComparisonRow> = defineTable<ComparisonRow>(
  {
    id: 'comparison',
    file: 'comparison.csv',
    scope: 'sweep-aggregate',
    format: 'csv',
    title: 'Pairs: passive vs active',
    doc: 'One row per pair (one configuration and seed, both regimes), in sweep order.',
    specRef: 'docs/instrumentation.md §8',
    key: ['pair_id'],
  },
  {
    kappa: param("debt-to-money ratio κ (ring's meaning in every profile)"),
    concentration: param('Dirichlet concentration c'),
    mu: param('maturity lead μ'),
    monotonicity: param('monotonicity of the due-day rule'),
    seed: col.integer('run seed', { role: 'parameter' }),
    face_value: col.decimal('ticket size S', { unit: 'currency', role: 'parameter' }),
    outside_mid_ratio: param('outside mid ratio ρ'),
    big_entity_share: col.decimal('big-entity share β (paper2025); empty in spec', { nullable: true, role: 'parameter' }),
    delta_passive: pairValue('δ of the passive run'),
    delta_active: pairValue('δ of the active run'),
    trading_effect: pairValue('trading effect Δ = δ_passive − δ_active'),
    trading_relief_ratio: pairValue('trading relief ratio'),
    phi_passive: pairValue('φ of the passive run'),
    phi_active: pairValue('φ of the active run'),
    passive_run_id: col.string('run id of the passive run'),
    passive_status: col.enum(STATUS, 'completed iff δ of the passive run is defined'),
    active_run_id: col.string('run id of the active run'),
    active_status: col.enum(STATUS, 'completed iff δ of the active run is defined'),
    dealer_total_pnl: col.decimal('dealer P&L of the active run', { unit: 'currency', nullable: true }),
    dealer_total_return: col.decimal('dealer return of the active run', { nullable: true }),
    total_trades: col.integer('trades of the active run'),
    pair_id: col.string('pair id (docs/model.md §2.5)'),
    profile: col.string('model profile'),
    n_agents: col.integer('traders N', { role: 'parameter' }),
    maturity_days: col.integer('maturity horizon T', { unit: 'day', role: 'parameter' }),
    q_total: col.decimal('total debt Q', { unit: 'currency', role: 'parameter' }),
    n_defaults_passive: col.integer('defaults in the passive run'),
    n_defaults_active: col.integer('defaults in the active run'),
    effect_class: col.enum(['improved', 'unchanged', 'worsened'], 'sign of the exact Δ; empty if undefined', { nullable: true }),
    stress_regime: col.enum(['low', 'medium', 'catastrophic'], 'from δ_passive (docs/model.md §11); empty if undefined', {
      nullable: true,
    }),
    final_day_passive: col.integer('last simulated day of the passive run', { unit: 'day' }),
    final_day_active: col.integer('last simulated day of the active run', { unit: 'day' }),
    end_reason_passive: col.string('why the passive run stopped'),
    end_reason_active: col.string('why the active run stopped'),
    replicate: col.integer('0-based replicate of the pair within its grid cell (sweeps only)', {
      optional: true,
      absentValue: 0,
      role: 'parameter',
    }),
    kappa_reference: col.decimal(
      "the reference's κ = money/debt = 1/κ (bilancio2026: as given, or 1/κ to 28 digits); empty for the other profiles",
      { nullable: true, optional: true, absentValue: null, role: 'parameter' },
    ),
  },
);

/**
 * The parameter columns of comparison.csv (`role: 'parameter'`), in file order: the columns that
 * describe the configuration of a pair rather than its outcome (`seed` and `replicate` included).
 */
export const COMPARISON_PARAMETER_COLUMNS: readonly string[] = COMPARISON_TABLE.columns
  .filter((c) => c.role === 'parameter')
  .map((c) => c.name);

/** Columns that strategy_outcomes_by_run and dealer_usage_by_run repeat from the pair. */
const pairContext = {
  pair_id: col.string('pair id'),
  profile: col.string('model profile'),
  kappa: param('κ'),
  concentration: param('c'),
  mu: param('μ'),
  outside_mid_ratio: param('ρ'),
};
const pairOutcome = {
  delta_passive: pairValue('δ of the passive run of the pair'),
  delta_active: pairValue('δ of the active run of the pair'),
  trading_effect: pairValue('trading effect Δ of the pair'),
  trading_relief_ratio: pairValue('trading relief ratio of the pair'),
};

function strategyColumns(): Record<string, ColumnSpec> {
  const out: Record<string, ColumnSpec> = {};
  for (const s of STRATEGIES) {
    out[`count_${s}`] = col.integer(`liabilities of strategy ${s}`);
    out[`face_${s}`] = col.decimal(`Σ face of those liabilities`, { unit: 'currency' });
    out[`default_count_${s}`] = col.integer(`defaulted liabilities of strategy ${s}`);
    out[`default_face_${s}`] = col.decimal(`Σ face of those defaulted liabilities`, { unit: 'currency' });
    out[`default_rate_${s}`] = col.decimal(`default_face_${s} / face_${s}; empty if face_${s} = 0`, { nullable: true });
  }
  return out;
}

const STRATEGY_META = {
  id: 'strategy_outcomes_by_run',
  file: 'strategy_outcomes_by_run.csv',
  scope: 'sweep-aggregate',
  format: 'csv',
  title: 'Liabilities, face and defaults by strategy, per run',
  doc: 'One row per run (passive and active), in sweep order with the passive row first; from the run repayment rows.',
  specRef: 'docs/instrumentation.md §6',
  key: ['run_id'],
} as const;

/** `strategy_outcomes_by_run.csv` (docs/instrumentation.md §6): one row per run. */
export const STRATEGY_OUTCOMES_TABLE: TableDef<StrategyOutcomeRow> = defineTableColumns<StrategyOutcomeRow>(
  STRATEGY_META,
  columnsOf({
    run_id: col.string('run id'),
    regime: col.enum(REGIME_VALUES, 'regime of the run'),
    ...pairContext,
    seed: col.integer('run seed', { role: 'parameter' }),
    face_value: col.decimal('ticket size S', { unit: 'currency', role: 'parameter' }),
    ...pairOutcome,
    total_liabilities: col.integer("rows of the run's repayment file"),
    total_face_value: col.decimal('Σ face_value of those rows', { unit: 'currency' }),
    default_count_total: col.integer('rows with outcome defaulted'),
    default_face_total: col.decimal('Σ face of rows with outcome defaulted', { unit: 'currency' }),
    default_rate_total: col.decimal('default_face_total / total_face_value; empty if total_face_value = 0', { nullable: true }),
    ...strategyColumns(),
  }),
);

/**
 * `legacy/strategy_outcomes_by_run.csv` under `aggregate/` (paper2025 sweeps): the active runs'
 * rows with the 2025 trade window (trade day < T_L). Same columns as {@link STRATEGY_OUTCOMES_TABLE}.
 */
export const STRATEGY_OUTCOMES_2025_TABLE: TableDef<StrategyOutcomeRow> = Object.freeze({
  ...STRATEGY_OUTCOMES_TABLE,
  id: 'strategy_outcomes_by_run_2025',
  file: 'legacy/strategy_outcomes_by_run.csv',
  title: 'Strategy outcomes per active run, 2025 trade window',
  doc: 'paper2025 sweeps only: one row per active run, with the 2025 trade window (trade day < T_L) of the published tables.',
  specRef: 'docs/experiment-paper2025.md §5',
});

const USAGE_META = {
  id: 'dealer_usage_by_run',
  file: 'dealer_usage_by_run.csv',
  scope: 'sweep-aggregate',
  format: 'csv',
  title: 'Dealer usage per run',
  doc: 'One row per run (passive and active), in sweep order with the passive row first.',
  specRef: 'docs/instrumentation.md §7',
  key: ['run_id'],
} as const;

const fraction = (what: string) => col.decimal(`${what}; empty if the run has no day`, { nullable: true });

/** `dealer_usage_by_run.csv` (docs/instrumentation.md §7): one row per run. */
export const DEALER_USAGE_TABLE: TableDef<DealerUsageRow> = defineTable<DealerUsageRow>(USAGE_META, {
  run_id: col.string('run id'),
  regime: col.enum(REGIME_VALUES, 'regime of the run'),
  ...pairContext,
  ...pairOutcome,
  dealer_trade_count: col.integer('rows of trades.csv (all customers)'),
  trader_dealer_trade_count: col.integer('rows whose customer is a ring trader (H…)'),
  n_traders_using_dealer: col.integer('distinct ring traders among those rows'),
  total_face_traded: col.decimal('Σ face_value over ring-trader rows', { unit: 'currency' }),
  total_cash_volume: col.decimal('Σ price over ring-trader rows', { unit: 'currency' }),
  dealer_active_fraction: fraction('share of days on which some bucket has dealer inventory > 0'),
  dealer_empty_fraction: fraction("share of days on which every bucket's dealer is at zero"),
  vbt_usage_fraction: fraction('share of days on which some bucket had a pass-through'),
  mean_debt_to_money: col.decimal('mean of the defined daily debt_to_money values; empty if none', { nullable: true }),
  final_debt_to_money: col.decimal('debt_to_money on the last day', { nullable: true }),
  debt_shrink_rate: col.decimal('(total face on day 0 − on the last day) / on day 0; empty if day 0 has 0', { nullable: true }),
  frac_defaulted_that_traded: col.decimal('share of defaulted face whose debtor traded; empty without defaulted face', {
    nullable: true,
  }),
  frac_repaid_that_traded: col.decimal('share of repaid face whose debtor traded; empty without repaid face', { nullable: true }),
  seed: col.integer('run seed', { role: 'parameter' }),
  interior_trade_count: col.integer('interior trades'),
  passthrough_trade_count: col.integer('pass-through trades'),
  big_entity_trade_count: col.integer('trades by big entities (paper2025)'),
});

/** `legacy/dealer_usage_by_run.csv` under `aggregate/` (paper2025 sweeps): the active runs' rows with the 2025 trade window. */
export const DEALER_USAGE_2025_TABLE: TableDef<DealerUsageRow> = Object.freeze({
  ...DEALER_USAGE_TABLE,
  id: 'dealer_usage_by_run_2025',
  file: 'legacy/dealer_usage_by_run.csv',
  title: 'Dealer usage per active run, 2025 trade window',
  doc: 'paper2025 sweeps only: one row per active run, with the 2025 trade window of the published tables.',
  specRef: 'docs/experiment-paper2025.md §5',
});
