/**
 * INTERIM: the output-table definitions in the shape `@ring/metrics` is about to export
 * (`OUTPUT_TABLES`: id, file, scope, columns with types). Built here from the column lists
 * `@ring/metrics` exports today; replaced by the import once the definitions land.
 */
import {
  COST_KEYS,
  DEALER_USAGE_COLUMNS,
  INVENTORY_COLUMNS,
  METRICS_DAY_COLUMNS,
  REPAYMENT_COLUMNS,
  STRATEGIES,
  STRATEGY_OUTCOME_COLUMNS,
  TRADE_COLUMNS,
} from '@ring/metrics';
import { COMPARISON_COLUMNS } from '@ring/policy-eval';

/** The column types of a table definition. */
export type SourceColumnType = 'integer' | 'decimal' | 'double' | 'cents' | 'string' | 'boolean' | 'enum';

/** A column of an output-table definition. */
export interface SourceColumn {
  readonly name: string;
  readonly type: SourceColumnType;
  readonly nullable: boolean;
  readonly doc: string;
  readonly perBucket?: boolean;
}

/** An output-table definition (the subset of `@ring/metrics`' `TableDef` the store reads). */
export interface SourceTable {
  readonly id: string;
  readonly file: string;
  readonly scope: 'run' | 'sweep-aggregate' | 'evaluation';
  readonly format: 'csv' | 'json';
  readonly doc: string;
  readonly columns: readonly SourceColumn[];
  readonly key: readonly string[];
}

const INTEGER = new Set([
  'day',
  'maturity_day',
  'dealer_inventory_before',
  'dealer_inventory_after',
  'seq',
  'arrival_index',
  'quantity',
  'dealer_k_star_before',
  'buy_count',
  'sell_count',
  'settled_day',
  'dealer_inventory',
  'max_capacity',
  'dealer_x_star',
  'vbt_inventory',
  'interior_trades',
  'passthrough_trades',
  'seed',
  'total_liabilities',
  'default_count_total',
  ...STRATEGIES.flatMap((s) => [`count_${s}`, `default_count_${s}`]),
  'dealer_trade_count',
  'trader_dealer_trade_count',
  'n_traders_using_dealer',
  'interior_trade_count',
  'passthrough_trade_count',
  'big_entity_trade_count',
  'total_trades',
  'n_agents',
  'maturity_days',
  'n_defaults_passive',
  'n_defaults_active',
  'final_day_passive',
  'final_day_active',
  'replicate',
  'iteration',
  'num_samples',
]);
const BOOLEAN = new Set([
  'is_passthrough',
  'is_liquidity_driven',
  'reduces_margin_below_zero',
  'hit_inventory_limit',
  'held_matching_maturity',
  'is_at_zero',
  'hit_vbt_this_step',
  'is_focal',
  'accepted',
]);
const STRING = new Set([
  'run_id',
  'regime',
  'bucket',
  'side',
  'trader_id',
  'ticket_id',
  'issuer_id',
  'buyer_id',
  'buyer_type',
  'seller_id',
  'seller_type',
  'passthrough_reason',
  'liability_id',
  'outcome',
  'strategy',
  'pair_id',
  'profile',
  'passive_run_id',
  'passive_status',
  'active_run_id',
  'active_status',
  'effect_class',
  'stress_regime',
  'end_reason_passive',
  'end_reason_active',
  'evaluation_agent_id',
  'agent_id',
  'evaluation_mode',
  'scope',
  'objective',
  'sampling',
  'acceptance_reason',
  'timestamp',
]);
const CENTS = new Set(['delta_sum', 'cost', 'old_cost', ...COST_KEYS, 'std_dev', 'ci_95_lower', 'ci_95_upper']);
const DOUBLE = new Set([
  'settlement_rate',
  'avg_delay',
  'payoff_rate',
  'default_rate',
  'n_matured',
  'n_settled',
  'n_defaulted',
  'avg_days_to_default',
]);

const typeOf = (name: string): SourceColumnType =>
  INTEGER.has(name)
    ? 'integer'
    : BOOLEAN.has(name)
      ? 'boolean'
      : STRING.has(name)
        ? 'string'
        : CENTS.has(name)
          ? 'cents'
          : DOUBLE.has(name)
            ? 'double'
            : 'decimal';

