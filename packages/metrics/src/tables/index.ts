import {
  COMPARISON_TABLE,
  DEALER_USAGE_2025_TABLE,
  DEALER_USAGE_TABLE,
  STRATEGY_OUTCOMES_2025_TABLE,
  STRATEGY_OUTCOMES_TABLE,
} from './aggregate';
import { EVALUATION_AGENTS_TABLE } from './evaluation';
import { INVENTORY_TABLE, METRICS_DAY_TABLE, REPAYMENTS_TABLE, RUN_SUMMARY_TABLE, SYSTEM_STATE_TABLE, TRADES_TABLE } from './run';
import { RingError } from '@ring/engine';
import type { TableDef } from './types';
import { LIABILITIES_TABLE } from '../liabilities';
import { TRADER_INITIAL_STATE_TABLE } from '../initial-state';

/**
 * Every output table of ring, in documentation order: per run, sweep aggregates, evaluations.
 * `system_state_timeseries` is a template (see `systemStateTable(buckets)`).
 */
export const OUTPUT_TABLES: readonly TableDef<object>[] = Object.freeze([
  TRADES_TABLE,
  REPAYMENTS_TABLE,
  INVENTORY_TABLE,
  SYSTEM_STATE_TABLE,
  METRICS_DAY_TABLE,
  LIABILITIES_TABLE,
  TRADER_INITIAL_STATE_TABLE,
  RUN_SUMMARY_TABLE,
  COMPARISON_TABLE,
  STRATEGY_OUTCOMES_TABLE,
  DEALER_USAGE_TABLE,
  STRATEGY_OUTCOMES_2025_TABLE,
  DEALER_USAGE_2025_TABLE,
  EVALUATION_AGENTS_TABLE,
]);

/** The table with this id (`trades`, `comparison`, …); an unknown id throws a `RingError` with code `TABLE_UNKNOWN`. */
export function tableById(id: string): TableDef<object> {
  const t = OUTPUT_TABLES.find((x) => x.id === id);
  if (!t)
    throw new RingError('TABLE_UNKNOWN', `no output table ${JSON.stringify(id)} (known: ${OUTPUT_TABLES.map((x) => x.id).join(', ')})`);
  return t;
}
