import type { InventoryRow, MetricsDayRow, RepaymentRow, RunSummary, SystemStateRow, TradeRow } from '../rows';
import { expandBuckets } from './codec';
import { REGIME_VALUES, col, columnsOf, defineTable, defineTableColumns } from './define';
import type { TableDef } from './types';

const PARTY_TYPES = ['trader', 'big_entity', 'dealer', 'vbt'] as const;
const STRATEGY_VALUES = ['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip'] as const;
const PASSTHROUGH_REASONS = ['guard', 'capacity', 'cash', 'no_inventory', 'no_admissible_issuer'] as const;

const runId = col.string('run id (docs/model.md §2.5)');
const regime = col.enum(REGIME_VALUES, 'regime of the run');
const rho = col.decimal('outside mid ratio ρ of the run');

/** `trades.csv` (docs/instrumentation.md §2): one row per executed customer trade, in execution order. */
export const TRADES_TABLE: TableDef<TradeRow> = defineTable<TradeRow>(
  {
    id: 'trades',
    file: 'trades.csv',
    scope: 'run',
    format: 'csv',
    title: 'Customer trades',
    doc: 'One row per executed customer trade, in execution order; passive runs: header only. "Before" values are read immediately before the trade, "after" values immediately after it.',
    specRef: 'docs/instrumentation.md §2',
    key: ['seq'],
  },
  {
    run_id: runId,
    regime,
    day: col.integer('day t of the trade', { unit: 'day' }),
    bucket: col.string('maturity bucket of the traded ticket at trade time'),
    side: col.enum(['SELL', 'BUY'], "the customer's side (SELL = the trader sells a ticket)"),
    trader_id: col.string('the customer (H…; in paper2025 also big_*)'),
    ticket_id: col.string('the traded ticket'),
    issuer_id: col.string('debtor of the ticket'),
    maturity_day: col.integer('due day of the ticket', { unit: 'day' }),
    face_value: col.decimal('ticket face (spec: S; paper2025: the payable amount, may be 0)', { unit: 'currency' }),
    price: col.decimal('cash paid or received by the trader = unit_price × face_value', { unit: 'currency' }),
    unit_price: col.decimal('execution price: dealer bid/ask (interior) or VBT B/A (pass-through)', { unit: 'unit price' }),
    is_passthrough: col.boolean('routed to the VBT'),
    dealer_inventory_before: col.integer('dealer inventory a of the traded bucket', { unit: 'tickets' }),
    dealer_cash_before: col.decimal('dealer cash C', { unit: 'currency' }),
    dealer_bid_before: col.decimal('dealer bid', { unit: 'unit price' }),
    dealer_ask_before: col.decimal('dealer ask', { unit: 'unit price' }),
    outside_mid: col.decimal("the bucket VBT's mid M at trade time, read before the trade", {
      unit: 'unit price',
      aliases: ['vbt_mid_before'],
    }),
    trader_cash_before: col.decimal("the trader's cash", { unit: 'currency' }),
    trader_safety_margin_before: col.decimal("the trader's safety margin", { unit: 'currency' }),
    dealer_inventory_after: col.integer('dealer inventory after the trade', { unit: 'tickets' }),
    dealer_cash_after: col.decimal('dealer cash after the trade', { unit: 'currency' }),
    dealer_bid_after: col.decimal('dealer bid after the trade (recomputed)', { unit: 'unit price' }),
    dealer_ask_after: col.decimal('dealer ask after the trade (recomputed)', { unit: 'unit price' }),
    trader_cash_after: col.decimal('trader_cash_before ± price', { unit: 'currency' }),
    trader_safety_margin_after: col.decimal("the trader's safety margin after the trade", { unit: 'currency' }),
    is_liquidity_driven: col.boolean('a SELL by a trader with a positive liquidity gap over its sell horizon'),
    reduces_margin_below_zero: col.boolean('a BUY with safety margin ≥ 0 before and < 0 after'),
    hit_inventory_limit: col.boolean('a pass-through because the dealer was full (SELL) or empty (BUY)'),
    outside_mid_ratio: rho,
    seq: col.integer('0-based execution index within the run'),
    arrival_index: col.integer('spec: arrival number n of the day (docs/model.md §7.1); paper2025: empty', { nullable: true }),
    buyer_id: col.string('BUY: the trader; SELL: dealer_<bucket> (interior) or vbt_<bucket> (pass-through)'),
    buyer_type: col.enum(PARTY_TYPES, 'holder type of the buyer'),
    seller_id: col.string('SELL: the trader; BUY: dealer_<bucket> or vbt_<bucket>'),
    seller_type: col.enum(PARTY_TYPES, 'holder type of the seller'),
    quantity: col.integer('always 1', { unit: 'tickets' }),
    dealer_mid: col.decimal('the dealer midline p(x) at trade time, read before the trade', {
      unit: 'unit price',
      aliases: ['dealer_midline_before'],
    }),
    vbt_ask_before: col.decimal('VBT ask A', { unit: 'unit price' }),
    vbt_bid_before: col.decimal('VBT bid B', { unit: 'unit price' }),
    passthrough_reason: col.enum(PASSTHROUGH_REASONS, 'why the trade was passed through to the VBT; empty for interior trades', {
      nullable: true,
    }),
    dealer_k_star_before: col.integer('dealer capacity K*', { unit: 'tickets' }),
  },
);

