import { D, roundHalfEven } from '../../decimal';
import type { PassthroughReason, RingObserver } from '../../events';
import { emitTrade, safetyMargin } from './observe';
import { BUYER_THRESHOLD, HORIZON, MAX_SELLERS, QUOTES, assign } from './world';
import type { Bucket, Ticket, World } from './world';

/*
 * The `paper2025` trading phase of one day (docs/model.md §7.2), active arm only: cash sync in, purge and
 * rebucketing, eligibility, at most ten sells and one buy, holder sync, cash sync out.
 */

const ZERO = new D(0);

/** Run the trading phase of day t. */
export function tradingPhase(w: World, t: number, obs: RingObserver | undefined): void {
  for (const a of w.traders) w.tcash[a] = w.ledger.total(a);
  purgeAndRebucket(w, t);
  const { sellers, buyers } = eligibleTraders(w, t);
  w.tradingRng!.shuffle(sellers);
  for (const a of sellers.slice(0, MAX_SELLERS)) sell(w, t, a, obs);
  w.tradingRng!.shuffle(buyers);
  const buyer = buyers[0];
  if (buyer !== undefined) buy(w, t, buyer, obs);
  for (const tk of w.tickets) if (tk.alive && tk.payable.holder !== tk.owner) tk.payable.holder = tk.owner;
  syncLedger(w);
}

/**
 * Delete the tickets of settled payables and those maturing today, and move tickets whose bucket
 * changed (VBT-held ones to the new bucket's VBT, for free).
 *
 * A deleted ticket leaves its owner's, its issuer's and the VBTs' lists. Removing it from each list
 * one by one made the day quadratic in N (a big entity owns N/3 tickets); the lists are instead
 * compacted once, after the pass, keeping the order of the remaining entries — the same lists.
 */
function purgeAndRebucket(w: World, t: number): void {
  const dirty = new Set<number[]>();
  const kill = (tk: Ticket): void => {
    tk.alive = false;
    dirty.add(w.own[tk.owner]!);
    dirty.add(w.obl[tk.payable.debtor]!);
    for (const inv of w.vbtInv) dirty.add(inv);
  };
  for (const tk of w.tickets) if (tk.alive && tk.payable.removed) kill(tk);
  for (const tk of w.tickets) {
    if (!tk.alive) continue;
    const tau = Math.max(0, tk.payable.dueDay - t);
    if (tau === 0) {
      kill(tk);
      continue;
    }
    const nb = assign(tau);
    if (nb !== tk.bucket) rebucket(w, tk, nb);
  }
  for (const list of dirty) keepAlive(w, list);
}

/** Relabel a ticket; a VBT-held ticket moves to the VBT of its new bucket. */
function rebucket(w: World, tk: Ticket, nb: Bucket): void {
  const old = tk.bucket;
  removeFrom(w.vbtInv[old]!, tk.serial);
  tk.bucket = nb;
  if (tk.owner === w.VBT0 + old) {
    tk.owner = w.VBT0 + nb;
    w.vbtInv[nb]!.push(tk.serial);
  }
}

function removeFrom(list: number[], serial: number): void {
  const i = list.indexOf(serial);
  if (i >= 0) list.splice(i, 1);
}

/** Drop the serials of deleted tickets from a list, in place, keeping the order of the rest. */
function keepAlive(w: World, list: number[]): void {
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    const s = list[i]!;
    if (w.tickets[s]!.alive) list[j++] = s;
  }
  list.length = j;
}

/**
 * max over o = 0 … HORIZON of due(a, t + o), the face of a's outstanding tickets due on day t + o,
 * each day's due summed in `obl` order. (Today's tickets are already purged, so o = 0 adds 0.)
 *
 * The reference tests a shortfall as "some due − cash > 0"; a D difference is positive exactly
 * when the due exceeds the cash (rounding never changes a sign), so "max due > cash" is the same
 * test without a subtraction per day.
 */
function horizonMaxDue(w: World, a: number, t: number): D {
  const dues: D[] = new Array<D>(HORIZON + 1).fill(ZERO);
  for (const serial of w.obl[a]!) {
    const tk = w.tickets[serial]!;
    const o = tk.payable.dueDay - t;
    if (o >= 0 && o <= HORIZON) dues[o] = dues[o]!.plus(tk.face);
  }
  let max = ZERO;
  for (const d of dues) if (d !== ZERO && d.gt(max)) max = d;
  return max;
}

