import { D, canon } from '../../decimal';
import type { DealerView, PassthroughReason, RingObserver } from '../../events';
import { PyRandom } from '../../rng';
import type { Kernel26 } from './kernel';
import { canInteriorBuy, canInteriorSell } from './kernel';
import { same } from './memo';
import { BUCKETS } from './scenario';
import type { BuyAttempt, DealerDesk, Subsystem, Ticket, TraderState, VbtDesk } from './subsystem';
import { insertTicket } from './subsystem';

/*
 * The trading rounds of docs/model-bilancio2026.md §6.3 step 7 with SELL (§6.4), BUY (§6.5) and
 * the executions of §4: up to 100 rounds a day of sell and buy intentions, shuffled by the
 * Random(42) trading stream, with per-round desk budgets. Desk cash moves by the unit price, the
 * trader's by unit price × face: the difference is money the next ledger sync mints or retires.
 */

const ROUNDS = 100;
/** Buy attempts remembered per trader and bucket (rounds visit traders in shuffled orders). */
const ATTEMPT_MEMORY = 6;
const TRADING_SEED = 42;
const LAYOFF_THRESHOLD = new D('0.7');
const URGENCY = new D('0.30');
const SELL_PREMIUM = new D(0);
const MINUS_ONE = new D(-1);
const MIN_LIQUIDITY_WEIGHT = new D('0.75');
const ZERO = new D(0);
const ONE = new D(1);
const TWO = new D(2);
/** D operations in prefix form, so that the formulas read in the contract's order. */
const dop = {
  plus: (a: D, b: D) => a.plus(b),
  minus: (a: D, b: D) => a.minus(b),
  times: (a: D, b: D) => a.times(b),
  div: (a: D, b: D) => a.div(b),
};

/** Trade counts of a run's active arm. */
export interface TradeTally {
  sells: number;
  buys: number;
  interior: number;
  passthrough: number;
}

/** What a trade event needs from before the execution. */
interface Before {
  readonly dealer: DealerView;
  readonly vbtMid: D;
  readonly vbtAsk: D;
  readonly vbtBid: D;
  readonly cash: D;
  readonly margin: D;
}

/** A dealer's state for events: inventory held now, the kernel's (possibly stale) quotes and capacity. */
export function dealerView(d: DealerDesk): DealerView {
  const k = d.k;
  return {
    inventory: d.inv.length,
    cash: canon(d.cash),
    bid: canon(k.bid),
    ask: canon(k.ask),
    midline: canon(k.midline),
    kStar: k.kStar,
    xStar: k.xStar.toNumber(),
  };
}

/** Runs the trading rounds of the active arm, one day at a time, with its own Random(42) stream. */
export class Trading {
  readonly tally: TradeTally = { sells: 0, buys: 0, interior: 0, passthrough: 0 };
  private readonly rng = new PyRandom(TRADING_SEED);
  private readonly budgets: D[] = [ZERO, ZERO, ZERO, ZERO, ZERO, ZERO];
  private seq = 0;
  private t = 0;

  constructor(
    private readonly sub: Subsystem,
    private readonly obs: RingObserver | undefined,
  ) {}

  /** §6.3 step 7: rounds r = 0 … 99 until no trader intends to sell or buy. */
  runRounds(t: number): void {
    this.t = t;
    const sub = this.sub;
    for (let r = 0; r < ROUNDS; r++) {
      const sells: TraderState[] = [];
      const buys: TraderState[] = [];
      for (const tr of sub.traders) {
        this.intentions(tr);
        if (tr.sellIntent) sells.push(tr);
        if (tr.buyIntent) buys.push(tr);
      }
      if (sells.length === 0 && buys.length === 0) break;
      this.rng.shuffle(sells);
      this.rng.shuffle(buys);
      // Budgets are each desk's subsystem cash at the round start: dealers 0–2, VBTs 3–5.
      for (let b = 0; b < 3; b++) {
        this.budgets[b] = sub.dealers[b]!.cash;
        this.budgets[3 + b] = sub.vbts[b]!.cash;
      }
      // max_spend is fixed when the intention is collected.
      const spends = buys.map((tr) => tr.maxSpend);
      const paired = Math.min(sells.length, buys.length);
      for (let i = 0; i < paired; i++) {
        this.sell(sells[i]!);
        this.buy(buys[i]!, spends[i]!);
      }
      for (let i = paired; i < sells.length; i++) this.sell(sells[i]!);
      for (let i = paired; i < buys.length; i++) this.buy(buys[i]!, spends[i]!);
      if (r < ROUNDS - 1) for (const d of sub.dealers) sub.recompute(d);
    }
  }

