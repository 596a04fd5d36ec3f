import { D } from '@ring/engine';
import type { SystemStateRow, TradeRow } from './rows';

/** What a trader's repayment rows and the rescue count need to know of each of its trades. */
export interface TradeBrief {
  readonly day: number;
  readonly side: 'SELL' | 'BUY';
  readonly price: string;
  readonly maturityDay: number;
  readonly liquidity: boolean;
}

/** Interior and pass-through trades of one (day, bucket), for that day's inventory rows. */
export interface Routing {
  interior: number;
  passthrough: number;
}

/**
 * Everything the collector accumulates while the events of one run arrive, so that `finish` needs
 * neither the retained trade rows nor the time series.
 */
export interface RunTally {
  /** Per trader, its trades in execution order. */
  readonly byTrader: Map<string, TradeBrief[]>;
  /** Trades per `${day}|${bucket}` by routing. */
  readonly routed: Map<string, Routing>;
  /** Face settled and defaulted per day. */
  readonly settledByDay: Map<number, D>;
  readonly defaultedByDay: Map<number, D>;
  readonly n: {
    trades: number;
    sells: number;
    buys: number;
    interior: number;
    passthrough: number;
    interiorSells: number;
    interiorBuys: number;
    liquidity: number;
    unsafe: number;
  };
  /** Σ over interior trades of |unit price − dealer midline| × face. */
  spread: D;
  readonly usage: {
    ringTrades: number;
    ringTraders: Set<string>;
    faceTraded: D;
    volume: D;
    bigEntityTrades: number;
    days: number;
    activeDays: number;
    emptyDays: number;
    vbtDays: number;
    ratioSum: D;
    ratioCount: number;
    firstFace: string | null;
    lastFace: string | null;
    lastRatio: string | null;
  };
}

/** An empty tally. */
export function newTally(): RunTally {
  return {
    byTrader: new Map(),
    routed: new Map(),
    settledByDay: new Map(),
    defaultedByDay: new Map(),
    n: { trades: 0, sells: 0, buys: 0, interior: 0, passthrough: 0, interiorSells: 0, interiorBuys: 0, liquidity: 0, unsafe: 0 },
    spread: new D(0),
    usage: {
      ringTrades: 0,
      ringTraders: new Set(),
      faceTraded: new D(0),
      volume: new D(0),
      bigEntityTrades: 0,
      days: 0,
      activeDays: 0,
      emptyDays: 0,
      vbtDays: 0,
      ratioSum: new D(0),
      ratioCount: 0,
      firstFace: null,
      lastFace: null,
      lastRatio: null,
    },
  };
}

/** The routing counts of one (day, bucket); zero when nothing traded there. */
export function routingOf(tally: RunTally, day: number, bucket: string): Routing {
  return tally.routed.get(`${day}|${bucket}`) ?? { interior: 0, passthrough: 0 };
}

/** Count one trade row: routing, the trader's brief, trade counts, spread income and dealer usage. */
export function tallyTrade(tally: RunTally, row: TradeRow): void {
  const key = `${row.day}|${row.bucket}`;
  const r = tally.routed.get(key) ?? { interior: 0, passthrough: 0 };
  if (row.is_passthrough) r.passthrough++;
  else r.interior++;
  tally.routed.set(key, r);

  const brief: TradeBrief = {
    day: row.day,
    side: row.side,
    price: row.price,
    maturityDay: row.maturity_day,
    liquidity: row.is_liquidity_driven,
  };
  const list = tally.byTrader.get(row.trader_id);
  if (list) list.push(brief);
  else tally.byTrader.set(row.trader_id, [brief]);

  const n = tally.n;
  n.trades++;
  if (row.side === 'SELL') n.sells++;
  else n.buys++;
  if (row.is_passthrough) n.passthrough++;
  else {
    n.interior++;
    if (row.side === 'SELL') n.interiorSells++;
    else n.interiorBuys++;
    tally.spread = tally.spread.plus(new D(row.unit_price).minus(row.dealer_mid).abs().times(row.face_value));
  }
  if (row.is_liquidity_driven) n.liquidity++;
  if (row.reduces_margin_below_zero) n.unsafe++;

  const usage = tally.usage;
  const customer = row.side === 'BUY' ? row.buyer_type : row.seller_type;
  if (customer === 'trader') {
    usage.ringTrades++;
    usage.ringTraders.add(row.trader_id);
    usage.faceTraded = usage.faceTraded.plus(row.face_value);
    usage.volume = usage.volume.plus(row.price);
  } else if (customer === 'big_entity') {
    usage.bigEntityTrades++;
  }
}

/** What one day's inventory rows say about the desks as a whole. */
export interface DayFlags {
  /** Some bucket's dealer holds inventory. */
  readonly active: boolean;
  /** Every bucket's dealer is at zero. */
  readonly empty: boolean;
  /** Some bucket had a pass-through trade. */
  readonly vbt: boolean;
}

/** Count one day of the time series in the dealer-usage aggregates. */
export function tallyDay(tally: RunTally, flags: DayFlags, row: SystemStateRow): void {
  const usage = tally.usage;
  usage.days++;
  if (flags.active) usage.activeDays++;
  if (flags.empty) usage.emptyDays++;
  if (flags.vbt) usage.vbtDays++;
  if (row.debt_to_money !== null) {
    usage.ratioSum = usage.ratioSum.plus(row.debt_to_money);
    usage.ratioCount++;
  }
  usage.firstFace ??= row.total_face_value;
  usage.lastFace = row.total_face_value;
  usage.lastRatio = row.debt_to_money;
}

/** Add a settled or defaulted face amount to its day. */
export function tallyFace(m: Map<number, D>, day: number, amount: string): void {
  m.set(day, (m.get(day) ?? new D(0)).plus(amount));
}

/** Σ of the amounts of the days before `day`. */
export function sumBefore(m: ReadonlyMap<number, D>, day: number): D {
  let s = new D(0);
  for (const [d, v] of m) if (d < day) s = s.plus(v);
  return s;
}
