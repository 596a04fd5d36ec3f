import { D, addRepeated, canon } from '../../decimal';
import { u, uMany } from '../../rng';
import type { PassthroughReason, RingObserver } from '../../events';
import { dealerView } from '../../kernel';
import type { KernelState } from '../../kernel';
import { OPEN } from './state';
import type { SpecState } from './state';

const TWO53 = 9007199254740992;

/** Day-t quantities of a trader (docs/model.md §7.1). */
function liability(st: SpecState, i: number): { amount: D; dueDay: number } | null {
  const ci = st.issued[i]!;
  if (ci < 0) return null;
  const c = st.cohorts[ci]!;
  return c.status === OPEN ? { amount: c.amount, dueDay: c.dueDay } : null;
}

/** dues_i(t): the open liability if it is due (on or before t, still in grace). */
export function duesOf(st: SpecState, i: number, t: number): D {
  const l = liability(st, i);
  return l && l.dueDay <= t ? l.amount : new D(0);
}

/** gap_i(t) = Σ face of open liabilities due by t + horizon − cash. */
export function gapOf(st: SpecState, i: number, t: number, horizon: number): D {
  const l = liability(st, i);
  const due = l && l.dueDay <= t + horizon ? l.amount : new D(0);
  return due.minus(st.cash[i]!);
}

/** The trader's tradable tickets' cohorts (open, τ ≥ 1). */
function tradableCohorts(st: SpecState, i: number, t: number): number[] {
  const out: number[] = [];
  for (const ci of st.holdings[i]!.keys()) {
    const c = st.cohorts[ci]!;
    if (c.status === OPEN && c.dueDay > t) out.push(ci);
  }
  return out;
}

/** Safety margin of docs/instrumentation.md §1.5: cash + Σ tradable face·bid − Σ open liabilities. */
export function safetyMarginOf(st: SpecState, i: number, t: number): D {
  let m = st.cash[i]!;
  for (const ci of tradableCohorts(st, i, t)) {
    const c = st.cohorts[ci]!;
    const n = st.holdings[i]!.get(ci)!.length;
    const bid = st.buckets[st.assign(c.dueDay - t)]!.kernel.bid;
    m = addRepeated(m, st.SD.times(bid), n);
  }
  const l = liability(st, i);
  if (l) m = m.minus(l.amount);
  return m;
}

/**
 * Why a customer SELL cannot execute inside the dealer (docs/model.md §5.3), or null when it can: the guard
 * regime, capacity (x + S > X*), or cash (C < S·bid, RES-02). Checked in this order, so a trade
 * short of both capacity and cash reports `capacity`.
 */
export function sellPassthroughReason(k: KernelState, S: number, dealerCash: D): PassthroughReason | null {
  if (k.guard) return 'guard';
  if (k.x + S > k.xStar) return 'capacity';
  if (dealerCash.lt(new D(S).times(k.bid))) return 'cash';
  return null;
}

/**
 * Where the order flow's randomness comes from. The default is the CRN substreams of docs/model.md §1.4;
 * tests script draws (the design documents' Example 14) through the same interface.
 */
export interface FlowDraws {
  flow(t: number, n: number): number;
  pick(t: number, n: number, side: 'SELL' | 'BUY', agentId: string): number;
  issuer(t: number, n: number, agentId: string): number;
  /** Optional batched `pick` for many agents (same values, in order). */
  pickMany?(t: number, n: number, side: 'SELL' | 'BUY', agentIds: readonly string[]): ArrayLike<number>;
}

/** Named counter-based substreams: each draw depends only on (seed, purpose). */
export function crnDraws(seed: number): FlowDraws {
  return {
    flow: (t, n) => u(seed, `flow:${t}:${n}`),
    pick: (t, n, side, id) => u(seed, `pick:${t}:${n}:${side}:${id}`),
    issuer: (t, n, id) => u(seed, `issuer:${t}:${n}:${id}`),
    pickMany: (t, n, side, ids) => uMany(seed, `pick:${t}:${n}:${side}:`, ids),
  };
}

interface Route {
  bucket: number;
  desk: number;
  interior: boolean;
  reason: PassthroughReason | null;
}

/**
 * The order flow of one day (docs/model.md §7.1): eligibility sets computed once, then up to N_max
 * arrivals with CRN draws. Returns the number of executed (sells, buys, interior, passthrough).
 */
export class OrderFlow {
  seq = 0;
  sells = 0;
  buys = 0;
  interior = 0;
  passthrough = 0;
  private readonly piSell: D;

  private readonly draws: FlowDraws;

  constructor(
    private readonly st: SpecState,
    private readonly obs: RingObserver | undefined,
    draws?: FlowDraws,
  ) {
    this.piSell = new D(st.cfg.piSell).times(TWO53);
    this.draws = draws ?? crnDraws(st.cfg.seed);
  }