/** `repayment_events.csv` (docs/instrumentation.md §3): one row per liability due by the final day. */
export const REPAYMENTS_TABLE: TableDef<RepaymentRow> = defineTable<RepaymentRow>(
  {
    id: 'repayment_events',
    file: 'repayment_events.csv',
    scope: 'run',
    format: 'csv',
    title: 'Repayment events',
    doc: 'One row per created liability whose due day is ≤ the final day, both regimes, sorted by (maturity_day, debtor agent index, creation order); values at the end of the run.',
    specRef: 'docs/instrumentation.md §3',
    key: ['liability_id'],
  },
  {
    run_id: runId,
    regime,
    trader_id: col.string('debtor of the liability'),
    liability_id: col.string('payable id PAY_{k}'),
    maturity_day: col.integer('due day T_L', { unit: 'day' }),
    face_value: col.decimal('payable amount', { unit: 'currency' }),
    outcome: col.enum(['repaid', 'defaulted'], 'repaid iff settled in full (on T_L, or within grace in spec)'),
    buy_count: col.integer('BUY trades by the debtor with trade day ≤ T_L'),
    sell_count: col.integer('SELL trades by the debtor with trade day ≤ T_L'),
    net_cash_pnl: col.decimal('Σ price of those SELLs − Σ price of those BUYs', { unit: 'currency' }),
    strategy: col.enum(STRATEGY_VALUES, 'strategy class from buy_count and sell_count'),
    outside_mid_ratio: rho,
    held_matching_maturity: col.boolean('the debtor owned a claim due on T_L at some instant before settling'),
    amount_paid: col.decimal('face if repaid, else the recovery paid (spec) or 0 (paper2025)', { unit: 'currency' }),
    settled_day: col.integer('day of full payment; empty if not repaid', { unit: 'day', nullable: true }),
  },
);

