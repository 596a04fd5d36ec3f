/**
 * Every column definition of docs/instrumentation.md §2–§7 and §10 on one hand-built event stream whose
 * values are worked out by hand in the comments (no engine involved): four ring traders, a
 * dealer and a VBT per bucket (short, long), five trades, settlement over days 1 and 2.
 */
import { describe, expect, it } from 'vitest';
import { D } from '@ring/engine';
import type { BucketSnapshot, DealerView, RingEvent, RunResult, TradeEvent } from '@ring/engine';
import { createRunCollector } from './collector';
import { MetricsInputError } from './errors';
import { dealerUsageRow, strategyOutcomeRow } from './run-tables';
import type { PairContext } from './run-tables';
import type { RunRows } from './rows';

const dealer = (inventory: number, kStar: number, cash = '0'): DealerView => ({
  inventory,
  cash,
  bid: '0.95',
  ask: '1.05',
  midline: '1',
  kStar,
  xStar: kStar,
});

const setup: RingEvent = {
  kind: 'setup',
  day: 0,
  runId: 'active_hand',
  pairId: 'pair_hand',
  profile: 'spec',
  regime: 'active',
  outsideMidRatio: '0.9',
  ticketSize: 1,
  agents: [
    { id: 'H1', type: 'trader' },
    { id: 'H2', type: 'trader' },
    { id: 'H3', type: 'trader' },
    { id: 'H4', type: 'trader' },
    { id: 'H5', type: 'trader' },
    { id: 'dealer_short', type: 'dealer' },
    { id: 'vbt_short', type: 'vbt' },
    { id: 'dealer_long', type: 'dealer' },
    { id: 'vbt_long', type: 'vbt' },
  ],
  buckets: ['short', 'long'],
  // Creation order differs from debtor order on purpose (repayment rows sort by due day, then debtor).
  payables: [
    { id: 'PAY_1', debtor: 'H3', creditor: 'H4', amount: '4', dueDay: 2 },
    { id: 'PAY_2', debtor: 'H2', creditor: 'H3', amount: '5', dueDay: 2 },
    { id: 'PAY_3', debtor: 'H1', creditor: 'H2', amount: '10', dueDay: 2 },
    { id: 'PAY_4', debtor: 'H4', creditor: 'H1', amount: '6', dueDay: 1 },
    { id: 'PAY_5', debtor: 'H5', creditor: 'H1', amount: '3', dueDay: 5 },
  ],
  holdings: [
    { holder: 'H4', payableId: 'PAY_1', issuer: 'H3', dueDay: 2, tickets: 3, face: '3' },
    { holder: 'vbt_short', payableId: 'PAY_1', issuer: 'H3', dueDay: 2, tickets: 1, face: '1' },
    { holder: 'H3', payableId: 'PAY_2', issuer: 'H2', dueDay: 2, tickets: 5, face: '5' },
    { holder: 'H2', payableId: 'PAY_3', issuer: 'H1', dueDay: 2, tickets: 9, face: '9' },
    { holder: 'dealer_short', payableId: 'PAY_3', issuer: 'H1', dueDay: 2, tickets: 1, face: '1' },
    { holder: 'H1', payableId: 'PAY_4', issuer: 'H4', dueDay: 1, tickets: 6, face: '6' },
    { holder: 'H1', payableId: 'PAY_5', issuer: 'H5', dueDay: 5, tickets: 2, face: '2' },
    { holder: 'H4', payableId: 'PAY_5', issuer: 'H5', dueDay: 5, tickets: 1, face: '1' },
  ],
  cash: { H1: '10', H2: '10', H3: '10', H4: '10', H5: '10', dealer_short: '1', vbt_short: '2', dealer_long: '0', vbt_long: '0' },
};

