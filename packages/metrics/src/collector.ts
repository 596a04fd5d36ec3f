import { D, canon } from '@ring/engine';
import type { RingEvent, RingObserver, RunResult, SetupEvent, SnapshotEvent, TradeEvent } from '@ring/engine';
import { MetricsInputError } from './errors';
import { tallyStrategy } from './strategy';
import type { InventoryRow, MetricsDayRow, PartyType, RepaymentRow, RunRows, RunSummary, RunUsage, SystemStateRow, TradeRow } from './rows';

/** `100·a/b` as a D string, or null when b = 0. */
function pct(a: D | number, b: D | number): string | null {
  const den = new D(b);
  return den.isZero() ? null : canon(new D(100).times(a).div(den));
}

/**
 * Receives rows as soon as they are final: a trade row when the trade executes, the inventory and
 * system-state rows of a day at its snapshot instant. Use it to stream rows to files (see
 * `@ring/export`'s `createRunDirectoryWriter`) so that memory stays flat however long the run.
 */
export interface RowSink {
  trade?(row: TradeRow): void;
  inventory?(row: InventoryRow): void;
  systemState?(row: SystemStateRow): void;
}

/** Options of {@link createRunCollector}. */
export interface RunCollectorOptions {
  /** Receives every trade and time-series row as soon as it is final. */
  readonly sink?: RowSink;
  /**
   * Keep the trade and time-series rows in the returned {@link RunRows}. Default: true without a
   * sink, false with one (the run-level tables and the summary never need the retained rows).
   */
  readonly retain?: boolean;
}

/** A collector of one run's events: attach `observer` to `simulate`, then call `finish(result)`. */
export interface RunCollector {
  readonly observer: RingObserver;
  finish(result: RunResult): RunRows;
}

/** What a trader's repayment rows and the rescue count need to know of each of its trades. */
interface TradeBrief {
  readonly day: number;
  readonly side: 'SELL' | 'BUY';
  readonly price: string;
  readonly maturityDay: number;
  readonly liquidity: boolean;
}

/**
 * Build the instrumentation rows of one run from its event stream (docs/instrumentation.md §2–§5, §10)
 * as the events arrive: trade rows at execution, time-series rows at each day's snapshot,
 * repayment rows, δ by day and the summary in `finish`. Pure: it only reads events.
 */
