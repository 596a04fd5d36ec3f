import type { ModelProfile, Regime } from '@ring/engine';
import type { TraderInitialStateRow } from './initial-state';
import type { LiabilityRow } from './liabilities';
import { columnNames } from './tables/codec';
import { INVENTORY_TABLE, METRICS_DAY_TABLE, REPAYMENTS_TABLE, TRADES_TABLE, systemStateTable } from './tables/run';

/** A CSV cell: decimal values are canonical decimal strings; null is written as an empty field. */
export type Cell = string | number | boolean | null;

/** Holder type of a claim or trade party (docs/instrumentation.md §1.4). */
export type PartyType = 'trader' | 'big_entity' | 'dealer' | 'vbt';

/** One executed customer trade (docs/instrumentation.md §2; columns in file order). */
export interface TradeRow {
  run_id: string;
  regime: Regime;
  day: number;
  bucket: string;
  side: 'SELL' | 'BUY';
  trader_id: string;
  ticket_id: string;
  issuer_id: string;
  maturity_day: number;
  face_value: string;
  price: string;
  unit_price: string;
  is_passthrough: boolean;
  dealer_inventory_before: number;
  dealer_cash_before: string;
  dealer_bid_before: string;
  dealer_ask_before: string;
  /** The bucket VBT's mid M, read before the trade (Plan 022 name; formerly `vbt_mid_before`). */
  outside_mid: string;
  trader_cash_before: string;
  trader_safety_margin_before: string;
  dealer_inventory_after: number;
  dealer_cash_after: string;
  dealer_bid_after: string;
  dealer_ask_after: string;
  trader_cash_after: string;
  trader_safety_margin_after: string;
  is_liquidity_driven: boolean;
  reduces_margin_below_zero: boolean;
  hit_inventory_limit: boolean;
  outside_mid_ratio: string;
  seq: number;
  arrival_index: number | null;
  buyer_id: string;
  buyer_type: PartyType;
  seller_id: string;
  seller_type: PartyType;
  quantity: number;
  /** The dealer midline p(x), read before the trade (Plan 022 name; formerly `dealer_midline_before`). */
  dealer_mid: string;
  vbt_ask_before: string;
  vbt_bid_before: string;
  passthrough_reason: string | null;
  dealer_k_star_before: number;
}

/** Strategy class of a liability's debtor (docs/instrumentation.md §3). */
export type Strategy = 'no_trade' | 'hold_to_maturity' | 'sell_before' | 'round_trip';

/** One created liability due by the final day (docs/instrumentation.md §3). */
export interface RepaymentRow {
  run_id: string;
  regime: Regime;
  trader_id: string;
  liability_id: string;
  maturity_day: number;
  face_value: string;
  outcome: 'repaid' | 'defaulted';
  buy_count: number;
  sell_count: number;
  net_cash_pnl: string;
  strategy: Strategy;
  outside_mid_ratio: string;
  held_matching_maturity: boolean;
  amount_paid: string;
  settled_day: number | null;
}

/** Dealer, VBT and claims of one bucket at the end of a day's trading phase (docs/instrumentation.md §4). */
export interface InventoryRow {
  run_id: string;
  regime: Regime;
  day: number;
  bucket: string;
  dealer_inventory: number;
  max_capacity: number;
  capacity_pct: string | null;
  is_at_zero: boolean;
  hit_vbt_this_step: boolean;
  total_system_face: string;
  dealer_share_pct: string | null;
  outside_mid_ratio: string;
  dealer_cash: string;
  dealer_bid: string;
  dealer_ask: string;
  dealer_midline: string;
  dealer_x_star: number;
  vbt_mid: string;
  vbt_spread: string;
  vbt_ask: string;
  vbt_bid: string;
  vbt_inventory: number;
  vbt_cash: string | null;
  dealer_face: string;
  vbt_face: string;
  trader_face: string;
  interior_trades: number;
  passthrough_trades: number;
}

/**
 * System state at the end of a day's trading phase (docs/instrumentation.md §5). The per-bucket faces are
 * in `face_buckets` (bucket name → face), written as `face_bucket_<name>` columns in bucket order.
 */
export interface SystemStateRow {
  run_id: string;
  regime: Regime;
  day: number;
  total_face_value: string;
  face_buckets: Record<string, string>;
  total_cash: string;
  debt_to_money: string | null;
  outside_mid_ratio: string;
  face_due_today: string;
  trader_cash: string;
  desk_cash: string;
  cum_settled_face: string;
  cum_defaulted_face: string;
}

/** δ by due day (docs/instrumentation.md §10). */
export interface MetricsDayRow {
  run_id: string;
  regime: Regime;
  outside_mid_ratio: string;
  day: number;
  S_t: string;
  settled_t: string;
  phi_t: string | null;
  delta_t: string | null;
}