function trade(
  p: Partial<TradeEvent> & Pick<TradeEvent, 'seq' | 'day' | 'side' | 'traderId' | 'bucket' | 'unitPrice' | 'counterparty'>,
): TradeEvent {
  return {
    kind: 'trade',
    arrivalIndex: p.seq + 1,
    ticketId: `TKT_${p.seq}`,
    payableId: 'PAY_1',
    issuerId: 'H3',
    maturityDay: 2,
    face: '1',
    price: p.unitPrice,
    isPassthrough: true,
    passthroughReason: 'capacity',
    dealerBefore: dealer(0, 0),
    dealerAfter: dealer(0, 0),
    vbtMidBefore: '0.9',
    vbtAskBefore: '1.1',
    vbtBidBefore: '0.9',
    traderCashBefore: '5',
    traderCashAfter: '5',
    traderSafetyMarginBefore: '1',
    traderSafetyMarginAfter: '1',
    isLiquidityDriven: false,
    ...p,
  };
}

const trades: TradeEvent[] = [
  // day 0: H2 sells a PAY_3 ticket (due 2) to the dealer: interior at the bid, liquidity-driven.
  trade({
    seq: 0,
    day: 0,
    side: 'SELL',
    traderId: 'H2',
    bucket: 'short',
    unitPrice: '0.95',
    counterparty: 'dealer_short',
    payableId: 'PAY_3',
    issuerId: 'H1',
    isPassthrough: false,
    passthroughReason: null,
    dealerBefore: dealer(1, 3, '1'),
    dealerAfter: dealer(2, 2, '0.05'),
    traderSafetyMarginBefore: '2',
    traderSafetyMarginAfter: '1.9',
    isLiquidityDriven: true,
  }),
  // day 0: H4 sells a PAY_1 ticket; the dealer is full (a = K* = 2): pass-through, capacity.
  trade({
    seq: 1,
    day: 0,
    side: 'SELL',
    traderId: 'H4',
    bucket: 'short',
    unitPrice: '0.9',
    counterparty: 'vbt_short',
    dealerBefore: dealer(2, 2, '0.05'),
    dealerAfter: dealer(2, 2, '0.05'),
    isLiquidityDriven: true,
  }),
  // day 1: H1 buys that PAY_1 ticket (due 2 = its own due day) from the VBT; the dealer holds
  // tickets but none deliverable: a pass-through that is NOT an inventory limit. Margin 0.5 → −0.2.
  // The event's liquidity flag is (wrongly) true: a BUY is never liquidity-driven.
  trade({
    seq: 2,
    day: 1,
    side: 'BUY',
    traderId: 'H1',
    bucket: 'short',
    unitPrice: '1.1',
    counterparty: 'vbt_short',
    ticketId: 'TKT_1',
    passthroughReason: 'no_admissible_issuer',
    dealerBefore: dealer(2, 2),
    dealerAfter: dealer(2, 2),
    traderSafetyMarginBefore: '0.5',
    traderSafetyMarginAfter: '-0.2',
    isLiquidityDriven: true,
  }),
  // day 2: H4 sells a PAY_5 ticket (long) without a liquidity gap; margin 0.1 → −0.5 on a SELL.
  trade({
    seq: 3,
    day: 2,
    side: 'SELL',
    traderId: 'H4',
    bucket: 'long',
    unitPrice: '0.8',
    counterparty: 'vbt_long',
    payableId: 'PAY_5',
    issuerId: 'H5',
    maturityDay: 5,
    traderSafetyMarginBefore: '0.1',
    traderSafetyMarginAfter: '-0.5',
  }),
  // day 2 (= H2's due day, inside its trade window): H2 buys it from the empty-dealer bucket.
  trade({
    seq: 4,
    day: 2,
    side: 'BUY',
    traderId: 'H2',
    bucket: 'long',
    unitPrice: '1.2',
    counterparty: 'vbt_long',
    ticketId: 'TKT_3',
    payableId: 'PAY_5',
    issuerId: 'H5',
    maturityDay: 5,
    passthroughReason: 'no_inventory',
    traderSafetyMarginBefore: '3',
    traderSafetyMarginAfter: '2.6',
  }),
];

const bucket = (name: string, d: DealerView, faces: [string, string, string], vbtInventory: number): BucketSnapshot => ({
  bucket: name,
  dealer: d,
  vbtMid: '0.9',
  vbtSpread: '0.2',
  vbtAsk: '1',
  vbtBid: '0.8',
  vbtInventory,
  vbtCash: '2',
  dealerFace: faces[0],
  vbtFace: faces[1],
  traderFace: faces[2],
});