  /** §6.3 step 7.1–7.2 for one trader; cached until its cash or holdings change. */
  private intentions(tr: TraderState): void {
    if (tr.intentCash === tr.cash && tr.intentOwn === tr.own.length) return;
    tr.intentCash = tr.cash;
    tr.intentOwn = tr.own.length;
    // max over o of max(0, due(t+o) − cash) > 0  ⇔  max due > cash
    tr.sellIntent = tr.own.length > 0 && tr.maxDue.gt(tr.cash);
    const surplus = dop.minus(tr.cash, tr.reserve);
    tr.buyIntent = surplus.gt(tr.surplusFloor);
    tr.maxSpend = tr.buyIntent ? dop.div(surplus, TWO) : ZERO;
  }

  /** The seller's shortfall over its horizon: max(0, max due − cash). */
  private shortfall(tr: TraderState): D {
    const d = tr.maxDue.minus(tr.cash);
    return d.gt(0) ? d : ZERO;
  }

  /** §6.4 SELL: own[0] to the bucket's dealer (or through it to the VBT), after the budget and risk checks. */
  private sell(tr: TraderState): void {
    if (tr.own.length === 0) return;
    const sub = this.sub;
    const tk = tr.own[0]!;
    const b = tk.bucket;
    const dealer = sub.dealers[b]!;
    const vbt = sub.vbts[b]!;
    const interior = canInteriorBuy(dealer.k, dealer.cash);
    const payer = interior ? b : 3 + b;
    const budget = this.budgets[payer]!;
    // A refusal reads only these (and day constants): the same inputs are refused again.
    const last = tr.sellRefused;
    if (
      last !== null &&
      !sub.literal &&
      last.day === this.t &&
      last.cash === tr.cash &&
      last.ownV === tr.ownV &&
      last.k === dealer.k &&
      last.dealerCash === dealer.cash &&
      last.budget === budget
    )
      return;
    if (!this.sellAccepted(tr, tk, dealer, vbt, interior, budget)) {
      tr.sellRefused = { day: this.t, cash: tr.cash, ownV: tr.ownV, k: dealer.k, dealerCash: dealer.cash, budget };
      return;
    }
    tr.sellRefused = null;

    const before = this.obs ? this.before(dealer, vbt, tr) : null;
    const reason = this.obs ? sellReason(dealer.k) : null;
    const liquidity = this.shortfall(tr).gt(0);
    const { price, passthrough } = this.executeSell(dealer, vbt, tk);
    const scaled = dop.times(price, tk.face);
    tr.own.shift();
    tr.ownV++;
    tr.assets = null;
    tr.cash = dop.plus(tr.cash, scaled);
    const counter = passthrough ? 3 + b : b;
    this.budgets[counter] = dop.minus(this.budgets[counter]!, scaled);
    this.tally.sells++;
    if (passthrough) this.tally.passthrough++;
    else this.tally.interior++;
    if (before) this.emit('SELL', tr, tk, dealer, vbt, price, scaled, passthrough, passthrough ? reason : null, before, liquidity);
  }

  /**
   * §6.4 steps 2–3: the payer's budget covers the cost, and the risk gate accepts the dealer's bid
   * (also when the fill will be at B): bid·face ≥ EV + thr·face.
   */
  private sellAccepted(tr: TraderState, tk: Ticket, dealer: DealerDesk, vbt: VbtDesk, interior: boolean, budget: D): boolean {
    const sub = this.sub;
    const cost = dop.times(interior ? dealer.k.bid : vbt.B, tk.face);
    if (budget.lt(cost)) return false;
    const assets = sub.assetValue(tr);
    const sf = this.shortfall(tr);
    const wealth = dop.plus(tr.cash, assets);
    const thr = wealth.lte(0) ? MINUS_ONE : sf.lte(0) ? SELL_PREMIUM : dop.minus(SELL_PREMIUM, dop.times(URGENCY, dop.div(sf, wealth)));
    return dop.times(dealer.k.bid, tk.face).gte(dop.plus(sub.ev(tk), dop.times(thr, tk.face)));
  }

  /** §4 customer SELL: interior at the bid, else the VBT credit facility, else pass-through at B. */
  private executeSell(dealer: DealerDesk, vbt: VbtDesk, tk: Ticket): { price: D; passthrough: boolean } {
    const sub = this.sub;
    const S = sub.S;
    let interior = canInteriorBuy(dealer.k, dealer.cash);
    if (!interior) {
      const k = dealer.k;
      const ratio = k.kStar > 0 ? new D(k.a).div(k.kStar) : ZERO;
      if (ratio.lt(LAYOFF_THRESHOLD)) {
        const need = dop.times(k.bid, S);
        if (vbt.cash.gte(need)) {
          // The cash move stands even if the trade still passes through.
          vbt.cash = dop.minus(vbt.cash, need);
          dealer.cash = dop.plus(dealer.cash, need);
          sub.recompute(dealer);
          interior = canInteriorBuy(dealer.k, dealer.cash);
        }
      }
    }
    if (interior) {
      const price = dealer.k.bid;
      insertTicket(dealer.inv, tk);
      dealer.invV++;
      dealer.cash = dop.minus(dealer.cash, price);
      tk.owner = dealer.agent;
      sub.recompute(dealer);
      return { price, passthrough: false };
    }
    const price = vbt.B;
    insertTicket(vbt.inv, tk);
    vbt.invV++;
    vbt.cash = dop.minus(vbt.cash, price);
    tk.owner = vbt.agent;
    sub.recompute(dealer);
    return { price, passthrough: true };
  }

