import { D, roundHalfEven } from '../../decimal';
import type { RingObserver } from '../../events';
import type { Bilancio2026RunConfig } from './config';
import { traderProfileOf } from './config';
import type { Kernel26 } from './kernel';
import { kernel26, kernelCapacity, kernelState, vbtQuotes26 } from './kernel';
import type { Ledger, Payable } from './ledger';
import { effectiveCreditor } from './ledger';
import { SumCache } from './memo';
import { buyPremiumOf, spreadFactor } from './risk';
import type { Bucket, Scenario } from './scenario';
import { BUCKETS, assignBucket, dealerAgent, traderAgent, vbtAgent } from './scenario';
import type { DealerDesk, Ticket, TraderState, VbtDesk } from './state';
import { byDueSerialDesc, insertTicket } from './state';

/*
 * The dealer subsystem of docs/model-bilancio2026.md §3, §6.2 and §6.3 steps 1–6 and 8: tickets
 * (one per payable), dealer and VBT desks per bucket, traders with their own/obl lists, and the
 * daily maintenance around the trading rounds. Desk and trader cash here is the subsystem's own D
 * cash, synced with the integer ledger at the start and the end of each trading phase.
 */

const ZERO = new D(0);
const ONE = new D(1);
const BASE_SPREADS = [new D('0.04'), new D('0.08'), new D('0.12')];

export type { BuyAttempt, DealerDesk, SellRefusal, Ticket, TraderState, VbtDesk } from './state';
export { insertTicket } from './state';

/** The subsystem of one run. */
export class Subsystem {
  readonly ledger: Ledger;
  readonly n: number;
  readonly S: D;
  readonly rho: D;
  readonly prior: D;
  readonly Minit: D;
  readonly dealers: DealerDesk[];
  readonly vbts: VbtDesk[];
  readonly traders: TraderState[];
  /** Live tickets in serial order (the registry). */
  tickets: Ticket[] = [];
  private serial = 0;
  /** Payables before this creation number have been looked at by an ingest. */
  private ingested = 0;
  /** Today's default probability p and 1 − p (set by the VBT update). */
  p: D;
  onep: D;
  /** p_bl = (p + P_prior)/2 of the buy gate, for today's p. */
  pBlend: D;
  day = 0;
  /** Kind of each agent: 0 other, 1 trader, 2 dealer, 3 VBT. */
  private readonly kind: Uint8Array;

  /**
   * `literal`: compute every kernel state and sum afresh (no caches). The results are identical;
   * the option exists so that tests can compare the cached run against the literal one.
   */
  constructor(
    cfg: Bilancio2026RunConfig,
    sc: Scenario,
    readonly literal = false,
  ) {
    this.ledger = sc.ledger;
    this.n = sc.n;
    this.S = new D(cfg.ticketSize);
    this.rho = new D(cfg.outsideMidRatio);
    this.prior = sc.prior;
    this.p = sc.prior;
    this.onep = ONE.minus(sc.prior);
    this.pBlend = sc.prior.plus(sc.prior).div(2);
    const n = sc.n;
    this.kind = new Uint8Array(this.ledger.ids.length);
    for (let i = 0; i < n; i++) this.kind[traderAgent(i)] = 1;
    // §5.1: M = M_init + 1·(ρ(1 − P_prior) − M_init) with M_init = ρ(1 − P_prior); O = base · f_κ.
    this.Minit = this.rho.times(ONE.minus(sc.prior));
    const M = this.midFor(sc.prior);
    const f = spreadFactor(sc.kappaRef);
    this.vbts = [0, 1, 2].map((b) => {
      const O = BASE_SPREADS[b]!.times(f);
      const q = vbtQuotes26(M, O);
      this.kind[vbtAgent(n, b)] = 3;
      return { agent: vbtAgent(n, b), bucket: b as Bucket, cash: ZERO, inv: [], invV: 0, M, O, A: q.A, B: q.B };
    });
    this.dealers = [0, 1, 2].map((b) => {
      this.kind[dealerAgent(n, b)] = 2;
      return { agent: dealerAgent(n, b), bucket: b as Bucket, cash: ZERO, inv: [], invV: 0, k: undefined as unknown as Kernel26 };
    });
    this.traders = Array.from({ length: n }, (_, i) => {
      const id = `H${i + 1}`;
      const prof = traderProfileOf(cfg, id);
      return {
        agent: traderAgent(i),
        id,
        cash: ZERO,
        own: [],
        obl: [],
        horizon: prof.planningHorizon,
        reserveFraction: new D(prof.buyReserveFraction),
        surplusFloor: this.S.times(ONE.minus(prof.aggressiveness)),
        buyPremium: buyPremiumOf(new D(prof.riskAversion)),
        maxDue: ZERO,
        duesSum: ZERO,
        reserve: ZERO,
        oblFace: ZERO,
        assets: null,
        intentCash: null,
        intentOwn: -1,
        sellIntent: false,
        buyIntent: false,
        maxSpend: ZERO,
        dirty: false,
        ownV: 0,
        attempts: [[], [], []],
        sellRefused: null,
      };
    });
    this.initialise();
  }