// Snapshots at instant E (after the day's trades, before settlement). short = τ 1…3, long = τ ≥ 4.
const snapshots: RingEvent[] = [
  // day 0: short holds PAY_1…PAY_4 (25): dealer 2 (PAY_3), VBT 2 (PAY_1), traders 21. long: PAY_5, traders 3.
  {
    kind: 'snapshot',
    day: 0,
    buckets: [bucket('short', dealer(2, 2), ['2', '2', '21'], 2), bucket('long', dealer(0, 0), ['0', '0', '3'], 0)],
    faceDueToday: '0',
    totalCash: '50',
    traderCash: '40',
  },
  // day 1: PAY_4 (6) due today; short: dealer 2, VBT 1, traders 16 (19).
  {
    kind: 'snapshot',
    day: 1,
    buckets: [bucket('short', dealer(2, 2), ['2', '1', '16'], 1), bucket('long', dealer(0, 0), ['0', '0', '3'], 0)],
    faceDueToday: '6',
    totalCash: '40',
    traderCash: '30',
  },
  // day 2: PAY_1…PAY_3 (19) due today, short empty; long: traders 3.
  {
    kind: 'snapshot',
    day: 2,
    buckets: [bucket('short', dealer(0, 0), ['0', '0', '0'], 0), bucket('long', dealer(0, 0), ['0', '0', '3'], 0)],
    faceDueToday: '19',
    totalCash: '0',
    traderCash: '0',
  },
  // day 3: PAY_5 has moved to short (τ = 2).
  {
    kind: 'snapshot',
    day: 3,
    buckets: [bucket('short', dealer(0, 0), ['0', '0', '3'], 0), bucket('long', dealer(0, 0), ['0', '0', '0'], 0)],
    faceDueToday: '0',
    totalCash: '12',
    traderCash: '12',
  },
];

const settlement: RingEvent[] = [
  { kind: 'settled', day: 1, payableId: 'PAY_4', debtor: 'H4', dueDay: 1, amount: '6', via: 'gross', receipts: [] },
  { kind: 'settled', day: 2, payableId: 'PAY_3', debtor: 'H1', dueDay: 2, amount: '10', via: 'gross', receipts: [] },
  {
    kind: 'defaulted',
    day: 2,
    payableId: 'PAY_2',
    debtor: 'H2',
    dueDay: 2,
    amount: '5',
    paid: '2',
    recoveryRate: '0.4',
    failFast: false,
    recoveries: [],
  },
  { kind: 'settled', day: 2, payableId: 'PAY_1', debtor: 'H3', dueDay: 2, amount: '4', via: 'gross', receipts: [] },
];

const outcome = (
  id: string,
  debtor: string,
  creditor: string,
  amount: string,
  dueDay: number,
  status: 'settled' | 'defaulted' | 'open',
  paid: string,
) => ({
  id,
  debtor,
  creditor,
  amount,
  dueDay,
  status,
  settledDay: status === 'settled' ? dueDay : null,
  defaultDay: status === 'defaulted' ? dueDay : null,
  amountPaid: paid,
});

const result = {
  runId: 'active_hand',
  pairId: 'pair_hand',
  delta: '0.25',
  phi: '0.75',
  nDefaults: 1,
  finalDay: 3,
  endReason: 'max_days',
  dealerTotalPnl: '0',
  dealerTotalReturn: '0',
  trades: { total: 5, sells: 3, buys: 2, interior: 1, passthrough: 4 },
  dayTotals: [
    { day: 1, S: '6', settled: '6' },
    { day: 2, S: '19', settled: '14' },
    { day: 4, S: '0', settled: '0' },
    { day: 5, S: '3', settled: '0' },
  ],
  payables: [
    outcome('PAY_1', 'H3', 'H4', '4', 2, 'settled', '4'),
    outcome('PAY_2', 'H2', 'H3', '5', 2, 'defaulted', '2'),
    outcome('PAY_3', 'H1', 'H2', '10', 2, 'settled', '10'),
    outcome('PAY_4', 'H4', 'H1', '6', 1, 'settled', '6'),
    outcome('PAY_5', 'H5', 'H1', '3', 5, 'open', '0'),
  ],
} as unknown as RunResult;