/** `inventory_timeseries.csv` (docs/instrumentation.md §4): one row per (day, bucket). */
export const INVENTORY_TABLE: TableDef<InventoryRow> = defineTable<InventoryRow>(
  {
    id: 'inventory_timeseries',
    file: 'inventory_timeseries.csv',
    scope: 'run',
    format: 'csv',
    title: 'Dealer and VBT inventory by day and bucket',
    doc: "One row per (day, bucket) for days 0 … final_day and every bucket in configured order, at the end of the day's trading phase.",
    specRef: 'docs/instrumentation.md §4',
    key: ['day', 'bucket'],
  },
  {
    run_id: runId,
    regime,
    day: col.integer('day t', { unit: 'day' }),
    bucket: col.string('maturity bucket'),
    dealer_inventory: col.integer('dealer inventory a (tradable tickets in the bucket)', { unit: 'tickets' }),
    max_capacity: col.integer('dealer capacity K*', { unit: 'tickets' }),
    capacity_pct: col.decimal('100·a/K*; empty if K* = 0', { unit: 'percent', nullable: true }),
    is_at_zero: col.boolean('a = 0'),
    hit_vbt_this_step: col.boolean('at least one pass-through trade in this bucket on this day'),
    total_system_face: col.decimal('Σ face of outstanding claims in this bucket, all holders; claims due today excluded', {
      unit: 'currency',
    }),
    dealer_share_pct: col.decimal('100·(dealer_face + vbt_face)/total_system_face; empty if total_system_face = 0', {
      unit: 'percent',
      nullable: true,
    }),
    outside_mid_ratio: rho,
    dealer_cash: col.decimal('dealer cash C (paper2025: 0)', { unit: 'currency' }),
    dealer_bid: col.decimal('dealer bid', { unit: 'unit price' }),
    dealer_ask: col.decimal('dealer ask', { unit: 'unit price' }),
    dealer_midline: col.decimal('dealer midline p(x)', { unit: 'unit price' }),
    dealer_x_star: col.integer('X* = S·K*', { unit: 'face units' }),
    vbt_mid: col.decimal('VBT mid M', { unit: 'unit price' }),
    vbt_spread: col.decimal('VBT spread O', { unit: 'unit price' }),
    vbt_ask: col.decimal('VBT ask A', { unit: 'unit price' }),
    vbt_bid: col.decimal('VBT bid B', { unit: 'unit price' }),
    vbt_inventory: col.integer('claims held by the VBT in this bucket', { unit: 'tickets' }),
    vbt_cash: col.decimal('spec: VBT cash (may be negative); paper2025: empty (not modelled)', { unit: 'currency', nullable: true }),
    dealer_face: col.decimal('face held by the dealer in the bucket', { unit: 'currency' }),
    vbt_face: col.decimal('face held by the VBT in the bucket', { unit: 'currency' }),
    trader_face: col.decimal('face held by traders and big entities in the bucket', { unit: 'currency' }),
    interior_trades: col.integer('interior trades in this bucket on this day'),
    passthrough_trades: col.integer('pass-through trades in this bucket on this day'),
  },
);

/** A system-state row as written: `face_buckets` flattened into `face_bucket_<name>` fields. */
export type SystemStateCsvRow = Omit<SystemStateRow, 'face_buckets'> & { readonly [column: `face_bucket_${string}`]: string };

/**
 * `system_state_timeseries.csv` (docs/instrumentation.md §5): one row per day. A template: its
 * `face_bucket_<bucket>` column stands for one column per configured bucket, in bucket order
 * (see {@link systemStateTable}).
 */
export const SYSTEM_STATE_TABLE: TableDef<SystemStateCsvRow> = defineTableColumns<SystemStateCsvRow>(
  {
    id: 'system_state_timeseries',
    file: 'system_state_timeseries.csv',
    scope: 'run',
    format: 'csv',
    title: 'System state by day',
    doc: "One row per day 0 … final_day, at the end of the day's trading phase.",
    specRef: 'docs/instrumentation.md §5',
    key: ['day'],
  },
  columnsOf({
    run_id: runId,
    regime,
    day: col.integer('day t', { unit: 'day' }),
    total_face_value: col.decimal('Σ face of all outstanding claims (including claims due today) = face_due_today + Σ bucket columns', {
      unit: 'currency',
    }),
    'face_bucket_<bucket>': col.decimal(
      'Σ face of outstanding claims in bucket <bucket> (one column per configured bucket, in bucket order)',
      {
        unit: 'currency',
        perBucket: true,
      },
    ),
    total_cash: col.decimal('Σ cash of all agents except the central bank', { unit: 'currency' }),
    debt_to_money: col.decimal('total_face_value / total_cash; empty if total_cash ≤ 0', { nullable: true }),
    outside_mid_ratio: rho,
    face_due_today: col.decimal('Σ face of outstanding claims due on this day', { unit: 'currency' }),
    trader_cash: col.decimal('Σ cash of traders (and big entities)', { unit: 'currency' }),
    desk_cash: col.decimal('total_cash − trader_cash', { unit: 'currency' }),
    cum_settled_face: col.decimal('Σ face of liabilities settled in full on days < t', { unit: 'currency' }),
    cum_defaulted_face: col.decimal('Σ face of liabilities that defaulted on days < t', { unit: 'currency' }),
  }),
);