  /** §6.5 BUY: at most one purchase, buckets short → mid → long. */
  private buy(tr: TraderState, maxSpend: D): void {
    const sub = this.sub;
    for (let b = 0; b < 3; b++) {
      const dealer = sub.dealers[b]!;
      const vbt = sub.vbts[b]!;
      if (dealer.inv.length === 0 && vbt.inv.length === 0) continue;
      if (this.replay(tr, b, maxSpend)) continue;
      const memo: BuyAttempt = {
        day: this.t,
        cash: tr.cash,
        ownV: tr.ownV,
        maxSpend,
        k0: sub.dealers[0]!.k,
        k1: sub.dealers[1]!.k,
        k2: sub.dealers[2]!.k,
        dealerCash: dealer.cash,
        vbtCash: vbt.cash,
        dealerInvV: dealer.invV,
        vbtInvV: vbt.invV,
      } as BuyAttempt;
      if (this.attempt(tr, dealer, vbt, maxSpend)) {
        tr.attempts[b]!.length = 0;
        return;
      }
      memo.outK = dealer.k;
      memo.outDealerCash = dealer.cash;
      memo.outVbtCash = vbt.cash;
      memo.outCash = tr.cash;
      const list = tr.attempts[b]!;
      if (list.length > 0 && list[0]!.day !== this.t) list.length = 0;
      list.unshift(memo);
      if (list.length > ATTEMPT_MEMORY) list.pop();
    }
  }

  /** Replay a remembered attempt on bucket b if everything it reads is unchanged; true if it was replayed. */
  private replay(tr: TraderState, b: number, maxSpend: D): boolean {
    const list = tr.attempts[b]!;
    if (list.length === 0 || this.sub.literal) return false;
    const sub = this.sub;
    const dealer = sub.dealers[b]!;
    const vbt = sub.vbts[b]!;
    const k0 = sub.dealers[0]!.k;
    const k1 = sub.dealers[1]!.k;
    const k2 = sub.dealers[2]!.k;
    for (const m of list) {
      if (
        m.day === this.t &&
        m.cash === tr.cash &&
        m.ownV === tr.ownV &&
        m.maxSpend === maxSpend &&
        m.k0 === k0 &&
        m.k1 === k1 &&
        m.k2 === k2 &&
        m.dealerCash === dealer.cash &&
        m.vbtCash === vbt.cash &&
        m.dealerInvV === dealer.invV &&
        m.vbtInvV === vbt.invV
      ) {
        dealer.k = m.outK;
        dealer.cash = m.outDealerCash;
        vbt.cash = m.outVbtCash;
        tr.cash = m.outCash;
        return true;
      }
    }
    return false;
  }

  /** One bucket of §6.5 steps 2–7; true if the trader bought. */
  private attempt(tr: TraderState, dealer: DealerDesk, vbt: VbtDesk, maxSpend: D): boolean {
    const sub = this.sub;
    const marginBefore = sub.safetyMargin(tr);
    if (marginBefore.lt(0)) return false;
    const before = this.obs ? this.before(dealer, vbt, tr, marginBefore) : null;
    const reason = this.obs ? buyReason(dealer.k) : null;

    // §4 customer BUY: interior at the ask from the dealer, else at A from the VBT if it holds any.
    const interior = canInteriorSell(dealer.k);
    if (!interior && vbt.inv.length === 0) return false;
    const desk: DealerDesk | VbtDesk = interior ? dealer : vbt;
    const price = interior ? dealer.k.ask : vbt.A;
    const deskCash = desk.cash;
    const tk = desk.inv.pop()!;
    desk.cash = sub.deskSum(deskCash, price);
    tk.owner = tr.agent;
    sub.recompute(dealer);

    // Risk gate at the execution price; a rejection puts the ticket back without a recompute (stale dealer).
    const ev = sub.ev(tk);
    const assets = dop.plus(sub.assetValue(tr), ev);
    if (!this.buyGate(ev, tk.face, price, tr.cash, assets, tr.buyPremium)) {
      this.putBack(desk, tk, price, deskCash);
      return false;
    }
    const scaled = dop.times(price, tk.face);
    if (tr.cash.lt(scaled) || scaled.gt(maxSpend)) {
      this.putBack(desk, tk, price, deskCash);
      sub.recompute(dealer);
      return false;
    }
    const cashBefore = tr.cash;
    tr.own.push(tk);
    tr.cash = dop.minus(cashBefore, scaled);
    if (tr.cash.lt(tr.duesSum) || sub.safetyMargin(tr).lt(0)) {
      tr.cash = same(dop.plus(tr.cash, scaled), cashBefore);
      tr.own.pop();
      this.putBack(desk, tk, price, deskCash);
      sub.recompute(dealer);
      return false;
    }
    tr.ownV++;
    desk.invV++;
    tr.assets = assets; // Σ EV(own) with the new ticket appended at the end
    const counter = interior ? dealer.bucket : 3 + dealer.bucket;
    this.budgets[counter] = dop.plus(this.budgets[counter]!, scaled);
    this.tally.buys++;
    if (interior) this.tally.interior++;
    else this.tally.passthrough++;
    if (before) this.emit('BUY', tr, tk, dealer, vbt, price, scaled, !interior, interior ? null : reason, before, false);
    return true;
  }