function collect(events: readonly RingEvent[], res: RunResult = result): RunRows {
  const c = createRunCollector();
  for (const e of events) c.observer(e);
  return c.finish(res);
}

const stream: RingEvent[] = [
  setup,
  { kind: 'day_start', day: 0 },
  trades[0]!,
  trades[1]!,
  snapshots[0]!,
  { kind: 'day_start', day: 1 },
  trades[2]!,
  snapshots[1]!,
  settlement[0]!,
  { kind: 'day_start', day: 2 },
  trades[3]!,
  trades[4]!,
  snapshots[2]!,
  settlement[1]!,
  settlement[2]!,
  settlement[3]!,
  { kind: 'day_start', day: 3 },
  snapshots[3]!,
  { kind: 'run_end', finalDay: 3, endReason: 'max_days' },
];
const rows = collect(stream);
const d = (x: string | number) => new D(x);
const eq = (a: string | null | undefined, b: D | string) => {
  expect(a).not.toBeNull();
  expect(d(a!).eq(b), `${a} = ${b.toString()}`).toBe(true);
};

describe('trades.csv rows (docs/instrumentation.md §2)', () => {
  it('one row per trade event, in execution order, with identity columns', () => {
    expect(rows.trades.map((t) => t.seq)).toEqual([0, 1, 2, 3, 4]);
    for (const t of rows.trades) {
      expect([t.run_id, t.regime, t.outside_mid_ratio, t.quantity]).toEqual(['active_hand', 'active', '0.9', 1]);
    }
    expect(rows.trades.map((t) => t.arrival_index)).toEqual([1, 2, 3, 4, 5]);
  });
  it('buyer and seller: the customer on its side, the desk on the other, with holder types', () => {
    expect(rows.trades.map((t) => [t.buyer_id, t.buyer_type, t.seller_id, t.seller_type])).toEqual([
      ['dealer_short', 'dealer', 'H2', 'trader'],
      ['vbt_short', 'vbt', 'H4', 'trader'],
      ['H1', 'trader', 'vbt_short', 'vbt'],
      ['vbt_long', 'vbt', 'H4', 'trader'],
      ['H2', 'trader', 'vbt_long', 'vbt'],
    ]);
  });
  it('hit_inventory_limit: pass-through because the dealer was full (SELL) or empty (BUY) only', () => {
    expect(rows.trades.map((t) => t.hit_inventory_limit)).toEqual([false, true, false, true, true]);
  });
  it('is_liquidity_driven: the seller’s gap flag on SELLs, false on every BUY', () => {
    expect(rows.trades.map((t) => t.is_liquidity_driven)).toEqual([true, true, false, false, false]);
  });
  it('reduces_margin_below_zero: a BUY from margin ≥ 0 to < 0; never a SELL', () => {
    expect(rows.trades.map((t) => t.reduces_margin_below_zero)).toEqual([false, false, true, false, false]);
  });
  it('dealer state before/after and the passthrough reason are copied from the event', () => {
    const t = rows.trades[0]!;
    expect([
      t.dealer_inventory_before,
      t.dealer_inventory_after,
      t.dealer_cash_before,
      t.dealer_cash_after,
      t.dealer_k_star_before,
    ]).toEqual([1, 2, '1', '0.05', 3]);
    expect(rows.trades.map((x) => x.passthrough_reason)).toEqual([null, 'capacity', 'no_admissible_issuer', 'capacity', 'no_inventory']);
  });
});