export function createRunCollector(options: RunCollectorOptions = {}): RunCollector {
  const sink = options.sink ?? {};
  const retain = options.retain ?? options.sink === undefined;

  let setup: SetupEvent | null = null;
  let typeOf = new Map<string, PartyType>();
  let bucketNames = new Set<string>();

  const trades: TradeRow[] = [];
  const inventory: InventoryRow[] = [];
  const systemState: SystemStateRow[] = [];
  const byTrader = new Map<string, TradeBrief[]>();
  /** Trades per `${day}|${bucket}` by routing, for the inventory rows of that day. */
  const routed = new Map<string, { interior: number; passthrough: number }>();
  const settledByDay = new Map<number, D>();
  const defaultedByDay = new Map<number, D>();

  const n = { trades: 0, sells: 0, buys: 0, interior: 0, passthrough: 0, interiorSells: 0, interiorBuys: 0, liquidity: 0, unsafe: 0 };
  let spread = new D(0);
  const usage = {
    ringTrades: 0,
    ringTraders: new Set<string>(),
    faceTraded: new D(0),
    volume: new D(0),
    bigEntityTrades: 0,
    days: 0,
    activeDays: 0,
    emptyDays: 0,
    vbtDays: 0,
    ratioSum: new D(0),
    ratioCount: 0,
    firstFace: null as string | null,
    lastFace: null as string | null,
    lastRatio: null as string | null,
  };

  const onTrade = (s: SetupEvent, e: TradeEvent): void => {
    const buyer = e.side === 'BUY' ? e.traderId : e.counterparty;
    const seller = e.side === 'SELL' ? e.traderId : e.counterparty;
    const mBefore = new D(e.traderSafetyMarginBefore);
    const mAfter = new D(e.traderSafetyMarginAfter);
    const row: TradeRow = {
      run_id: s.runId,
      regime: s.regime,
      day: e.day,
      bucket: e.bucket,
      side: e.side,
      trader_id: e.traderId,
      ticket_id: e.ticketId,
      issuer_id: e.issuerId,
      maturity_day: e.maturityDay,
      face_value: e.face,
      price: e.price,
      unit_price: e.unitPrice,
      is_passthrough: e.isPassthrough,
      dealer_inventory_before: e.dealerBefore.inventory,
      dealer_cash_before: e.dealerBefore.cash,
      dealer_bid_before: e.dealerBefore.bid,
      dealer_ask_before: e.dealerBefore.ask,
      outside_mid: e.vbtMidBefore,
      trader_cash_before: e.traderCashBefore,
      trader_safety_margin_before: e.traderSafetyMarginBefore,
      dealer_inventory_after: e.dealerAfter.inventory,
      dealer_cash_after: e.dealerAfter.cash,
      dealer_bid_after: e.dealerAfter.bid,
      dealer_ask_after: e.dealerAfter.ask,
      trader_cash_after: e.traderCashAfter,
      trader_safety_margin_after: e.traderSafetyMarginAfter,
      is_liquidity_driven: e.side === 'SELL' && e.isLiquidityDriven,
      reduces_margin_below_zero: e.side === 'BUY' && mBefore.gte(0) && mAfter.lt(0),
      hit_inventory_limit: e.isPassthrough && (e.passthroughReason === 'capacity' || e.passthroughReason === 'no_inventory'),
      outside_mid_ratio: s.outsideMidRatio,
      seq: e.seq,
      arrival_index: e.arrivalIndex,
      buyer_id: buyer,
      buyer_type: typeOf.get(buyer) ?? 'trader',
      seller_id: seller,
      seller_type: typeOf.get(seller) ?? 'trader',
      quantity: 1,
      dealer_mid: e.dealerBefore.midline,
      vbt_ask_before: e.vbtAskBefore,
      vbt_bid_before: e.vbtBidBefore,
      passthrough_reason: e.passthroughReason,
      dealer_k_star_before: e.dealerBefore.kStar,
    };

    const key = `${row.day}|${row.bucket}`;
    const r = routed.get(key) ?? { interior: 0, passthrough: 0 };
    if (row.is_passthrough) r.passthrough++;
    else r.interior++;
    routed.set(key, r);

    const brief: TradeBrief = {
      day: row.day,
      side: row.side,
      price: row.price,
      maturityDay: row.maturity_day,
      liquidity: row.is_liquidity_driven,
    };
    const list = byTrader.get(row.trader_id);
    if (list) list.push(brief);
    else byTrader.set(row.trader_id, [brief]);

    n.trades++;
    if (row.side === 'SELL') n.sells++;
    else n.buys++;
    if (row.is_passthrough) n.passthrough++;
    else {
      n.interior++;
      if (row.side === 'SELL') n.interiorSells++;
      else n.interiorBuys++;
      spread = spread.plus(new D(row.unit_price).minus(row.dealer_mid).abs().times(row.face_value));
    }
    if (row.is_liquidity_driven) n.liquidity++;
    if (row.reduces_margin_below_zero) n.unsafe++;
    const customer = row.side === 'BUY' ? row.buyer_type : row.seller_type;
    if (customer === 'trader') {
      usage.ringTrades++;
      usage.ringTraders.add(row.trader_id);
      usage.faceTraded = usage.faceTraded.plus(row.face_value);
      usage.volume = usage.volume.plus(row.price);
    } else if (customer === 'big_entity') {
      usage.bigEntityTrades++;
    }

    sink.trade?.(row);
    if (retain) trades.push(row);
  };

  const sumBefore = (m: Map<number, D>, day: number): D => {
    let s = new D(0);
    for (const [d, v] of m) if (d < day) s = s.plus(v);
    return s;
  };

  const onSnapshot = (s: SetupEvent, e: SnapshotEvent): void => {
    let bucketTotal = new D(0);
    const faceBuckets: Record<string, string> = {};
    let active = false;
    let empty = true;
    let vbt = false;
    for (const b of e.buckets) {
      if (!bucketNames.has(b.bucket)) {
        throw new MetricsInputError('EVENT_ORDER', 'snapshot.buckets', `unknown bucket ${JSON.stringify(b.bucket)} on day ${e.day}`);
      }
      const total = new D(b.dealerFace).plus(b.vbtFace).plus(b.traderFace);
      bucketTotal = bucketTotal.plus(total);
      faceBuckets[b.bucket] = canon(total);
      const r = routed.get(`${e.day}|${b.bucket}`) ?? { interior: 0, passthrough: 0 };
      const row: InventoryRow = {
        run_id: s.runId,
        regime: s.regime,
        day: e.day,
        bucket: b.bucket,
        dealer_inventory: b.dealer.inventory,
        max_capacity: b.dealer.kStar,
        capacity_pct: pct(b.dealer.inventory, b.dealer.kStar),
        is_at_zero: b.dealer.inventory === 0,
        hit_vbt_this_step: r.passthrough > 0,
        total_system_face: canon(total),
        dealer_share_pct: pct(new D(b.dealerFace).plus(b.vbtFace), total),
        outside_mid_ratio: s.outsideMidRatio,
        dealer_cash: b.dealer.cash,
        dealer_bid: b.dealer.bid,
        dealer_ask: b.dealer.ask,
        dealer_midline: b.dealer.midline,
        dealer_x_star: b.dealer.xStar,
        vbt_mid: b.vbtMid,
        vbt_spread: b.vbtSpread,
        vbt_ask: b.vbtAsk,
        vbt_bid: b.vbtBid,
        vbt_inventory: b.vbtInventory,
        vbt_cash: b.vbtCash,
        dealer_face: b.dealerFace,
        vbt_face: b.vbtFace,
        trader_face: b.traderFace,
        interior_trades: r.interior,
        passthrough_trades: r.passthrough,
      };
      active ||= row.dealer_inventory > 0;
      empty &&= row.is_at_zero;
      vbt ||= row.hit_vbt_this_step;
      sink.inventory?.(row);
      if (retain) inventory.push(row);
    }
    const totalFace = new D(e.faceDueToday).plus(bucketTotal);
    const totalCash = new D(e.totalCash);
    const row: SystemStateRow = {
      run_id: s.runId,
      regime: s.regime,
      day: e.day,
      total_face_value: canon(totalFace),
      face_buckets: faceBuckets,
      total_cash: e.totalCash,
      debt_to_money: totalCash.gt(0) ? canon(totalFace.div(totalCash)) : null,
      outside_mid_ratio: s.outsideMidRatio,
      face_due_today: e.faceDueToday,
      trader_cash: e.traderCash,
      desk_cash: canon(totalCash.minus(e.traderCash)),
      cum_settled_face: canon(sumBefore(settledByDay, e.day)),
      cum_defaulted_face: canon(sumBefore(defaultedByDay, e.day)),
    };
    usage.days++;
    if (active) usage.activeDays++;
    if (empty) usage.emptyDays++;
    if (vbt) usage.vbtDays++;
    if (row.debt_to_money !== null) {
      usage.ratioSum = usage.ratioSum.plus(row.debt_to_money);
      usage.ratioCount++;
    }
    usage.firstFace ??= row.total_face_value;
    usage.lastFace = row.total_face_value;
    usage.lastRatio = row.debt_to_money;
    sink.systemState?.(row);
    if (retain) systemState.push(row);
  };

  const add = (m: Map<number, D>, day: number, amount: string) => m.set(day, (m.get(day) ?? new D(0)).plus(amount));

  const observer: RingObserver = (e: RingEvent) => {
    if (e.kind === 'setup') {
      if (setup) throw new MetricsInputError('EVENT_ORDER', 'setup', 'a second setup event: use one collector per run');
      setup = e;
      typeOf = new Map(e.agents.map((a) => [a.id, a.type]));
      bucketNames = new Set(e.buckets);
      return;
    }
    if (!setup) throw new MetricsInputError('EVENT_ORDER', e.kind, 'event before the setup event');
    switch (e.kind) {
      case 'trade':
        onTrade(setup, e);
        break;
      case 'snapshot':
        onSnapshot(setup, e);
        break;
      case 'settled':
        add(settledByDay, e.day, e.amount);
        break;
      case 'defaulted':
        add(defaultedByDay, e.day, e.amount);
        break;
      default:
        break;
    }
  };

  const finish = (result: RunResult): RunRows => {
    if (!setup)
      throw new MetricsInputError('EVENTS_MISSING', 'setup', 'the run emitted no setup event (was the observer attached to simulate?)');
    if (result.runId !== setup.runId) {
      throw new MetricsInputError(
        'RESULT_MISMATCH',
        'result.runId',
        `${result.runId} is not the run these events came from (${setup.runId})`,
      );
    }
    const s = setup;
    const repayments = repaymentRows(s, result, byTrader);
    const metricsByDay: MetricsDayRow[] = result.dayTotals.map((d) => {
      const S = new D(d.S);
      const phi = S.gt(0) ? new D(d.settled).div(S) : null;
      return {
        run_id: s.runId,
        regime: s.regime,
        outside_mid_ratio: s.outsideMidRatio,
        day: d.day,
        S_t: d.S,
        settled_t: d.settled,
        phi_t: phi ? canon(phi) : null,
        delta_t: phi ? canon(new D(1).minus(phi)) : null,
      };
    });

    // A rescue: a liquidity-driven sale by a trader whose next liability (due on or after the sale) was repaid.
    const nextLiability = (trader: string, day: number) => {
      let best: RunResult['payables'][number] | undefined;
      for (const p of result.payables) if (p.debtor === trader && p.dueDay >= day && (!best || p.dueDay < best.dueDay)) best = p;
      return best;
    };
    let rescues = 0;
    for (const [trader, list] of byTrader) {
      for (const t of list) if (t.liquidity && nextLiability(trader, t.day)?.status === 'settled') rescues++;
    }
    let debt = new D(0);
    for (const p of s.payables) debt = debt.plus(p.amount);
    let money = new D(0);
    for (const c of Object.values(s.cash)) money = money.plus(c);
    const realised = usage.ratioCount > 0 ? canon(usage.ratioSum.div(usage.ratioCount)) : null;
    const summary: RunSummary = {
      run_id: result.runId,
      pair_id: result.pairId,
      profile: s.profile,
      regime: s.regime,
      outside_mid_ratio: s.outsideMidRatio,
      delta: result.delta,
      phi: result.phi,
      n_defaults: result.nDefaults,
      final_day: result.finalDay,
      end_reason: result.endReason,
      total_trades: n.trades,
      sell_trades: n.sells,
      buy_trades: n.buys,
      interior_trades: n.interior,
      passthrough_trades: n.passthrough,
      interior_sells: n.interiorSells,
      interior_buys: n.interiorBuys,
      passthrough_sells: n.sells - n.interiorSells,
      passthrough_buys: n.buys - n.interiorBuys,
      dealer_total_pnl: result.dealerTotalPnl,
      dealer_total_return: result.dealerTotalReturn,
      spread_income_total: canon(spread),
      liquidity_driven_sales: n.liquidity,
      rescue_events: rescues,
      unsafe_buy_count: n.unsafe,
      initial_total_debt: canon(debt),
      initial_total_money: canon(money),
      initial_debt_to_money: money.gt(0) ? canon(debt.div(money)) : null,
      realised_debt_to_money: realised,
    };
    const runUsage: RunUsage = {
      trade_count: n.trades,
      trader_trade_count: usage.ringTrades,
      n_traders_trading: usage.ringTraders.size,
      trader_face_traded: canon(usage.faceTraded),
      trader_cash_volume: canon(usage.volume),
      big_entity_trade_count: usage.bigEntityTrades,
      interior_trade_count: n.interior,
      passthrough_trade_count: n.passthrough,
      days: usage.days,
      dealer_active_days: usage.activeDays,
      dealer_empty_days: usage.emptyDays,
      vbt_used_days: usage.vbtDays,
      mean_debt_to_money: realised,
      first_total_face_value: usage.firstFace,
      last_total_face_value: usage.lastFace,
      last_debt_to_money: usage.lastRatio,
    };
    return { summary, usage: runUsage, buckets: s.buckets, trades, repayments, inventory, systemState, metricsByDay };
  };
  return { observer, finish };
}

