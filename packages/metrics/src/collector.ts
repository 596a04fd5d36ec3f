import { D, canon } from '@ring/engine';
import type { RingEvent, RingObserver, RunResult, SetupEvent, SnapshotEvent, TradeEvent } from '@ring/engine';
import type {
  InventoryRow, MetricsDayRow, PartyType, RepaymentRow, RunRows, RunSummary, Strategy, SystemStateRow, TradeRow,
} from './rows';

/** Classify a liability's debtor by its trades in the window (instrumentation §3). */
export function strategyOf(buyCount: number, sellCount: number): Strategy {
  if (buyCount === 0) return sellCount === 0 ? 'no_trade' : 'sell_before';
  return sellCount === 0 ? 'hold_to_maturity' : 'round_trip';
}

/** `100·a/b` as a D string, or null when b = 0. */
function pct(a: D | number, b: D | number): string | null {
  const den = new D(b);
  return den.isZero() ? null : canon(new D(100).times(a).div(den));
}

/** A collector of one run's events: attach `observer` to `simulate`, then call `finish(result)`. */
export interface RunCollector {
  readonly observer: RingObserver;
  finish(result: RunResult): RunRows;
}

/**
 * Build the instrumentation rows of one run from its event stream (instrumentation §2–§5, §10).
 * Pure: it only reads events; nothing is written anywhere.
 */
export function createRunCollector(): RunCollector {
  let setup: SetupEvent | null = null;
  const tradeEvents: TradeEvent[] = [];
  const snapshots: SnapshotEvent[] = [];
  const settled: { day: number; amount: string }[] = [];
  const defaulted: { day: number; amount: string }[] = [];

  const observer: RingObserver = (e: RingEvent) => {
    switch (e.kind) {
      case 'setup': setup = e; break;
      case 'trade': tradeEvents.push(e); break;
      case 'snapshot': snapshots.push(e); break;
      case 'settled': settled.push({ day: e.day, amount: e.amount }); break;
      case 'defaulted': defaulted.push({ day: e.day, amount: e.amount }); break;
      default: break;
    }
  };

  const finish = (result: RunResult): RunRows => {
    if (!setup) throw new Error('createRunCollector: the run emitted no setup event (was the observer attached?)');
    return buildRows(setup, tradeEvents, snapshots, settled, defaulted, result);
  };
  return { observer, finish };
}