describe('repayment_events.csv rows (docs/instrumentation.md §3)', () => {
  const r = rows.repayments;
  it('one row per liability due by the final day, sorted by (due day, debtor index, creation order)', () => {
    expect(r.map((x) => x.liability_id)).toEqual(['PAY_4', 'PAY_3', 'PAY_2', 'PAY_1']);
    expect(r.map((x) => x.trader_id)).toEqual(['H4', 'H1', 'H2', 'H3']);
  });
  it('outcome, amount paid and settled day', () => {
    expect(r.map((x) => [x.outcome, x.amount_paid, x.settled_day])).toEqual([
      ['repaid', '6', 1],
      ['repaid', '10', 2],
      ['defaulted', '2', null],
      ['repaid', '4', 2],
    ]);
  });
  it('trade window includes the due day and excludes later trades', () => {
    // H4 (due 1): the day-0 SELL counts, the day-2 SELL does not. H2 (due 2): the day-2 BUY counts.
    expect(r.map((x) => [x.buy_count, x.sell_count, x.strategy])).toEqual([
      [0, 1, 'sell_before'],
      [1, 0, 'hold_to_maturity'],
      [1, 1, 'round_trip'],
      [0, 0, 'no_trade'],
    ]);
    eq(r[0]!.net_cash_pnl, '0.9');
    eq(r[1]!.net_cash_pnl, '-1.1');
    eq(r[2]!.net_cash_pnl, d('0.95').minus('1.2'));
    eq(r[3]!.net_cash_pnl, '0');
  });
  it('held_matching_maturity: held initially (H2, H3) or bought (H1) a claim due on the liability’s day', () => {
    expect(r.map((x) => x.held_matching_maturity)).toEqual([false, true, true, true]);
  });
});

describe('inventory_timeseries.csv rows (docs/instrumentation.md §4)', () => {
  const at = (day: number, b: string) => rows.inventory.find((x) => x.day === day && x.bucket === b)!;
  it('one row per (day, bucket) in bucket order', () => {
    expect(rows.inventory.map((x) => `${x.day}${x.bucket}`)).toEqual([
      '0short',
      '0long',
      '1short',
      '1long',
      '2short',
      '2long',
      '3short',
      '3long',
    ]);
  });
  it('capacity: K* in tickets, 100·a/K*, empty when K* = 0; is_at_zero', () => {
    expect([at(0, 'short').max_capacity, at(0, 'short').capacity_pct, at(0, 'short').is_at_zero]).toEqual([2, '100', false]);
    expect([at(0, 'long').capacity_pct, at(0, 'long').is_at_zero]).toEqual([null, true]);
  });
  it('hit_vbt_this_step and routed trade counts per bucket and day', () => {
    expect(rows.inventory.map((x) => x.hit_vbt_this_step)).toEqual([true, false, true, false, false, true, false, false]);
    expect(rows.inventory.map((x) => [x.interior_trades, x.passthrough_trades])).toEqual([
      [1, 1],
      [0, 0],
      [0, 1],
      [0, 0],
      [0, 0],
      [0, 2],
      [0, 0],
      [0, 0],
    ]);
  });
  it('total_system_face over all holders, dealer_share_pct = (dealer + VBT)/total, empty when total = 0', () => {
    expect(at(0, 'short').total_system_face).toBe('25');
    eq(at(0, 'short').dealer_share_pct, '16');
    expect(at(1, 'short').total_system_face).toBe('19');
    eq(at(1, 'short').dealer_share_pct, d(300).div(19));
    eq(at(0, 'long').dealer_share_pct, '0');
    expect(at(2, 'short').dealer_share_pct).toBeNull();
  });
});

describe('system_state_timeseries.csv rows (docs/instrumentation.md §5)', () => {
  const s = rows.systemState;
  it('one row per day; total face = due today + Σ buckets', () => {
    expect(s.map((x) => x.day)).toEqual([0, 1, 2, 3]);
    expect(s.map((x) => x.total_face_value)).toEqual(['28', '28', '22', '3']);
    expect(s.map((x) => x.face_buckets)).toEqual([
      { short: '25', long: '3' },
      { short: '19', long: '3' },
      { short: '0', long: '3' },
      { short: '3', long: '0' },
    ]);
  });
  it('debt_to_money = face / cash, empty when cash ≤ 0; desk cash = total − trader cash', () => {
    eq(s[0]!.debt_to_money, '0.56');
    eq(s[1]!.debt_to_money, '0.7');
    expect(s[2]!.debt_to_money).toBeNull();
    eq(s[3]!.debt_to_money, '0.25');
    expect(s.map((x) => x.desk_cash)).toEqual(['10', '10', '0', '0']);
  });
  it('cumulative settled and defaulted face count only days before t', () => {
    expect(s.map((x) => [x.cum_settled_face, x.cum_defaulted_face])).toEqual([
      ['0', '0'],
      ['0', '0'],
      ['6', '0'],
      ['20', '5'],
    ]);
  });
});