  runDay(t: number): void {
    const st = this.st;
    const sellSet: number[] = [];
    const buySet: number[] = [];
    for (let i = 0; i < st.nTraders; i++) {
      const p = st.policies[i]!;
      if (
        p.sellEnabled &&
        p.maxSellsPerDay > 0 &&
        gapOf(st, i, t, p.sellHorizonDays).gt(p.sellShortfallThreshold) &&
        tradableCohorts(st, i, t).length > 0
      ) {
        sellSet.push(i);
      }
      if (p.buyEnabled && p.maxBuysPerDay > 0) {
        const l = liability(st, i);
        const shortfall = duesOf(st, i, t).minus(st.cash[i]!);
        const tmin = l && l.dueDay > t ? l.dueDay : Infinity;
        if (!shortfall.gt(0) && tmin - t >= p.buyHorizonDays && st.cash[i]!.gt(p.buyCashBuffer)) buySet.push(i);
      }
    }
    const sellsDone = new Map<number, number>();
    const buysDone = new Map<number, number>();
    const draws = this.draws;
    for (let n = 1; n <= st.cfg.nMax && (sellSet.length > 0 || buySet.length > 0); n++) {
      const z = new D(draws.flow(t, n) * TWO53).lt(this.piSell);
      const side = (z && sellSet.length > 0) || (!z && buySet.length === 0) ? 'SELL' : 'BUY';
      const set = side === 'SELL' ? sellSet : buySet;
      let best = -1;
      let bestKey = Infinity;
      const keys = draws.pickMany
        ? draws.pickMany(
            t,
            n,
            side,
            set.map((i) => st.ids[i]!),
          )
        : set.map((i) => draws.pick(t, n, side, st.ids[i]!));
      for (let k = 0; k < set.length; k++) {
        if (keys[k]! < bestKey) {
          bestKey = keys[k]!;
          best = set[k]!;
        }
      }
      const executed = side === 'SELL' ? this.sell(best, t, n) : this.buy(best, t, n);
      if (executed) {
        const done = side === 'SELL' ? sellsDone : buysDone;
        const count = (done.get(best) ?? 0) + 1;
        done.set(best, count);
        const p = st.policies[best]!;
        if (count >= (side === 'SELL' ? p.maxSellsPerDay : p.maxBuysPerDay)) set.splice(set.indexOf(best), 1);
      }
    }
  }

  private sell(i: number, t: number, n: number): boolean {
    const st = this.st;
    const p = st.policies[i]!;
    let bestCi = -1;
    for (const ci of tradableCohorts(st, i, t)) {
      if (bestCi < 0) {
        bestCi = ci;
        continue;
      }
      const c = st.cohorts[ci]!;
      const b = st.cohorts[bestCi]!;
      const better = p.longestFirst
        ? c.dueDay > b.dueDay || (c.dueDay === b.dueDay && st.holdings[i]!.get(ci)![0]! < st.holdings[i]!.get(bestCi)![0]!)
        : c.dueDay < b.dueDay || (c.dueDay === b.dueDay && st.holdings[i]!.get(ci)![0]! < st.holdings[i]!.get(bestCi)![0]!);
      if (better) bestCi = ci;
    }
    if (bestCi < 0) return false;
    const serial = st.holdings[i]!.get(bestCi)![0]!;
    const b = st.assign(st.cohorts[bestCi]!.dueDay - t);
    const bk = st.buckets[b]!;
    const k = bk.kernel;
    const reason = sellPassthroughReason(k, st.S, st.cash[bk.dealer]!);
    const unit = reason === null ? k.bid : bk.B;
    if (unit.lt(p.minBidFraction)) return false;
    const route: Route = { bucket: b, desk: reason === null ? bk.dealer : bk.vbt, interior: reason === null, reason };
    const liquidity = this.obs ? gapOf(st, i, t, p.sellHorizonDays).gt(0) : false;
    this.execute('SELL', i, serial, route, unit, t, n, liquidity);
    return true;
  }

  /** Cohorts a desk holds that are tradable on day t and deliverable to buyer i. */
  private deliverable(desk: number, i: number, issuer: number, t: number): number[] {
    const st = this.st;
    const out: number[] = [];
    if (issuer >= 0) {
      const ci = st.issued[issuer]!;
      if (ci >= 0 && st.holdings[desk]!.has(ci)) {
        const c = st.cohorts[ci]!;
        if (c.status === OPEN && c.dueDay > t) out.push(ci);
      }
      return out;
    }
    for (const ci of st.holdings[desk]!.keys()) {
      const c = st.cohorts[ci]!;
      if (c.status === OPEN && c.dueDay > t && c.debtor !== i) out.push(ci);
    }
    return out;
  }