function buildRows(
  setup: SetupEvent, tradeEvents: readonly TradeEvent[], snapshots: readonly SnapshotEvent[],
  settled: readonly { day: number; amount: string }[], defaulted: readonly { day: number; amount: string }[], result: RunResult,
): RunRows {
  const runId = setup.runId;
  const regime = setup.regime;
  const rho = setup.outsideMidRatio;
  const typeOf = new Map<string, PartyType>(setup.agents.map((a) => [a.id, a.type]));
  const agentIndex = new Map<string, number>(setup.agents.map((a, i) => [a.id, i]));

  const trades: TradeRow[] = tradeEvents.map((e) => {
    const buyer = e.side === 'BUY' ? e.traderId : e.counterparty;
    const seller = e.side === 'SELL' ? e.traderId : e.counterparty;
    const mBefore = new D(e.traderSafetyMarginBefore);
    const mAfter = new D(e.traderSafetyMarginAfter);
    return {
      run_id: runId, regime, day: e.day, bucket: e.bucket, side: e.side, trader_id: e.traderId, ticket_id: e.ticketId,
      issuer_id: e.issuerId, maturity_day: e.maturityDay, face_value: e.face, price: e.price, unit_price: e.unitPrice,
      is_passthrough: e.isPassthrough, dealer_inventory_before: e.dealerBefore.inventory, dealer_cash_before: e.dealerBefore.cash,
      dealer_bid_before: e.dealerBefore.bid, dealer_ask_before: e.dealerBefore.ask, vbt_mid_before: e.vbtMidBefore,
      trader_cash_before: e.traderCashBefore, trader_safety_margin_before: e.traderSafetyMarginBefore,
      dealer_inventory_after: e.dealerAfter.inventory, dealer_cash_after: e.dealerAfter.cash, dealer_bid_after: e.dealerAfter.bid,
      dealer_ask_after: e.dealerAfter.ask, trader_cash_after: e.traderCashAfter, trader_safety_margin_after: e.traderSafetyMarginAfter,
      is_liquidity_driven: e.side === 'SELL' && e.isLiquidityDriven,
      reduces_margin_below_zero: e.side === 'BUY' && mBefore.gte(0) && mAfter.lt(0),
      hit_inventory_limit: e.isPassthrough && (e.passthroughReason === 'capacity' || e.passthroughReason === 'no_inventory'),
      outside_mid_ratio: rho, seq: e.seq, arrival_index: e.arrivalIndex, buyer_id: buyer, buyer_type: typeOf.get(buyer) ?? 'trader',
      seller_id: seller, seller_type: typeOf.get(seller) ?? 'trader', quantity: 1, dealer_midline_before: e.dealerBefore.midline,
      vbt_ask_before: e.vbtAskBefore, vbt_bid_before: e.vbtBidBefore, passthrough_reason: e.passthroughReason,
      dealer_k_star_before: e.dealerBefore.kStar,
    };
  });

  // Trades per (day, bucket) by routing, for the inventory file.
  const routed = new Map<string, { interior: number; passthrough: number }>();
  for (const t of trades) {
    const key = `${t.day}|${t.bucket}`;
    const r = routed.get(key) ?? { interior: 0, passthrough: 0 };
    if (t.is_passthrough) r.passthrough++;
    else r.interior++;
    routed.set(key, r);
  }

  const inventory: InventoryRow[] = [];
  const systemState: SystemStateRow[] = [];
  for (const s of snapshots) {
    let bucketTotal = new D(0);
    const faceBuckets: Record<string, string> = {};
    for (const b of s.buckets) {
      const total = new D(b.dealerFace).plus(b.vbtFace).plus(b.traderFace);
      bucketTotal = bucketTotal.plus(total);
      faceBuckets[b.bucket] = canon(total);
      const r = routed.get(`${s.day}|${b.bucket}`) ?? { interior: 0, passthrough: 0 };
      inventory.push({
        run_id: runId, regime, day: s.day, bucket: b.bucket, dealer_inventory: b.dealer.inventory, max_capacity: b.dealer.kStar,
        capacity_pct: pct(b.dealer.inventory, b.dealer.kStar), is_at_zero: b.dealer.inventory === 0,
        hit_vbt_this_step: r.passthrough > 0, total_system_face: canon(total),
        dealer_share_pct: pct(new D(b.dealerFace).plus(b.vbtFace), total), outside_mid_ratio: rho,
        dealer_cash: b.dealer.cash, dealer_bid: b.dealer.bid, dealer_ask: b.dealer.ask, dealer_midline: b.dealer.midline,
        dealer_x_star: b.dealer.xStar, vbt_mid: b.vbtMid, vbt_spread: b.vbtSpread, vbt_ask: b.vbtAsk, vbt_bid: b.vbtBid,
        vbt_inventory: b.vbtInventory, vbt_cash: b.vbtCash, dealer_face: b.dealerFace, vbt_face: b.vbtFace, trader_face: b.traderFace,
        interior_trades: r.interior, passthrough_trades: r.passthrough,
      });
    }
    const totalFace = new D(s.faceDueToday).plus(bucketTotal);
    const totalCash = new D(s.totalCash);
    let cumSettled = new D(0);
    for (const x of settled) if (x.day < s.day) cumSettled = cumSettled.plus(x.amount);
    let cumDefaulted = new D(0);
    for (const x of defaulted) if (x.day < s.day) cumDefaulted = cumDefaulted.plus(x.amount);
    systemState.push({
      run_id: runId, regime, day: s.day, total_face_value: canon(totalFace), face_buckets: faceBuckets,
      total_cash: s.totalCash, debt_to_money: totalCash.gt(0) ? canon(totalFace.div(totalCash)) : null, outside_mid_ratio: rho,
      face_due_today: s.faceDueToday, trader_cash: s.traderCash, desk_cash: canon(totalCash.minus(s.traderCash)),
      cum_settled_face: canon(cumSettled), cum_defaulted_face: canon(cumDefaulted),
    });
  }

  // Repayment rows: liabilities due by the final day, sorted by (maturity, debtor index, creation order).
  const initialHeld = new Set(setup.holdings.filter((h) => h.tickets > 0 || setup.profile === 'paper2025').map((h) => `${h.holder}|${h.dueDay}`));
  const byTrader = new Map<string, TradeRow[]>();
  for (const t of trades) {
    const list = byTrader.get(t.trader_id) ?? [];
    list.push(t);
    byTrader.set(t.trader_id, list);
  }
  const finalDay = result.finalDay;
  const repayments: RepaymentRow[] = result.payables
    .map((p, k) => ({ p, k }))
    .filter(({ p }) => p.dueDay <= finalDay)
    .sort((a, b) => a.p.dueDay - b.p.dueDay || (agentIndex.get(a.p.debtor)! - agentIndex.get(b.p.debtor)!) || a.k - b.k)
    .map(({ p }) => {
      const own = (byTrader.get(p.debtor) ?? []).filter((t) => t.day <= p.dueDay);
      let buys = 0;
      let sells = 0;
      let pnl = new D(0);
      let boughtMatching = false;
      for (const t of own) {
        if (t.side === 'SELL') {
          sells++;
          pnl = pnl.plus(t.price);
        } else {
          buys++;
          pnl = pnl.minus(t.price);
          if (t.maturity_day === p.dueDay) boughtMatching = true;
        }
      }
      const repaid = p.status === 'settled';
      return {
        run_id: runId, regime, trader_id: p.debtor, liability_id: p.id, maturity_day: p.dueDay, face_value: p.amount,
        outcome: repaid ? 'repaid' : 'defaulted', buy_count: buys, sell_count: sells, net_cash_pnl: canon(pnl),
        strategy: strategyOf(buys, sells), outside_mid_ratio: rho,
        held_matching_maturity: boughtMatching || initialHeld.has(`${p.debtor}|${p.dueDay}`),
        amount_paid: repaid ? p.amount : p.amountPaid, settled_day: repaid ? p.settledDay : null,
      } satisfies RepaymentRow;
    });

  const metricsByDay: MetricsDayRow[] = result.dayTotals.map((d) => {
    const S = new D(d.S);
    const phi = S.gt(0) ? new D(d.settled).div(S) : null;
    return {
      run_id: runId, regime, outside_mid_ratio: rho, day: d.day, S_t: d.S, settled_t: d.settled,
      phi_t: phi ? canon(phi) : null, delta_t: phi ? canon(new D(1).minus(phi)) : null,
    };
  });

  const summary = summarise(setup, result, trades, systemState);
  return { summary, buckets: setup.buckets, trades, repayments, inventory, systemState, metricsByDay };
}