describe('metrics.csv rows (docs/instrumentation.md §10)', () => {
  it('one row per due day; φ and δ empty when S_t = 0', () => {
    const m = rows.metricsByDay;
    expect(m.map((x) => [x.day, x.S_t, x.settled_t])).toEqual([
      [1, '6', '6'],
      [2, '19', '14'],
      [4, '0', '0'],
      [5, '3', '0'],
    ]);
    eq(m[0]!.phi_t, '1');
    eq(m[0]!.delta_t, '0');
    eq(m[1]!.phi_t, d(14).div(19));
    eq(m[1]!.delta_t, d(1).minus(d(14).div(19)));
    expect([m[2]!.phi_t, m[2]!.delta_t]).toEqual([null, null]);
    eq(m[3]!.delta_t, '1');
  });
});

describe('run summary', () => {
  it('counts, spread income, liquidity sales, rescues, unsafe buys, initial debt and money', () => {
    const x = rows.summary;
    expect([x.total_trades, x.sell_trades, x.buy_trades, x.interior_trades, x.passthrough_trades]).toEqual([5, 3, 2, 1, 4]);
    expect([x.interior_sells, x.interior_buys, x.passthrough_sells, x.passthrough_buys]).toEqual([1, 0, 2, 2]);
    eq(x.spread_income_total, '0.05'); // |0.95 − 1| × 1 on the one interior trade
    expect(x.liquidity_driven_sales).toBe(2);
    expect(x.rescue_events).toBe(1); // H4's sale preceded its repaid PAY_4; H2's PAY_2 defaulted
    expect(x.unsafe_buy_count).toBe(1);
    eq(x.initial_total_debt, '28');
    eq(x.initial_total_money, '53');
    eq(x.initial_debt_to_money, d(28).div(53));
    eq(x.realised_debt_to_money, d('0.56').plus('0.7').plus('0.25').div(3));
  });
});

