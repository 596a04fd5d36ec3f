import { D, canon } from '../../decimal';
import type { AgentInfo, BucketSnapshot, HoldingInfo, RingObserver } from '../../events';
import type { Bilancio2026RunConfig } from './config';
import { effectiveCreditor } from './ledger';
import { BUCKETS, assignBucket } from './scenario';
import type { Subsystem } from './subsystem';
import { dealerView } from './trading';

/*
 * The setup and snapshot events of the profile, in the shapes the other profiles emit, so that
 * `@ring/metrics` builds the same instrumentation files (docs/instrumentation.md). Dealers hold
 * capital here, so the snapshot's dealer views (inventory, K*, cash) carry real values.
 */

const ZERO = new D(0);

/** The `setup` event after the initial state is built. */
export function emitSetup(obs: RingObserver, cfg: Bilancio2026RunConfig, sub: Subsystem, runId: string, pairId: string): void {
  const ledger = sub.ledger;
  const ids = ledger.ids;
  const agents: AgentInfo[] = [];
  for (let a = 1; a < ids.length; a++) agents.push({ id: ids[a]!, type: sub.isTrader(a) ? 'trader' : sub.isDealer(a) ? 'dealer' : 'vbt' });
  const holdings: HoldingInfo[] = ledger.payables.map((p) => ({
    holder: ids[effectiveCreditor(p)]!,
    payableId: p.id,
    issuer: ids[p.debtor]!,
    dueDay: p.due,
    tickets: p.ticketed ? 1 : 0,
    face: canon(p.amount),
  }));
  const cash: Record<string, string> = {};
  for (let a = 1; a < ids.length; a++) cash[ids[a]!] = canon(ledger.cash[a]!);
  obs({
    kind: 'setup',
    day: 0,
    runId,
    pairId,
    profile: cfg.profile,
    regime: cfg.regime,
    outsideMidRatio: cfg.outsideMidRatio,
    ticketSize: Number(cfg.ticketSize),
    agents,
    buckets: [...BUCKETS],
    payables: ledger.payables.map((p) => ({
      id: p.id,
      debtor: ids[p.debtor]!,
      creditor: ids[p.creditor]!,
      amount: canon(p.amount),
      dueDay: p.due,
    })),
    holdings,
    cash,
  });
}

/**
 * The `snapshot` event at the end of the trading phase of day t (before settlement): per bucket
 * the dealer's state, the VBT's anchors, quotes, inventory and cash, and the face of live payables
 * by remaining maturity and holder kind; system cash from the ledger.
 */
export function emitSnapshot(obs: RingObserver, sub: Subsystem, t: number): void {
  const ledger = sub.ledger;
  const face = [0, 1, 2].map(() => ({ dealer: ZERO, vbt: ZERO, trader: ZERO }));
  let dueToday = ZERO;
  for (const p of ledger.live) {
    if (!p.live) continue;
    const tau = p.due - t;
    if (tau <= 0) {
      dueToday = dueToday.plus(p.amount);
      continue;
    }
    const f = face[assignBucket(tau)]!;
    const holder = effectiveCreditor(p);
    if (sub.isVbt(holder)) f.vbt = f.vbt.plus(p.amount);
    else if (sub.isDealer(holder)) f.dealer = f.dealer.plus(p.amount);
    else f.trader = f.trader.plus(p.amount);
  }
  let total = ZERO;
  let traders = ZERO;
  for (let a = 1; a < ledger.ids.length; a++) {
    total = total.plus(ledger.cash[a]!);
    if (sub.isTrader(a)) traders = traders.plus(ledger.cash[a]!);
  }
  const buckets: BucketSnapshot[] = BUCKETS.map((name, b) => {
    const v = sub.vbts[b]!;
    return {
      bucket: name,
      dealer: dealerView(sub.dealers[b]!),
      vbtMid: canon(v.M),
      vbtSpread: canon(v.O),
      vbtAsk: canon(v.A),
      vbtBid: canon(v.B),
      vbtInventory: v.inv.length,
      vbtCash: canon(v.cash),
      dealerFace: canon(face[b]!.dealer),
      vbtFace: canon(face[b]!.vbt),
      traderFace: canon(face[b]!.trader),
    };
  });
  obs({ kind: 'snapshot', day: t, buckets, faceDueToday: canon(dueToday), totalCash: canon(total), traderCash: canon(traders) });
}