  isTrader(a: number): boolean {
    return this.kind[a] === 1;
  }
  isDealer(a: number): boolean {
    return this.kind[a] === 2;
  }
  isVbt(a: number): boolean {
    return this.kind[a] === 3;
  }
  traderOf(a: number): TraderState {
    return this.traders[a - 1]!;
  }

  /** §6.2: tickets for every payable, desk inventories, desk and trader cash from the ledger, dealers computed. */
  private initialise(): void {
    for (const p of this.ledger.payables) this.ticketise(p, 0, false);
    this.ingested = this.ledger.payables.length;
    this.syncIn();
    for (const d of this.dealers) this.recompute(d);
  }

  /**
   * Create the ticket of a payable (amount > 0, τ > 0). At setup a desk-owned ticket joins its
   * owner's inventory; at an ingest it joins the desk of its computed bucket, which becomes `ac`.
   */
  private ticketise(p: Payable, t: number, relocate: boolean): void {
    if (!(p.amount.gt(0) && p.due - t > 0)) return;
    const bucket = assignBucket(p.due - t);
    const owner = effectiveCreditor(p);
    const tk: Ticket = {
      serial: this.serial++,
      payable: p,
      face: p.amount,
      due: p.due,
      issuer: p.debtor,
      owner,
      bucket,
      alive: true,
      ev: ZERO,
      evDay: -1,
    };
    p.ticketed = true;
    const k = this.kind[owner]!;
    if (k === 2 || k === 3) {
      const desks: readonly { agent: number; inv: Ticket[] }[] = k === 2 ? this.dealers : this.vbts;
      const desk = relocate ? desks[bucket]! : desks.find((d) => d.agent === owner)!;
      if (desk.agent !== owner) p.ac = desk.agent;
      if (relocate) p.h = -1;
      tk.owner = desk.agent;
      insertTicket(desk.inv, tk);
    } else if (k === 1) this.traderOf(owner).own.push(tk);
    if (this.kind[p.debtor] === 1) this.traderOf(p.debtor).obl.push(tk);
    this.tickets.push(tk);
  }

  /** §6.3 step 1: subsystem cash of every trader and desk from the ledger. */
  syncIn(): void {
    const cash = this.ledger.cash;
    for (const tr of this.traders) tr.cash = cash[tr.agent]!;
    for (const d of this.dealers) d.cash = cash[d.agent]!;
    for (const v of this.vbts) v.cash = cash[v.agent]!;
  }

  /**
   * Recompute a dealer's kernel from its inventory count, cash and its VBT's anchors. Cash only
   * sets K*, so states are kept per (count, K*) until the anchors change, and K* per (count, cash
   * object): equal inputs give the very same state object, which the buy-attempt replay relies on.
   */
  recompute(d: DealerDesk): void {
    const b = d.bucket;
    const a = d.inv.length;
    if (this.literal) {
      const v = this.vbts[b]!;
      d.k = kernel26(a, d.cash, v.M, v.O, v.A, v.B, this.S);
      return;
    }
    const byCount = this.capacities[b]!;
    let byCash = byCount.get(a);
    if (byCash === undefined) {
      byCash = new Map();
      byCount.set(a, byCash);
    }
    let kStar = byCash.get(d.cash);
    if (kStar === undefined) {
      kStar = kernelCapacity(a, d.cash, this.vbts[b]!.M, this.S).kStar;
      byCash.set(d.cash, kStar);
    }
    let byK = this.states[b]!.get(a);
    if (byK === undefined) {
      byK = new Map();
      this.states[b]!.set(a, byK);
    }
    let k = byK.get(kStar);
    if (k === undefined) {
      const v = this.vbts[b]!;
      k = kernelState(a, kStar, v.M, v.O, v.A, v.B, this.S);
      byK.set(kStar, k);
    }
    d.k = k;
  }
  /**
   * Desk cash plus a unit price, cached by operand identity for the day: a buy attempt and its
   * reversal leave the desk's cash object unchanged, so the next attempt at the same price gets
   * the same sum object and its K* from the cache.
   */
  deskSum(cash: D, price: D): D {
    return this.literal ? cash.plus(price) : this.sums.plus(cash, price);
  }
  private readonly sums = new SumCache();