/** Run-level summary of one run (the corrected counterpart of the legacy dealer_metrics.json). */
export interface RunSummary {
  run_id: string;
  pair_id: string;
  profile: ModelProfile;
  regime: Regime;
  outside_mid_ratio: string;
  delta: string | null;
  phi: string | null;
  n_defaults: number;
  final_day: number;
  end_reason: string;
  total_trades: number;
  sell_trades: number;
  buy_trades: number;
  interior_trades: number;
  passthrough_trades: number;
  interior_sells: number;
  interior_buys: number;
  passthrough_sells: number;
  passthrough_buys: number;
  dealer_total_pnl: string;
  dealer_total_return: string;
  /** Σ over interior trades of |unit price − dealer midline| × face: what the dealer earned from its spread. */
  spread_income_total: string;
  liquidity_driven_sales: number;
  /** Liquidity-driven sales by a trader whose liability was then repaid in full. */
  rescue_events: number;
  unsafe_buy_count: number;
  initial_total_debt: string;
  initial_total_money: string;
  initial_debt_to_money: string | null;
  /** Mean of the daily debt-to-money ratios (system_state_timeseries), empty if none is defined. */
  realised_debt_to_money: string | null;
}

/**
 * Per-run aggregates behind `dealer_usage_by_run.csv` (docs/instrumentation.md §7), accumulated while the
 * events arrive so that the run-level tables need neither the trade nor the time-series rows.
 */
export interface RunUsage {
  /** Rows of trades.csv (all customers). */
  readonly trade_count: number;
  /** Trades whose customer is a ring trader (H…), their distinct customers, face and cash volume. */
  readonly trader_trade_count: number;
  readonly n_traders_trading: number;
  readonly trader_face_traded: string;
  readonly trader_cash_volume: string;
  /** Trades whose customer is a big entity (`paper2025`). */
  readonly big_entity_trade_count: number;
  readonly interior_trade_count: number;
  readonly passthrough_trade_count: number;
  /** Days with a snapshot (rows of system_state_timeseries.csv). */
  readonly days: number;
  /** Days on which some bucket has dealer inventory > 0. */
  readonly dealer_active_days: number;
  /** Days on which every bucket's dealer is at zero. */
  readonly dealer_empty_days: number;
  /** Days on which some bucket had a pass-through trade. */
  readonly vbt_used_days: number;
  /** Mean of the defined daily debt_to_money values; null if none is defined. */
  readonly mean_debt_to_money: string | null;
  /** total_face_value on the first and on the last day; null without snapshots. */
  readonly first_total_face_value: string | null;
  readonly last_total_face_value: string | null;
  /** debt_to_money on the last day. */
  readonly last_debt_to_money: string | null;
}

/**
 * Everything the metrics layer derives from one run. `trades`, `inventory` and `systemState` are
 * empty when the collector streamed them to a sink without retaining them.
 */
export interface RunRows {
  readonly summary: RunSummary;
  readonly usage: RunUsage;
  readonly buckets: readonly string[];
  readonly trades: TradeRow[];
  readonly repayments: RepaymentRow[];
  readonly inventory: InventoryRow[];
  readonly systemState: SystemStateRow[];
  readonly metricsByDay: MetricsDayRow[];
  /** The whole created set of docs/model.md §11, liability by liability (liabilities.csv). */
  readonly liabilities: LiabilityRow[];
  /** Every trader's cash, debt and receivables after setup (trader_initial_state.csv). */
  readonly initialState: TraderInitialStateRow[];
}

/** Column order of trades.csv (from {@link TRADES_TABLE}). */
export const TRADE_COLUMNS: readonly (keyof TradeRow)[] = columnNames(TRADES_TABLE) as (keyof TradeRow)[];

/** Column order of repayment_events.csv (from {@link REPAYMENTS_TABLE}). */
export const REPAYMENT_COLUMNS: readonly (keyof RepaymentRow)[] = columnNames(REPAYMENTS_TABLE) as (keyof RepaymentRow)[];

/** Column order of inventory_timeseries.csv (from {@link INVENTORY_TABLE}). */
export const INVENTORY_COLUMNS: readonly (keyof InventoryRow)[] = columnNames(INVENTORY_TABLE) as (keyof InventoryRow)[];

/** Column order of system_state_timeseries.csv for the given bucket names (from {@link systemStateTable}). */
export function systemStateColumns(buckets: readonly string[]): string[] {
  return columnNames(systemStateTable(buckets));
}

/** A system-state row flattened to its CSV columns. */
export function flattenSystemState(row: SystemStateRow): Record<string, Cell> {
  const { face_buckets, ...rest } = row;
  const out: Record<string, Cell> = { ...rest };
  for (const [b, v] of Object.entries(face_buckets)) out[`face_bucket_${b}`] = v;
  return out;
}

/** Column order of metrics.csv (from {@link METRICS_DAY_TABLE}). */
export const METRICS_DAY_COLUMNS: readonly (keyof MetricsDayRow)[] = columnNames(METRICS_DAY_TABLE) as (keyof MetricsDayRow)[];