describe('run-level tables (docs/instrumentation.md §6–§7)', () => {
  const ctx: PairContext = {
    pair_id: 'pair_hand',
    profile: 'spec',
    kappa: '1',
    concentration: '1',
    mu: '0',
    outside_mid_ratio: '0.9',
    seed: 7,
    face_value: '1',
    delta_passive: '0.5',
    delta_active: '0.25',
    trading_effect: '0.25',
    trading_relief_ratio: '0.5',
  };
  it('strategy_outcomes_by_run: totals and per-strategy counts, faces and default rates', () => {
    const s = strategyOutcomeRow(rows, ctx);
    expect([s.total_liabilities, s.total_face_value, s.default_count_total, s.default_face_total]).toEqual([4, '25', 1, '5']);
    eq(s.default_rate_total, '0.2');
    expect([s.count_no_trade, s.face_no_trade, s.count_hold_to_maturity, s.face_hold_to_maturity]).toEqual([1, '4', 1, '10']);
    expect([s.count_sell_before, s.face_sell_before, s.count_round_trip, s.face_round_trip]).toEqual([1, '6', 1, '5']);
    expect([s.default_count_round_trip, s.default_face_round_trip, s.default_rate_round_trip]).toEqual([1, '5', '1']);
    expect([s.default_rate_no_trade, s.default_rate_sell_before]).toEqual(['0', '0']);
    expect([s.seed, s.pair_id, s.delta_active]).toEqual([7, 'pair_hand', '0.25']);
  });
  it('strategy rates are empty when a class has no face', () => {
    const s = strategyOutcomeRow({ ...rows, repayments: rows.repayments.filter((r) => r.strategy !== 'no_trade') }, ctx);
    expect([s.count_no_trade, s.face_no_trade, s.default_rate_no_trade]).toEqual([0, '0', null]);
  });
  it('dealer_usage_by_run: trade counts, day fractions, debt-to-money and traded shares', () => {
    const u = dealerUsageRow(rows, ctx);
    expect([u.dealer_trade_count, u.trader_dealer_trade_count, u.n_traders_using_dealer, u.total_face_traded]).toEqual([5, 5, 3, '5']);
    eq(u.total_cash_volume, '4.95');
    eq(u.dealer_active_fraction, '0.5'); // days 0, 1 of 4
    eq(u.dealer_empty_fraction, '0.5'); // days 2, 3
    eq(u.vbt_usage_fraction, '0.75'); // days 0, 1, 2
    eq(u.mean_debt_to_money, d('0.56').plus('0.7').plus('0.25').div(3));
    eq(u.final_debt_to_money, '0.25');
    eq(u.debt_shrink_rate, d(25).div(28));
    eq(u.frac_defaulted_that_traded, '1');
    eq(u.frac_repaid_that_traded, '0.8'); // 16 of 20
    expect([u.interior_trade_count, u.passthrough_trade_count, u.big_entity_trade_count]).toEqual([1, 4, 0]);
  });
  it('a passive run: no trades, fractions from the time series, empty traded shares when an outcome has no face', () => {
    const passive = collect([{ ...setup, regime: 'passive' } as RingEvent, ...snapshots], {
      ...result,
      payables: [],
      dayTotals: [],
    } as RunResult);
    expect(passive.trades).toEqual([]);
    expect(passive.repayments).toEqual([]);
    expect(passive.inventory.length).toBe(8);
    const u = dealerUsageRow(passive, ctx);
    expect([u.dealer_trade_count, u.vbt_usage_fraction, u.frac_defaulted_that_traded, u.frac_repaid_that_traded]).toEqual([
      0,
      '0',
      null,
      null,
    ]);
  });
  it.each([
    ['seed', { seed: -1 }],
    ['seed', { seed: 1.5 }],
    ['kappa', { kappa: '1e3' }],
    ['face_value', { face_value: '' }],
    ['delta_passive', { delta_passive: 'NaN' }],
    ['pair_id', { pair_id: '' }],
  ] as const)('a bad pair context names the field (%s)', (field, patch) => {
    expect(() => strategyOutcomeRow(rows, { ...ctx, ...patch } as PairContext)).toThrow(MetricsInputError);
    try {
      dealerUsageRow(rows, { ...ctx, ...patch } as PairContext);
    } catch (e) {
      expect((e as MetricsInputError).field).toBe(field);
      expect((e as MetricsInputError).code).toBe('PAIR_CONTEXT_INVALID');
    }
  });
});

describe('bad event streams give typed errors naming the input', () => {
  const fieldOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(MetricsInputError);
      return [(e as MetricsInputError).code, (e as MetricsInputError).field];
    }
    return null;
  };
  it('no setup event', () => {
    expect(fieldOf(() => createRunCollector().finish(result))).toEqual(['EVENTS_MISSING', 'setup']);
  });
  it('an event before setup, and a second setup', () => {
    expect(fieldOf(() => createRunCollector().observer(trades[0]!))).toEqual(['EVENT_ORDER', 'trade']);
    const c = createRunCollector();
    c.observer(setup);
    expect(fieldOf(() => c.observer(setup))).toEqual(['EVENT_ORDER', 'setup']);
  });
  it('the result of another run', () => {
    expect(fieldOf(() => collect([setup], { ...result, runId: 'active_other' } as RunResult))).toEqual(['RESULT_MISMATCH', 'result.runId']);
  });
  it('a snapshot of an unknown bucket', () => {
    const bad = { ...snapshots[0]!, buckets: [bucket('mid', dealer(0, 0), ['0', '0', '0'], 0)] } as RingEvent;
    expect(fieldOf(() => collect([setup, bad]))).toEqual(['EVENT_ORDER', 'snapshot.buckets']);
  });
});
