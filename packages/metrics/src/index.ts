/**
 * @ring/metrics — pure reducers from @ring/engine events to typed instrumentation rows and run
 * summaries (trades, repayment events, inventory and system time series, δ by day, run-level tables).
 * @packageDocumentation
 */
export { createRunCollector } from './collector';
export { strategyOf, tallyStrategy } from './strategy';
export type { TradeWindow, DebtorTrade, StrategyTally } from './strategy';
export type { RunCollector, RunCollectorOptions, RowSink } from './collector';
// Column orders are read off the table definitions (`columnNames(TRADES_TABLE)`); only the bucket-dependent
// system-state header has a function of its own.
export { systemStateColumns, flattenSystemState } from './rows';
export type {
  Cell,
  PartyType,
  TradeRow,
  Strategy,
  RepaymentRow,
  InventoryRow,
  SystemStateRow,
  MetricsDayRow,
  RunSummary,
  RunRows,
  RunUsage,
} from './rows';
export { strategyOutcomeRow, dealerUsageRow } from './run-tables';
export { STRATEGIES } from './strategy';
export type { PairContext, StrategyOutcomeRow, DealerUsageRow } from './run-tables';
export { MetricsInputError } from './errors';
export { LIABILITIES_TABLE, liabilityRows } from './liabilities';
export type { LiabilityRow } from './liabilities';
export {
  TRADER_INITIAL_STATE_TABLE,
  CASH_DEBT_BUCKETS,
  cashDebtBucket,
  traderInitialStateRows,
} from './initial-state';
export type { TraderInitialStateRow } from './initial-state';
export {
  createPolicyMetricsCollector,
  policyMetricsFromEvents,
  resolveCostRates,
  sumBreakdown,
  ratioToDouble,
  COST_KEYS,
  DEFAULT_COST_RATES,
  CostRatesError,
} from './policy-metrics';
export type {
  PenaltyRule,
  CostRatesInput,
  CostRates,
  CostKey,
  CostBreakdown,
  CostBreakdownUnits,
  AgentPolicyMetrics,
  SystemPolicyMetrics,
  RunPolicyMetrics,
  PolicyMetricsOptions,
  PolicyMetricsCollector,
} from './policy-metrics';

// ---- table definitions: one per output table (columns, types, order, file), docs/instrumentation.md ----
export type { ColumnType, ColumnDef, TableDef, TableScope, TypedCell, RowOf } from './tables/types';
export { TableCellError, TableDefinitionError } from './tables/errors';
export type { CellLocation } from './tables/errors';
export { parseCell, plainNumber } from './tables/cells';
export {
  tablePath,
  expandBuckets,
  columnNames,
  resolveHeader,
  isHeaderMismatch,
  formatRow,
  parseRow,
  validateRows,
} from './tables/codec';
export type { ResolvedHeader, HeaderMismatch } from './tables/codec';
export { tableMarkdown } from './tables/markdown';
export {
  TRADES_TABLE,
  REPAYMENTS_TABLE,
  INVENTORY_TABLE,
  SYSTEM_STATE_TABLE,
  systemStateTable,
  METRICS_DAY_TABLE,
  RUN_SUMMARY_TABLE,
} from './tables/run';
export type { SystemStateCsvRow } from './tables/run';
export {
  COMPARISON_TABLE,
  COMPARISON_PARAMETER_COLUMNS,
  STRATEGY_OUTCOMES_TABLE,
  STRATEGY_OUTCOMES_2025_TABLE,
  DEALER_USAGE_TABLE,
  DEALER_USAGE_2025_TABLE,
} from './tables/aggregate';
export type { ComparisonRow } from './tables/aggregate';
export { EVALUATION_AGENTS_TABLE } from './tables/evaluation';
export type { EvaluationAgentTableRow } from './tables/evaluation';
export { OUTPUT_TABLES } from './tables/index';
