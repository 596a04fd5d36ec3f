import { DEALER_USAGE_COLUMNS, STRATEGIES, STRATEGY_OUTCOME_COLUMNS } from '@ring/metrics';
import type { DealerUsageRow, StrategyOutcomeRow } from '@ring/metrics';
import { writeFileAtomic } from './atomic';
import type { AtomicWriteOptions } from './atomic';
import { toCsv } from './csv';
import type { CsvRow } from './csv';
import { CsvValueError } from './errors';
import { nullable, readTypedCsv } from './typed';
import type { ColumnKind } from './typed';

/** The 34 columns of comparison.csv in docs/instrumentation.md §8 order: the 21 legacy columns, then 13 more. */
export const COMPARISON_CSV_COLUMNS = [
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
] as const;

/** One row of comparison.csv (docs/instrumentation.md §8). D values are decimal strings; null is empty. */
export type ComparisonCsvRow = {
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
  profile: 'spec' | 'paper2025';
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
};

/** Every listed column must be present in every row (null for an empty field); extra keys are ignored. */
function complete(columns: readonly string[], rows: readonly CsvRow[]): readonly CsvRow[] {
  rows.forEach((r, i) => {
    for (const c of columns) if (r[c] === undefined) throw new CsvValueError(c, i, undefined);
  });
  return rows;
}

/** comparison.csv text: exactly the §8 columns of each row, in the given (sweep) order. */
export function comparisonCsv(rows: readonly (ComparisonCsvRow | CsvRow)[]): string {
  return toCsv(COMPARISON_CSV_COLUMNS, complete(COMPARISON_CSV_COLUMNS, rows as readonly CsvRow[]));
}

/**
 * Write comparison.csv (docs/instrumentation.md §8) from plain row objects carrying at least the 34 columns
 * of {@link COMPARISON_CSV_COLUMNS}; a missing column throws {@link CsvValueError} naming it.
 */
export function writeComparisonCsv(path: string, rows: readonly (ComparisonCsvRow | CsvRow)[], options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, comparisonCsv(rows), options);
}

/** Write strategy_outcomes_by_run.csv (docs/instrumentation.md §6): one row per run, passive before active. */
export function writeStrategyOutcomesCsv(path: string, rows: readonly StrategyOutcomeRow[], options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, toCsv(STRATEGY_OUTCOME_COLUMNS, complete(STRATEGY_OUTCOME_COLUMNS, rows as unknown as CsvRow[])), options);
}

/** Write dealer_usage_by_run.csv (docs/instrumentation.md §7): one row per run, passive before active. */
export function writeDealerUsageCsv(path: string, rows: readonly DealerUsageRow[], options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, toCsv(DEALER_USAGE_COLUMNS, complete(DEALER_USAGE_COLUMNS, rows as unknown as CsvRow[])), options);
}

// ---- typed readers -------------------------------------------------------------------------

const REGIMES = ['passive', 'active'] as const;

const STRATEGY_KINDS: Record<string, ColumnKind> = {
  regime: REGIMES,
  kappa: 'dec',
  concentration: 'dec',
  mu: 'dec',
  outside_mid_ratio: 'dec',
  seed: 'int',
  face_value: 'dec',
  delta_passive: 'dec?',
  delta_active: 'dec?',
  trading_effect: 'dec?',
  trading_relief_ratio: 'dec?',
  total_liabilities: 'int',
  total_face_value: 'dec',
  default_count_total: 'int',
  default_face_total: 'dec',
  default_rate_total: 'dec?',
};
for (const s of STRATEGIES) {
  Object.assign(STRATEGY_KINDS, {
    [`count_${s}`]: 'int',
    [`face_${s}`]: 'dec',
    [`default_count_${s}`]: 'int',
    [`default_face_${s}`]: 'dec',
    [`default_rate_${s}`]: 'dec?',
  });
}

const USAGE_KINDS: Record<string, ColumnKind> = {
  regime: REGIMES,
  kappa: 'dec',
  concentration: 'dec',
  mu: 'dec',
  outside_mid_ratio: 'dec',
  delta_passive: 'dec?',
  delta_active: 'dec?',
  trading_effect: 'dec?',
  trading_relief_ratio: 'dec?',
  dealer_trade_count: 'int',
  trader_dealer_trade_count: 'int',
  n_traders_using_dealer: 'int',
  total_face_traded: 'dec',
  total_cash_volume: 'dec',
  dealer_active_fraction: 'dec?',
  dealer_empty_fraction: 'dec?',
  vbt_usage_fraction: 'dec?',
  mean_debt_to_money: 'dec?',
  final_debt_to_money: 'dec?',
  debt_shrink_rate: 'dec?',
  frac_defaulted_that_traded: 'dec?',
  frac_repaid_that_traded: 'dec?',
  seed: 'int',
  interior_trade_count: 'int',
  passthrough_trade_count: 'int',
  big_entity_trade_count: 'int',
};

const COMPARISON_KINDS: Record<string, ColumnKind> = {
  kappa: 'dec',
  concentration: 'dec',
  mu: 'dec',
  monotonicity: 'dec',
  seed: 'int',
  face_value: 'dec',
  outside_mid_ratio: 'dec',
  big_entity_share: 'dec?',
  delta_passive: 'dec?',
  delta_active: 'dec?',
  trading_effect: 'dec?',
  trading_relief_ratio: 'dec?',
  phi_passive: 'dec?',
  phi_active: 'dec?',
  passive_status: ['completed', 'failed'],
  active_status: ['completed', 'failed'],
  dealer_total_pnl: 'dec?',
  dealer_total_return: 'dec?',
  total_trades: 'int',
  profile: ['spec', 'paper2025'],
  n_agents: 'int',
  maturity_days: 'int',
  q_total: 'dec',
  n_defaults_passive: 'int',
  n_defaults_active: 'int',
  effect_class: nullable(['improved', 'unchanged', 'worsened']),
  stress_regime: nullable(['low', 'medium', 'catastrophic']),
  final_day_passive: 'int',
  final_day_active: 'int',
};

/** Read strategy_outcomes_by_run.csv back into typed rows (header and every value validated). */
export function readStrategyOutcomesCsv(file: string): StrategyOutcomeRow[] {
  return readTypedCsv<StrategyOutcomeRow>(file, STRATEGY_OUTCOME_COLUMNS, STRATEGY_KINDS);
}

/** Read dealer_usage_by_run.csv back into typed rows. */
export function readDealerUsageCsv(file: string): DealerUsageRow[] {
  return readTypedCsv<DealerUsageRow>(file, DEALER_USAGE_COLUMNS, USAGE_KINDS);
}

/** Read a comparison.csv with exactly the §8 columns back into typed rows. */
export function readComparisonRows(file: string): ComparisonCsvRow[] {
  return readTypedCsv<ComparisonCsvRow>(file, COMPARISON_CSV_COLUMNS, COMPARISON_KINDS);
}