function table(id: string, file: string, scope: SourceTable['scope'], columns: readonly string[], key: string[], doc: string): SourceTable {
  return {
    id,
    file,
    scope,
    format: 'csv',
    doc,
    key,
    columns: columns.map((name) => ({
      name,
      type: typeOf(name),
      nullable: true,
      doc: '',
      ...(name.includes('<bucket>') ? { perBucket: true } : {}),
    })),
  };
}

const SYSTEM_STATE_COLUMNS = [
  'run_id',
  'regime',
  'day',
  'total_face_value',
  'face_bucket_<bucket>',
  'total_cash',
  'debt_to_money',
  'outside_mid_ratio',
  'face_due_today',
  'trader_cash',
  'desk_cash',
  'cum_settled_face',
  'cum_defaulted_face',
];

const EVALUATION_AGENT_COLUMNS = [
  'run_id',
  'iteration',
  'evaluation_agent_id',
  'agent_id',
  'is_focal',
  'evaluation_mode',
  'scope',
  'objective',
  'sampling',
  'num_samples',
  'accepted',
  'acceptance_reason',
  'delta_sum',
  'cost',
  'old_cost',
  'settlement_rate',
  'avg_delay',
  'payoff_rate',
  'default_rate',
  ...COST_KEYS,
  'std_dev',
  'ci_95_lower',
  'ci_95_upper',
  'n_matured',
  'n_settled',
  'n_defaulted',
  'avg_days_to_default',
  'timestamp',
];

/** Every output table, in documentation order (per run, sweep aggregates, evaluations). */
export const OUTPUT_TABLES: readonly SourceTable[] = [
  table('trades', 'trades.csv', 'run', TRADE_COLUMNS, ['seq'], 'One row per executed customer trade.'),
  table(
    'repayment_events',
    'repayment_events.csv',
    'run',
    REPAYMENT_COLUMNS,
    ['liability_id'],
    'One row per liability due by the final day.',
  ),
  table(
    'inventory_timeseries',
    'inventory_timeseries.csv',
    'run',
    INVENTORY_COLUMNS,
    ['day', 'bucket'],
    'Dealer, VBT and claims per bucket and day.',
  ),
  table('system_state_timeseries', 'system_state_timeseries.csv', 'run', SYSTEM_STATE_COLUMNS, ['day'], 'System state per day.'),
  table('metrics', 'metrics.csv', 'run', METRICS_DAY_COLUMNS, ['day'], 'Settlement by due day.'),
  table('comparison', 'comparison.csv', 'sweep-aggregate', COMPARISON_COLUMNS, ['pair_id'], 'One row per pair.'),
  table(
    'strategy_outcomes_by_run',
    'strategy_outcomes_by_run.csv',
    'sweep-aggregate',
    STRATEGY_OUTCOME_COLUMNS,
    ['run_id'],
    'Liabilities and defaults by strategy class, per run.',
  ),
  table('dealer_usage_by_run', 'dealer_usage_by_run.csv', 'sweep-aggregate', DEALER_USAGE_COLUMNS, ['run_id'], 'Dealer usage per run.'),
  table(
    'strategy_outcomes_by_run_2025',
    'legacy/strategy_outcomes_by_run.csv',
    'sweep-aggregate',
    STRATEGY_OUTCOME_COLUMNS,
    ['run_id'],
    'paper2025: strategy rows with the 2025 trade window.',
  ),
  table(
    'dealer_usage_by_run_2025',
    'legacy/dealer_usage_by_run.csv',
    'sweep-aggregate',
    DEALER_USAGE_COLUMNS,
    ['run_id'],
    'paper2025: dealer-usage rows with the 2025 trade window.',
  ),
  table(
    'evaluation_agents',
    'evaluation_agents.csv',
    'evaluation',
    EVALUATION_AGENT_COLUMNS,
    ['run_id', 'iteration', 'evaluation_agent_id', 'agent_id'],
    'One row per trader of a policy evaluation.',
  ),
];