  /** K* by bucket, count and cash object; kernel states by bucket and (count, K*); both for today's anchors. */
  private readonly capacities: Map<number, Map<D, number>>[] = [new Map(), new Map(), new Map()];
  private readonly states: Map<number, Map<number, Kernel26>>[] = [new Map(), new Map(), new Map()];

  /** §6.3 steps 2–4: drop orphans, ingest new payables, retire tickets due today and rebucket the rest. */
  maintainTickets(t: number, obsRebucket: RingObserver | undefined): void {
    this.day = t;
    for (const tk of this.tickets) if (!tk.payable.live) this.kill(tk);
    this.ingest(t);
    for (const tk of this.tickets) {
      if (!tk.alive) continue;
      const tau = Math.max(0, tk.due - t);
      if (tau === 0) {
        this.kill(tk);
        continue;
      }
      const nb = assignBucket(tau);
      if (nb !== tk.bucket) this.rebucket(tk, nb, t, obsRebucket);
    }
    this.compact();
  }

  private kill(tk: Ticket): void {
    tk.alive = false;
    if (this.kind[tk.owner] === 1) this.traderOf(tk.owner).dirty = true;
    if (this.kind[tk.issuer] === 1) this.traderOf(tk.issuer).dirty = true;
  }

  /** §6.3 step 3: tickets for payables created since the last ingest, in contract-insertion order. */
  private ingest(t: number): void {
    const ps = this.ledger.payables;
    for (let i = this.ingested; i < ps.length; i++) {
      const p = ps[i]!;
      if (p.ticketed || !p.live || this.ledger.defaulted[p.debtor]) continue;
      this.ticketise(p, t, true);
    }
    // A payable skipped now is skipped for good: τ only falls, removals and defaults are final.
    this.ingested = ps.length;
  }

  /** §3: desk-held tickets move to the same kind of desk of the new bucket for free; trader-held ones are relabelled. */
  private rebucket(tk: Ticket, nb: Bucket, t: number, obs: RingObserver | undefined): void {
    const ob = tk.bucket;
    const before = tk.owner;
    const k = this.kind[tk.owner];
    tk.bucket = nb;
    if (k === 2 || k === 3) {
      const desk = k === 2 ? this.dealers[nb]! : this.vbts[nb]!;
      tk.owner = desk.agent; // leaves the old inventory at the next compaction
      tk.payable.ac = desk.agent;
      tk.payable.h = -1;
      desk.inv.push(tk); // sorted again at the compaction
      this.movedInto[nb + (k === 2 ? 0 : 3)] = true;
    }
    obs?.({
      kind: 'rebucket',
      day: t,
      ticketId: `TKT_${tk.serial}`,
      from: BUCKETS[ob],
      to: BUCKETS[nb],
      owner: this.ledger.ids[before]!,
      newOwner: this.ledger.ids[tk.owner]!,
      price: null,
    });
  }
  private readonly movedInto = [false, false, false, false, false, false];

  /** Remove dead and moved tickets from every list, in one pass per list. */
  private compact(): void {
    this.tickets = this.tickets.filter((tk) => tk.alive);
    const desks: { agent: number; inv: Ticket[] }[] = [...this.dealers, ...this.vbts];
    desks.forEach((d, i) => {
      const kept = d.inv.filter((tk) => tk.alive && tk.owner === d.agent);
      if (this.movedInto[i]) kept.sort(byDueSerialDesc);
      d.inv = kept;
      this.movedInto[i] = false;
    });
    for (const tr of this.traders) {
      if (!tr.dirty) continue;
      tr.own = tr.own.filter((tk) => tk.alive);
      tr.obl = tr.obl.filter((tk) => tk.alive);
      tr.dirty = false;
    }
  }