/** Repayment rows: liabilities due by the final day, sorted by (maturity, debtor index, creation order). */
function repaymentRows(setup: SetupEvent, result: RunResult, byTrader: ReadonlyMap<string, readonly TradeBrief[]>): RepaymentRow[] {
  const agentIndex = new Map<string, number>(setup.agents.map((a, i) => [a.id, i]));
  const initialHeld = new Set(
    setup.holdings.filter((h) => h.tickets > 0 || setup.profile === 'paper2025').map((h) => `${h.holder}|${h.dueDay}`),
  );
  const finalDay = result.finalDay;
  return result.payables
    .map((p, k) => ({ p, k }))
    .filter(({ p }) => p.dueDay <= finalDay)
    .sort((a, b) => a.p.dueDay - b.p.dueDay || agentIndex.get(a.p.debtor)! - agentIndex.get(b.p.debtor)! || a.k - b.k)
    .map(({ p }) => {
      // the trading phase of T_L precedes its settlement: trades on day ≤ T_L count
      const tally = tallyStrategy(byTrader.get(p.debtor) ?? [], p.dueDay, 'through_due_day');
      const repaid = p.status === 'settled';
      return {
        run_id: setup.runId,
        regime: setup.regime,
        trader_id: p.debtor,
        liability_id: p.id,
        maturity_day: p.dueDay,
        face_value: p.amount,
        outcome: repaid ? 'repaid' : 'defaulted',
        buy_count: tally.buy_count,
        sell_count: tally.sell_count,
        net_cash_pnl: tally.net_cash_pnl,
        strategy: tally.strategy,
        outside_mid_ratio: setup.outsideMidRatio,
        held_matching_maturity: tally.bought_matching || initialHeld.has(`${p.debtor}|${p.dueDay}`),
        amount_paid: repaid ? p.amount : p.amountPaid,
        settled_day: repaid ? p.settledDay : null,
      } satisfies RepaymentRow;
    });
}
