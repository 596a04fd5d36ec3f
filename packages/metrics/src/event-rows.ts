import { D, canon } from '@ring/engine';
import type { SetupEvent, SnapshotEvent, TradeEvent } from '@ring/engine';
import { MetricsInputError } from './errors';
import type { InventoryRow, PartyType, SystemStateRow, TradeRow } from './rows';
import { routingOf, sumBefore } from './run-tally';
import type { DayFlags, RunTally } from './run-tally';

/** `100·a/b` as a D string, or null when b = 0. */
function pct(a: D | number, b: D | number): string | null {
  const den = new D(b);
  return den.isZero() ? null : canon(new D(100).times(a).div(den));
}

/** The trades.csv row of one trade event (docs/instrumentation.md §2). */
export function tradeRow(s: SetupEvent, e: TradeEvent, typeOf: ReadonlyMap<string, PartyType>): TradeRow {
  const buyer = e.side === 'BUY' ? e.traderId : e.counterparty;
  const seller = e.side === 'SELL' ? e.traderId : e.counterparty;
  const mBefore = new D(e.traderSafetyMarginBefore);
  const mAfter = new D(e.traderSafetyMarginAfter);
  return {
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
}

/** The inventory rows of one snapshot, with the bucket face totals the system-state row repeats. */
export interface InventoryDay {
  readonly rows: InventoryRow[];
  /** Σ of the buckets' total face. */
  readonly bucketTotal: D;
  /** Total face per bucket (canonical strings). */
  readonly faceBuckets: Record<string, string>;
  readonly flags: DayFlags;
}

/** One inventory row per bucket of a snapshot (docs/instrumentation.md §4). */
export function inventoryRows(s: SetupEvent, e: SnapshotEvent, bucketNames: ReadonlySet<string>, tally: RunTally): InventoryDay {
  const rows: InventoryRow[] = [];
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
    const r = routingOf(tally, e.day, b.bucket);
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
    rows.push(row);
  }
  return { rows, bucketTotal, faceBuckets, flags: { active, empty, vbt } };
}

/** The system_state_timeseries row of one snapshot (docs/instrumentation.md §5). */
export function systemStateRow(s: SetupEvent, e: SnapshotEvent, day: InventoryDay, tally: RunTally): SystemStateRow {
  const totalFace = new D(e.faceDueToday).plus(day.bucketTotal);
  const totalCash = new D(e.totalCash);
  return {
    run_id: s.runId,
    regime: s.regime,
    day: e.day,
    total_face_value: canon(totalFace),
    face_buckets: day.faceBuckets,
    total_cash: e.totalCash,
    debt_to_money: totalCash.gt(0) ? canon(totalFace.div(totalCash)) : null,
    outside_mid_ratio: s.outsideMidRatio,
    face_due_today: e.faceDueToday,
    trader_cash: e.traderCash,
    desk_cash: canon(totalCash.minus(e.traderCash)),
    cum_settled_face: canon(sumBefore(tally.settledByDay, e.day)),
    cum_defaulted_face: canon(sumBefore(tally.defaultedByDay, e.day)),
  };
}