  private buy(i: number, t: number, n: number): boolean {
    const st = this.st;
    const p = st.policies[i]!;
    // Single-issuer rule: the issuer of the lowest-serial open ticket held, else any trader but i.
    let lowest = -1;
    for (const [ci, list] of st.holdings[i]!) {
      if (st.cohorts[ci]!.status !== OPEN) continue;
      if (lowest < 0 || list[0]! < lowest) lowest = list[0]!;
    }
    const issuer = lowest >= 0 ? st.cohorts[st.ticketCohort[lowest]!]!.debtor : -1;
    if (issuer === i) return false;
    let route: Route | null = null;
    let candidates: number[] = [];
    for (let b = 0; b < st.buckets.length && !route; b++) {
      const bk = st.buckets[b]!;
      const dealerHas = this.deliverable(bk.dealer, i, issuer, t);
      if (!bk.kernel.guard && dealerHas.length > 0) {
        route = { bucket: b, desk: bk.dealer, interior: true, reason: null };
        candidates = dealerHas;
        break;
      }
      const vbtHas = this.deliverable(bk.vbt, i, issuer, t);
      if (vbtHas.length > 0) {
        let reason: PassthroughReason;
        if (bk.kernel.guard) reason = 'guard';
        else if (bk.a === 0) reason = 'no_inventory';
        else reason = 'no_admissible_issuer';
        route = { bucket: b, desk: bk.vbt, interior: false, reason };
        candidates = vbtHas;
      }
    }
    if (!route) return false;
    let ci: number;
    if (issuer >= 0) {
      ci = candidates[0]!;
    } else {
      // Issuer draw proportional to the executing desk's ticket counts, issuers in agent order.
      const byIssuer = candidates
        .map((c) => ({ c, debtor: st.cohorts[c]!.debtor, count: st.holdings[route!.desk]!.get(c)!.length }))
        .sort((x, y) => x.debtor - y.debtor);
      const W = byIssuer.reduce((s, x) => s + x.count, 0);
      const r = Math.floor(this.draws.issuer(t, n, st.ids[i]!) * W);
      let acc = 0;
      ci = byIssuer[byIssuer.length - 1]!.c;
      for (const x of byIssuer) {
        acc += x.count;
        if (acc > r) {
          ci = x.c;
          break;
        }
      }
    }
    const serial = st.holdings[route.desk]!.get(ci)![0]!;
    const bk = st.buckets[route.bucket]!;
    const unit = route.interior ? bk.kernel.ask : bk.A;
    const cost = st.SD.times(unit);
    if (st.cash[i]!.lt(cost)) return false;
    if (p.safetyMargin !== null) {
      let m = st.cash[i]!.minus(cost);
      for (const hc of tradableCohorts(st, i, t)) {
        const c = st.cohorts[hc]!;
        const bid = st.buckets[st.assign(c.dueDay - t)]!.kernel.bid;
        const cnt = st.holdings[i]!.get(hc)!.length;
        m = addRepeated(m, st.SD.times(bid), cnt);
      }
      const l = liability(st, i);
      if (l && l.dueDay <= t + p.buyHorizonDays) m = m.minus(l.amount);
      if (m.lt(p.safetyMargin)) return false;
    }
    this.execute('BUY', i, serial, route, unit, t, n, false);
    return true;
  }

  private execute(side: 'SELL' | 'BUY', i: number, serial: number, route: Route, unit: D, t: number, n: number, liquidity: boolean): void {
    const st = this.st;
    const bk = st.buckets[route.bucket]!;
    const obs = this.obs;
    const before = obs
      ? {
          dealer: dealerView(bk.kernel),
          cash: st.cash[i]!,
          margin: safetyMarginOf(st, i, t),
          M: bk.M,
          A: bk.A,
          B: bk.B,
        }
      : null;
    const amount = st.SD.times(unit);
    if (side === 'SELL') {
      st.cash[i] = st.cash[i]!.plus(amount);
      st.cash[route.desk] = st.cash[route.desk]!.minus(amount);
      st.moveTicket(serial, route.desk);
      this.sells++;
    } else {
      st.cash[i] = st.cash[i]!.minus(amount);
      st.cash[route.desk] = st.cash[route.desk]!.plus(amount);
      st.moveTicket(serial, i);
      this.buys++;
    }
    if (route.interior) this.interior++;
    else this.passthrough++;
    st.recomputeDealer(route.bucket, t);
    if (obs && before) {
      const c = st.cohorts[st.ticketCohort[serial]!]!;
      obs({
        kind: 'trade',
        day: t,
        seq: this.seq,
        arrivalIndex: n,
        bucket: bk.name,
        side,
        traderId: st.ids[i]!,
        ticketId: `TKT_${serial}`,
        payableId: c.id,
        issuerId: st.ids[c.debtor]!,
        maturityDay: c.dueDay,
        face: String(st.S),
        price: canon(amount),
        unitPrice: canon(unit),
        isPassthrough: !route.interior,
        passthroughReason: route.reason,
        counterparty: st.ids[route.desk]!,
        dealerBefore: before.dealer,
        dealerAfter: dealerView(bk.kernel),
        vbtMidBefore: canon(before.M),
        vbtAskBefore: canon(before.A),
        vbtBidBefore: canon(before.B),
        traderCashBefore: canon(before.cash),
        traderCashAfter: canon(st.cash[i]!),
        traderSafetyMarginBefore: canon(before.margin),
        traderSafetyMarginAfter: canon(safetyMarginOf(st, i, t)),
        isLiquidityDriven: liquidity,
      });
    }
    this.seq++;
  }
}