  /**
   * The buy risk gate of §6.5 step 4: accept iff EV ≥ P·face + thr·face with thr = buy premium
   * plus, for a trader with cash and positive total wealth, p_bl·max(0.75, 1 − cash/total),
   * p_bl = (p + P_prior)/2; total wealth ≤ 0 rejects.
   */
  private buyGate(ev: D, face: D, price: D, cash: D, assets: D, premium: D): boolean {
    const total = dop.plus(cash, assets);
    if (total.lte(0)) return false;
    let thr = premium;
    if (cash.gt(0)) {
      const share = dop.minus(ONE, dop.div(cash, total));
      thr = dop.plus(thr, dop.times(this.sub.pBlend, share.gt(MIN_LIQUIDITY_WEIGHT) ? share : MIN_LIQUIDITY_WEIGHT));
    }
    return ev.gte(dop.plus(dop.times(price, face), dop.times(thr, face)));
  }

  /** Undo a customer buy: the ticket back into the desk's inventory, the desk's cash back by the unit price. */
  private putBack(desk: DealerDesk | VbtDesk, tk: Ticket, price: D, deskCashBefore: D): void {
    insertTicket(desk.inv, tk);
    tk.owner = desk.agent;
    desk.cash = same(desk.cash.minus(price), deskCashBefore);
  }

  private before(dealer: DealerDesk, vbt: VbtDesk, tr: TraderState, margin?: D): Before {
    return {
      dealer: dealerView(dealer),
      vbtMid: vbt.M,
      vbtAsk: vbt.A,
      vbtBid: vbt.B,
      cash: tr.cash,
      margin: margin ?? this.sub.safetyMargin(tr),
    };
  }

  private emit(
    side: 'SELL' | 'BUY',
    tr: TraderState,
    tk: Ticket,
    dealer: DealerDesk,
    vbt: VbtDesk,
    unit: D,
    scaled: D,
    passthrough: boolean,
    reason: PassthroughReason | null,
    before: Before,
    liquidity: boolean,
  ): void {
    const ids = this.sub.ledger.ids;
    this.obs!({
      kind: 'trade',
      day: this.t,
      seq: this.seq++,
      arrivalIndex: null,
      bucket: BUCKETS[dealer.bucket],
      side,
      traderId: tr.id,
      ticketId: `TKT_${tk.serial}`,
      payableId: tk.payable.id,
      issuerId: ids[tk.issuer]!,
      maturityDay: tk.due,
      face: canon(tk.face),
      price: canon(scaled),
      unitPrice: canon(unit),
      isPassthrough: passthrough,
      passthroughReason: reason,
      counterparty: passthrough ? ids[vbt.agent]! : ids[dealer.agent]!,
      dealerBefore: before.dealer,
      dealerAfter: dealerView(dealer),
      vbtMidBefore: canon(before.vbtMid),
      vbtAskBefore: canon(before.vbtAsk),
      vbtBidBefore: canon(before.vbtBid),
      traderCashBefore: canon(before.cash),
      traderCashAfter: canon(tr.cash),
      traderSafetyMarginBefore: canon(before.margin),
      traderSafetyMarginAfter: canon(this.sub.safetyMargin(tr)),
      isLiquidityDriven: liquidity,
    });
  }
}

/** Why a customer SELL would pass through to the VBT (judged on the state before any credit facility). */
function sellReason(k: Kernel26): PassthroughReason {
  if (k.guard) return 'guard';
  return k.hasRoom ? 'cash' : 'capacity';
}

/** Why a customer BUY would pass through to the VBT. */
function buyReason(k: Kernel26): PassthroughReason {
  return k.guard ? 'guard' : 'no_inventory';
}
