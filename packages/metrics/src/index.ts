/**
 * @ring/metrics — pure reducers from @ring/engine events to typed instrumentation rows and run
 * summaries (trades, repayment events, inventory and system time series, δ by day, run-level tables).
 * @packageDocumentation
 */
export { createRunCollector, strategyOf } from './collector';
export type { RunCollector } from './collector';
export {
  TRADE_COLUMNS, REPAYMENT_COLUMNS, INVENTORY_COLUMNS, METRICS_DAY_COLUMNS, systemStateColumns, flattenSystemState,
} from './rows';
export type {
  Cell, PartyType, TradeRow, Strategy, RepaymentRow, InventoryRow, SystemStateRow, MetricsDayRow, RunSummary, RunRows,
} from './rows';
export { strategyOutcomeRow, dealerUsageRow, STRATEGY_OUTCOME_COLUMNS, DEALER_USAGE_COLUMNS } from './run-tables';
export type { PairContext } from './run-tables';