/** Sellers (a ticket and a shortfall within the horizon) and buyers (cash − max due > 500), in agent order. */
function eligibleTraders(w: World, t: number): { sellers: number[]; buyers: number[] } {
  const sellers: number[] = [];
  const buyers: number[] = [];
  for (const a of w.traders) {
    const maxDue = horizonMaxDue(w, a, t);
    const cash = w.tcash[a]!;
    if (w.own[a]!.length > 0 && maxDue.gt(cash)) sellers.push(a);
    if (cash.minus(maxDue).gt(BUYER_THRESHOLD)) buyers.push(a);
  }
  return { sellers, buyers };
}

/** Why the (empty) dealer cannot buy: always a reason, so every sell is a pass-through at B. */
function sellRoute(w: World, b: Bucket): PassthroughReason | null {
  const k = w.emptyDealer[b]!;
  if (k.guard) return 'guard';
  if (k.x + w.S > k.xStar) return 'capacity';
  if (k.C.lt(k.bid)) return 'cash';
  return null;
}

/** Why the (empty) dealer cannot sell: always a reason, so every buy is a pass-through at A. */
function buyRoute(w: World, b: Bucket): PassthroughReason | null {
  const k = w.emptyDealer[b]!;
  if (k.guard) return 'guard';
  if (!(k.x >= w.S && k.xStar > 0)) return 'no_inventory';
  return null;
}

/** Seller a sells `own[a][0]` to its bucket's VBT at B·face. */
function sell(w: World, t: number, a: number, obs: RingObserver | undefined): void {
  const serial = w.own[a]![0]!;
  const tk = w.tickets[serial]!;
  const b = tk.bucket;
  const reason = sellRoute(w, b);
  const unit = QUOTES[b]!.B;
  const price = unit.times(tk.face);
  const cashBefore = w.tcash[a]!;
  const marginBefore = obs ? safetyMargin(w, a, cashBefore) : cashBefore;
  const liquidity = obs ? horizonMaxDue(w, a, t).gt(cashBefore) : false;
  w.vbtInv[b]!.push(serial);
  tk.owner = w.VBT0 + b;
  w.own[a]!.shift();
  w.tcash[a] = cashBefore.plus(price);
  w.sells++;
  if (obs) emitTrade(w, obs, tk, b, { t, side: 'SELL', a, unit, price, cashBefore, marginBefore, liquidity, reason });
  w.seq++;
}

/** The buyer buys, at A·face, the VBT ticket with the smallest (due day, serial) of the first bucket whose VBT holds one. */
function buy(w: World, t: number, buyer: number, obs: RingObserver | undefined): void {
  for (const b of [0, 1, 2] as Bucket[]) {
    const inv = w.vbtInv[b]!;
    if (inv.length === 0) continue;
    let best = inv[0]!;
    for (const s of inv) {
      const x = w.tickets[s]!;
      const y = w.tickets[best]!;
      if (x.payable.dueDay < y.payable.dueDay || (x.payable.dueDay === y.payable.dueDay && s < best)) best = s;
    }
    const tk = w.tickets[best]!;
    const reason = buyRoute(w, b);
    removeFrom(inv, best);
    const cashBefore = w.tcash[buyer]!;
    const marginBefore = obs ? safetyMargin(w, buyer, cashBefore) : cashBefore;
    tk.owner = buyer;
    w.own[buyer]!.push(best);
    const unit = QUOTES[b]!.A;
    const price = unit.times(tk.face);
    w.tcash[buyer] = cashBefore.minus(price);
    w.buys++;
    if (obs) emitTrade(w, obs, tk, b, { t, side: 'BUY', a: buyer, unit, price, cashBefore, marginBefore, liquidity: false, reason });
    w.seq++;
    return;
  }
}

/** Carry the subsystem cash back to the ledger: mint a gain (rounded half-even), burn a loss piece by piece. */
function syncLedger(w: World): void {
  for (const a of w.traders) {
    const delta = w.tcash[a]!.minus(w.ledger.total(a));
    if (delta.gt(0)) w.ledger.mint(a, roundHalfEven(delta));
    else if (delta.lt(0)) w.ledger.burn(a, delta.neg());
  }
}