/** {@link SYSTEM_STATE_TABLE} with one `face_bucket_<name>` column per bucket, in the given order. */
export function systemStateTable(buckets: readonly string[]): TableDef<SystemStateCsvRow> {
  return expandBuckets(SYSTEM_STATE_TABLE, buckets);
}

/** `metrics.csv` (docs/instrumentation.md §10): δ by due day. */
export const METRICS_DAY_TABLE: TableDef<MetricsDayRow> = defineTable<MetricsDayRow>(
  {
    id: 'metrics',
    file: 'metrics.csv',
    scope: 'run',
    format: 'csv',
    title: 'Settlement by due day',
    doc: 'One row per day of the day list (docs/model.md §11), including days after final_day.',
    specRef: 'docs/instrumentation.md §10',
    key: ['day'],
  },
  {
    run_id: runId,
    regime,
    outside_mid_ratio: rho,
    day: col.integer('due day t', { unit: 'day' }),
    S_t: col.decimal('face due on day t', { unit: 'currency' }),
    settled_t: col.decimal('face due on day t and settled', { unit: 'currency' }),
    phi_t: col.decimal('settled_t / S_t; empty if S_t = 0', { nullable: true }),
    delta_t: col.decimal('1 − phi_t; empty if S_t = 0', { nullable: true }),
  },
);

/**
 * The run summary (`summaries` in `run.json` of `ring run --out`): one row per run. Not a CSV file
 * of its own; defined here so that its fields have one documented type like every table.
 */
export const RUN_SUMMARY_TABLE: TableDef<RunSummary> = defineTable<RunSummary>(
  {
    id: 'run_summary',
    file: 'run.json',
    scope: 'run',
    location: 'run.json',
    format: 'json',
    jsonPath: 'summaries',
    title: 'Run summary',
    doc: 'One row per run: outcome, trade counts by routing and side, dealer P&L, liquidity-driven sales and debt-to-money.',
    specRef: 'docs/instrumentation.md §11',
    key: ['run_id'],
  },
  {
    run_id: runId,
    pair_id: col.string('pair id (docs/model.md §2.5)'),
    profile: col.string('model profile'),
    regime,
    outside_mid_ratio: rho,
    delta: col.decimal('default rate δ (docs/model.md §11); empty if undefined', { nullable: true }),
    phi: col.decimal('φ = 1 − δ; empty if undefined', { nullable: true }),
    n_defaults: col.integer('defaulted liabilities'),
    final_day: col.integer('last simulated day', { unit: 'day' }),
    end_reason: col.string('why the run stopped'),
    total_trades: col.integer('customer trades'),
    sell_trades: col.integer('SELL trades'),
    buy_trades: col.integer('BUY trades'),
    interior_trades: col.integer('trades the dealer made itself'),
    passthrough_trades: col.integer('trades passed through to the VBT'),
    interior_sells: col.integer('interior SELL trades'),
    interior_buys: col.integer('interior BUY trades'),
    passthrough_sells: col.integer('pass-through SELL trades'),
    passthrough_buys: col.integer('pass-through BUY trades'),
    dealer_total_pnl: col.decimal('dealer P&L (docs/model.md §11)', { unit: 'currency' }),
    dealer_total_return: col.decimal('dealer return (docs/model.md §11)'),
    spread_income_total: col.decimal('Σ over interior trades of |unit price − dealer midline| × face', { unit: 'currency' }),
    liquidity_driven_sales: col.integer('SELL trades with is_liquidity_driven'),
    rescue_events: col.integer('liquidity-driven sales by a trader whose next liability was then repaid in full'),
    unsafe_buy_count: col.integer('BUY trades with reduces_margin_below_zero'),
    initial_total_debt: col.decimal('Σ payables at setup', { unit: 'currency' }),
    initial_total_money: col.decimal('Σ cash at setup', { unit: 'currency' }),
    initial_debt_to_money: col.decimal('initial_total_debt / initial_total_money; empty if no money', { nullable: true }),
    realised_debt_to_money: col.decimal('mean of the daily debt_to_money values; empty if none is defined', { nullable: true }),
  },
);
