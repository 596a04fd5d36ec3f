/**
 * @ring/metrics — pure reducers from @ring/engine events to typed instrumentation rows and run
 * summaries (trades, repayment events, inventory and system time series, δ by day, run-level tables).
 * @packageDocumentation
 */
export { createRunCollector, strategyOf } from './collector';
export type { RunCollector, RunCollectorOptions, RowSink } from './collector';
export {
  TRADE_COLUMNS,
  REPAYMENT_COLUMNS,
  INVENTORY_COLUMNS,
  METRICS_DAY_COLUMNS,
  systemStateColumns,
  flattenSystemState,
} from './rows';
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
export { strategyOutcomeRow, dealerUsageRow, STRATEGY_OUTCOME_COLUMNS, DEALER_USAGE_COLUMNS, STRATEGIES } from './run-tables';
export type { PairContext, StrategyOutcomeRow, DealerUsageRow } from './run-tables';
export { MetricsInputError } from './errors';
export { LIABILITY_COLUMNS, liabilityRows } from './liabilities';
export type { LiabilityRow } from './liabilities';
export {
  TRADER_INITIAL_STATE_COLUMNS,
  CASH_DEBT_BUCKET_EDGES,
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
  centsOf,
  ratioToDouble,
  exactRatio,
  exactDecimal,
  exactAdd,
  exactSub,
  exactMul,
  exactCmp,
  exactToString,
  COST_KEYS,
  DEFAULT_COST_RATES,
  CostRatesError,
} from './policy-metrics';
export type {
  ExactDecimal,
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
