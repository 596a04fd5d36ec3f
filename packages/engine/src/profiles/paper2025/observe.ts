import { D, canon } from '../../decimal';
import type { AgentInfo, BucketSnapshot, DealerView, HoldingInfo, PassthroughReason, RingObserver } from '../../events';
import { dealerView } from '../../kernel';
import { ANCHORS, BUCKETS, QUOTES, assign, typeOf } from './world';
import type { Bucket, Ticket, World } from './world';

/*
 * Instrumentation of a `paper2025` arm: the events an observer receives. Nothing here changes the
 * state, and none of it runs without an observer.
 */

/** The setup event: agents, payables, initial holdings and cash. */
export function emitSetup(w: World, obs: RingObserver, run: { runId: string; pairId: string }): void {
  const { ids, payables, ledger, cfg } = w;
  const agents: AgentInfo[] = ids.slice(1).map((id, i) => ({ id, type: typeOf(w, i + 1) }));
  const holdings: HoldingInfo[] = payables.map((p) => ({
    holder: ids[p.holder]!,
    payableId: p.id,
    issuer: ids[p.debtor]!,
    dueDay: p.dueDay,
    tickets: w.active ? 1 : 0,
    face: canon(p.amount),
  }));
  const cash: Record<string, string> = {};
  for (let a = 1; a < ids.length; a++) cash[ids[a]!] = canon(ledger.total(a));
  obs({
    kind: 'setup',
    day: 0,
    runId: run.runId,
    pairId: run.pairId,
    profile: 'paper2025',
    regime: cfg.regime,
    outsideMidRatio: cfg.outsideMidRatio,
    ticketSize: w.S,
    agents,
    buckets: [...BUCKETS],
    payables: payables.map((p) => ({
      id: p.id,
      debtor: ids[p.debtor]!,
      creditor: ids[p.creditor]!,
      amount: canon(p.amount),
      dueDay: p.dueDay,
    })),
    holdings,
    cash,
  });
}

/** The (always empty) dealer of bucket b as events show it. */
function emptyDealerView(w: World, b: Bucket): DealerView {
  return dealerView(w.emptyDealer[b]!);
}

/** Trader a's safety margin: cash + held tickets at the dealer bid − its remaining liabilities. */
export function safetyMargin(w: World, a: number, cash: D): D {
  let m = cash;
  for (const serial of w.own[a]!) {
    const t = w.tickets[serial]!;
    m = m.plus(t.face.times(w.emptyDealer[t.bucket]!.bid));
  }
  for (const p of w.payables) if (!p.removed && p.debtor === a) m = m.minus(p.amount);
  return m;
}

/** What a trade event reports besides the ticket and the bucket. */
export interface TradeFacts {
  readonly t: number;
  readonly side: 'SELL' | 'BUY';
  readonly a: number;
  readonly unit: D;
  readonly price: D;
  readonly cashBefore: D;
  readonly marginBefore: D;
  readonly liquidity: boolean;
  readonly reason: PassthroughReason | null;
}

/** The trade event of one executed trade (after the trader's subsystem cash changed). */
export function emitTrade(w: World, obs: RingObserver, tk: Ticket, b: Bucket, f: TradeFacts): void {
  const { ids } = w;
  const dv = emptyDealerView(w, b);
  obs({
    kind: 'trade',
    day: f.t,
    seq: w.seq,
    arrivalIndex: null,
    bucket: BUCKETS[b],
    side: f.side,
    traderId: ids[f.a]!,
    ticketId: tk.id,
    payableId: tk.payable.id,
    issuerId: ids[tk.payable.debtor]!,
    maturityDay: tk.payable.dueDay,
    face: canon(tk.face),
    price: canon(f.price),
    unitPrice: canon(f.unit),
    isPassthrough: f.reason !== null,
    passthroughReason: f.reason,
    counterparty: `vbt_${BUCKETS[b]}`,
    dealerBefore: dv,
    dealerAfter: dv,
    vbtMidBefore: canon(ANCHORS[b]!.M),
    vbtAskBefore: canon(QUOTES[b]!.A),
    vbtBidBefore: canon(QUOTES[b]!.B),
    traderCashBefore: canon(f.cashBefore),
    traderCashAfter: canon(w.tcash[f.a]!),
    traderSafetyMarginBefore: canon(f.marginBefore),
    traderSafetyMarginAfter: canon(safetyMargin(w, f.a, w.tcash[f.a]!)),
    isLiquidityDriven: f.liquidity,
  });
}

/** The end-of-trading snapshot of day t: claims by bucket and holder type, desks, cash. */
export function emitSnapshot(w: World, obs: RingObserver, t: number): void {
  const face = [0, 1, 2].map(() => ({ dealer: new D(0), vbt: new D(0), trader: new D(0) }));
  let dueToday = new D(0);
  for (const p of w.payables) {
    if (p.removed) continue;
    const tau = p.dueDay - t;
    if (tau <= 0) {
      dueToday = dueToday.plus(p.amount);
      continue;
    }
    const f = face[assign(tau)]!;
    const ty = typeOf(w, p.holder);
    if (ty === 'vbt') f.vbt = f.vbt.plus(p.amount);
    else if (ty === 'dealer') f.dealer = f.dealer.plus(p.amount);
    else f.trader = f.trader.plus(p.amount);
  }
  let total = new D(0);
  let tr = new D(0);
  for (let a = 1; a < w.ids.length; a++) {
    const c = w.ledger.total(a);
    total = total.plus(c);
    if (a < w.DEALER0) tr = tr.plus(c);
  }
  const buckets: BucketSnapshot[] = BUCKETS.map((name, b) => ({
    bucket: name,
    dealer: emptyDealerView(w, b as Bucket),
    vbtMid: canon(ANCHORS[b]!.M),
    vbtSpread: canon(ANCHORS[b]!.O),
    vbtAsk: canon(QUOTES[b]!.A),
    vbtBid: canon(QUOTES[b]!.B),
    vbtInventory: w.vbtInv[b]!.length,
    vbtCash: null,
    dealerFace: canon(face[b]!.dealer),
    vbtFace: canon(face[b]!.vbt),
    traderFace: canon(face[b]!.trader),
  }));
  obs({ kind: 'snapshot', day: t, buckets, faceDueToday: canon(dueToday), totalCash: canon(total), traderCash: canon(tr) });
}

/** The end-of-day cash of every trader. */
export function emitDayEnd(w: World, obs: RingObserver, t: number): void {
  const cash: Record<string, string> = {};
  for (const a of w.traders) cash[w.ids[a]!] = canon(w.ledger.total(a));
  obs({ kind: 'day_end', day: t, traderCash: cash });
}