function summarise(setup: SetupEvent, result: RunResult, trades: readonly TradeRow[], systemState: readonly SystemStateRow[]): RunSummary {
  const count = (f: (t: TradeRow) => boolean) => trades.filter(f).length;
  let spread = new D(0);
  for (const t of trades) {
    if (t.is_passthrough) continue;
    spread = spread.plus(new D(t.unit_price).minus(t.dealer_midline_before).abs().times(t.face_value));
  }
  // A rescue: a liquidity-driven sale by a trader whose next liability (due on or after the sale) was repaid.
  let rescues = 0;
  for (const t of trades) {
    if (t.side !== 'SELL' || !t.is_liquidity_driven) continue;
    const next = result.payables
      .filter((p) => p.debtor === t.trader_id && p.dueDay >= t.day)
      .sort((a, b) => a.dueDay - b.dueDay)[0];
    if (next && next.status === 'settled') rescues++;
  }
  let debt = new D(0);
  for (const p of setup.payables) debt = debt.plus(p.amount);
  let money = new D(0);
  for (const c of Object.values(setup.cash)) money = money.plus(c);
  const ratios = systemState.map((s) => s.debt_to_money).filter((x): x is string => x !== null);
  let ratioSum = new D(0);
  for (const r of ratios) ratioSum = ratioSum.plus(r);
  return {
    run_id: result.runId, pair_id: result.pairId, profile: setup.profile, regime: setup.regime, outside_mid_ratio: setup.outsideMidRatio,
    delta: result.delta, phi: result.phi, n_defaults: result.nDefaults, final_day: result.finalDay, end_reason: result.endReason,
    total_trades: trades.length, sell_trades: count((t) => t.side === 'SELL'), buy_trades: count((t) => t.side === 'BUY'),
    interior_trades: count((t) => !t.is_passthrough), passthrough_trades: count((t) => t.is_passthrough),
    interior_sells: count((t) => !t.is_passthrough && t.side === 'SELL'), interior_buys: count((t) => !t.is_passthrough && t.side === 'BUY'),
    passthrough_sells: count((t) => t.is_passthrough && t.side === 'SELL'), passthrough_buys: count((t) => t.is_passthrough && t.side === 'BUY'),
    dealer_total_pnl: result.dealerTotalPnl, dealer_total_return: result.dealerTotalReturn, spread_income_total: canon(spread),
    liquidity_driven_sales: count((t) => t.is_liquidity_driven), rescue_events: rescues,
    unsafe_buy_count: count((t) => t.reduces_margin_below_zero), initial_total_debt: canon(debt), initial_total_money: canon(money),
    initial_debt_to_money: money.gt(0) ? canon(debt.div(money)) : null,
    realised_debt_to_money: ratios.length > 0 ? canon(ratioSum.div(ratios.length)) : null,
  };
}
