/**
 * The public surface of @ring/metrics, pinned: the runtime exports of src/index.ts, sorted. Adding or
 * removing an export fails here until this list is updated on purpose (and the README names it and a
 * changeset records it).
 */
import { describe, expect, it } from 'vitest';
import * as api from './index';

const PUBLIC_API = [
  'CASH_DEBT_BUCKETS',
  'COMPARISON_PARAMETER_COLUMNS',
  'COMPARISON_TABLE',
  'COST_KEYS',
  'CostRatesError',
  'DEALER_USAGE_2025_TABLE',
  'DEALER_USAGE_TABLE',
  'DEFAULT_COST_RATES',
  'EVALUATION_AGENTS_TABLE',
  'INVENTORY_TABLE',
  'LIABILITIES_TABLE',
  'METRICS_DAY_TABLE',
  'MetricsInputError',
  'OUTPUT_TABLES',
  'REPAYMENTS_TABLE',
  'RUN_SUMMARY_TABLE',
  'STRATEGIES',
  'STRATEGY_OUTCOMES_2025_TABLE',
  'STRATEGY_OUTCOMES_TABLE',
  'SYSTEM_STATE_TABLE',
  'TRADER_INITIAL_STATE_TABLE',
  'TRADES_TABLE',
  'TableCellError',
  'TableDefinitionError',
  'cashDebtBucket',
  'columnNames',
  'createPolicyMetricsCollector',
  'createRunCollector',
  'dealerUsageRow',
  'expandBuckets',
  'flattenSystemState',
  'formatRow',
  'isHeaderMismatch',
  'liabilityRows',
  'parseCell',
  'parseRow',
  'plainNumber',
  'policyMetricsFromEvents',
  'ratioToDouble',
  'resolveCostRates',
  'resolveHeader',
  'strategyOf',
  'strategyOutcomeRow',
  'sumBreakdown',
  'systemStateColumns',
  'systemStateTable',
  'tableMarkdown',
  'tablePath',
  'tallyStrategy',
  'traderInitialStateRows',
  'validateRows',
];

describe('@ring/metrics public API', () => {
  it('exports exactly the pinned runtime names', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
  });
});