  /** §6.3 step 5: every dealer gets (Σ dealer cash)/3, every VBT (Σ VBT cash)/3. */
  poolDeskCash(): void {
    const dealerPool = this.dealers[0]!.cash.plus(this.dealers[1]!.cash).plus(this.dealers[2]!.cash).div(3);
    const vbtPool = this.vbts[0]!.cash.plus(this.vbts[1]!.cash).plus(this.vbts[2]!.cash).div(3);
    for (const d of this.dealers) d.cash = dealerPool;
    for (const v of this.vbts) v.cash = vbtPool;
  }

  /** §6.3 step 6 (§5.2): M = M_init + 1·(ρ(1 − p) − M_init) for every bucket, quotes, dealers recomputed. */
  updateVbts(p: D): void {
    this.p = p;
    this.onep = ONE.minus(p);
    this.pBlend = p.plus(this.prior).div(2);
    const M = this.midFor(p);
    this.sums.clear();
    for (const c of this.capacities) c.clear();
    for (const c of this.states) c.clear();
    for (const v of this.vbts) {
      v.M = M;
      const q = vbtQuotes26(M, v.O);
      v.A = q.A;
      v.B = q.B;
    }
    for (const d of this.dealers) this.recompute(d);
  }

  /** §5.1–5.2: M = M_init + 1·(ρ(1 − p) − M_init), evaluated in this order (mid sensitivity 1). */
  private midFor(p: D): D {
    return this.Minit.plus(ONE.times(this.rho.times(ONE.minus(p)).minus(this.Minit)));
  }

  /** Per-day trader quantities: dues over each trader's horizon, the buy reserve, Σ obligations; EV caches reset. */
  prepareTraders(t: number): void {
    for (const tr of this.traders) {
      const h = tr.horizon;
      const byOffset: D[] = [];
      for (let o = 0; o <= h; o++) byOffset.push(ZERO);
      let total = ZERO;
      for (const tk of tr.obl) {
        total = total.plus(tk.face);
        const o = tk.due - t;
        if (o >= 0 && o <= h) byOffset[o] = byOffset[o]!.plus(tk.face);
      }
      let maxDue = byOffset[0]!;
      let sum = ZERO;
      for (const d of byOffset) {
        if (d.gt(maxDue)) maxDue = d;
        sum = sum.plus(d);
      }
      tr.maxDue = maxDue;
      tr.duesSum = sum;
      tr.reserve = tr.reserveFraction.times(sum);
      tr.oblFace = total;
      tr.assets = null;
      tr.intentCash = null;
    }
  }

  /** EV of a ticket for today's p: (1 − p)·face. */
  ev(tk: Ticket): D {
    if (tk.evDay !== this.day) {
      tk.ev = this.onep.times(tk.face);
      tk.evDay = this.day;
    }
    return tk.ev;
  }

  /** Σ EV over a trader's own list, left to right. */
  assetValue(tr: TraderState): D {
    if (tr.assets === null) {
      let s = ZERO;
      for (const tk of tr.own) s = s.plus(this.ev(tk));
      tr.assets = s;
    }
    return tr.assets;
  }

  /** Safety margin: cash + Σ_own (bid of the ticket's dealer)·face, left to right, − Σ_obl face. */
  safetyMargin(tr: TraderState): D {
    let m = tr.cash;
    for (const tk of tr.own) m = m.plus(this.dealers[tk.bucket]!.k.bid.times(tk.face));
    return m.minus(tr.oblFace);
  }

  /** §6.3 step 8: ownership to the ledger (h = owner), then cash (traders, dealers, VBTs) by half-even mints and retirements. */
  syncOut(): void {
    for (const tk of this.tickets) {
      const p = tk.payable;
      if (effectiveCreditor(p) !== tk.owner) p.h = tk.owner;
    }
    for (const tr of this.traders) this.syncCash(tr.agent, tr.cash);
    for (const d of this.dealers) this.syncCash(d.agent, d.cash);
    for (const v of this.vbts) this.syncCash(v.agent, v.cash);
  }

  private syncCash(a: number, sub: D): void {
    const ledgerCash = this.ledger.cash[a]!;
    const delta = sub.minus(ledgerCash);
    if (delta.gt(0)) {
      this.ledger.mint(a, roundHalfEven(delta));
    } else if (delta.lt(0)) {
      const abs = delta.neg();
      const x = roundHalfEven(abs.lt(ledgerCash) ? abs : ledgerCash);
      if (x.gt(0)) this.ledger.retire(a, x);
    }
  }
}
