import { D, canon, roundHalfEven } from '../../decimal';
import type { Paper2025RunConfig } from '../../config';
import { pairId, runId } from '../../config';
import { dirichletAmounts, dueDays } from '../../generators';
import { computeKernel, vbtQuotes } from '../../kernel';
import type { KernelState } from '../../kernel';
import { PyRandom } from '../../rng';
import type {
  AgentInfo,
  BucketSnapshot,
  DealerView,
  EndReason,
  HoldingInfo,
  HolderType,
  PassthroughReason,
  RingObserver,
} from '../../events';
import { outcomeMetrics } from '../../outcome';
import type { PayableOutcome, RunResult } from '../../outcome';

/*
 * The `paper2025` profile: the as-run code behind the published sweep (docs/model.md §3.4, §4.3, §7.2,
 * §8.2, §9.2). Every quirk here is deliberate; see docs/model.md §13 before "fixing" anything.
 */

const MAX_DAYS = 30;
const QUIET_DAYS = 2;
const HORIZON = 10;
const BUYER_THRESHOLD = new D(500);
const MAX_SELLERS = 10;
const TRADING_SEED = 42;
const BUCKETS = ['short', 'mid', 'long'] as const;
type Bucket = 0 | 1 | 2;
const ANCHORS: readonly { M: D; O: D }[] = [
  { M: new D(1), O: new D('0.20') },
  { M: new D(1), O: new D('0.30') },
  { M: new D(1), O: new D('0.40') },
];
const QUOTES = ANCHORS.map(({ M, O }) => vbtQuotes(M, O, true));
const M_MIN = new D('0.02');

function assign(tau: number): Bucket {
  if (tau >= 1 && tau <= 3) return 0;
  if (tau >= 4 && tau <= 8) return 1;
  return 2; // long [9, 999], and the fallback for anything unmatched
}

/** `toLedgerInt` of docs/model.md §3.4: the float round trip, truncated toward zero. */
export function toLedgerInt(x: D): D {
  if (x.isInteger()) return x;
  return new D(Math.trunc(x.toNumber()));
}

/** `toLedgerValue` of docs/model.md §3.4: the float round trip, not truncated. */
export function toLedgerValue(x: D): D {
  if (x.isInteger()) return x;
  return new D(String(x.toNumber()));
}

interface Payable {
  readonly k: number;
  readonly id: string;
  readonly debtor: number;
  readonly creditor: number;
  holder: number;
  readonly amount: D;
  readonly dueDay: number;
  settledDay: number | null;
  removed: boolean;
}

interface Ticket {
  readonly serial: number;
  readonly id: string;
  readonly payable: Payable;
  readonly face: D;
  owner: number;
  bucket: Bucket;
  alive: boolean;
}

/** Cash held as an ordered list of pieces (docs/model.md §8.2). */
class Ledger {
  readonly pieces: D[][];
  danglingPiece = false;
  constructor(nAgents: number) {
    this.pieces = Array.from({ length: nAgents }, () => []);
  }
  mint(a: number, x: D): void {
    this.pieces[a]!.push(x);
  }
  total(a: number): D {
    let s = new D(0);
    for (const p of this.pieces[a]!) s = s.plus(p);
    return s;
  }
  /** Settlement payment: walk the payer's pieces, then coalesce the payee into one piece. */
  transfer(from: number, to: number, x: D): void {
    const src = this.pieces[from]!;
    const dst = this.pieces[to]!;
    let r = x;
    while (r.gt(0) && src.length > 0) {
      const piece = src[0]!;
      if (piece.gt(r)) {
        src[0] = piece.minus(r);
        dst.push(r);
        r = new D(0);
      } else {
        src.shift();
        dst.push(piece);
        r = r.minus(piece);
      }
    }
    let merged = new D(0);
    for (const p of dst) merged = merged.plus(p);
    dst.length = 0;
    dst.push(merged);
  }
  /** Trading-phase burn: whole pieces are deleted (setting the dangling flag); the rest is forgiven. */
  burn(a: number, y: D): void {
    const list = this.pieces[a]!;
    let r = y;
    while (r.gt(0) && list.length > 0) {
      const piece = list[0]!;
      if (piece.lte(r)) {
        r = r.minus(piece);
        list.shift();
        this.danglingPiece = true;
      } else {
        list[0] = piece.minus(roundHalfEven(r));
        r = new D(0);
      }
    }
  }
}

/** Run one arm of the `paper2025` profile. */
export function runPaper2025(cfg: Paper2025RunConfig, observer?: RingObserver): RunResult {
  const obs = observer;
  const active = cfg.regime === 'active';
  const N = cfg.nAgents;
  const Q = new D(cfg.qTotal);
  const kappa = new D(cfg.kappa);
  const beta = new D(cfg.bigEntityShare);
  const rho = new D(cfg.outsideMidRatio);
  const S = Number(cfg.ticketSize);

  // Agents: CB, H1..HN, big_short, big_mid, big_long, then (active) dealers and VBTs.
  const ids: string[] = ['CB'];
  for (let i = 1; i <= N; i++) ids.push(`H${i}`);
  const BIG0 = N + 1;
  ids.push('big_short', 'big_mid', 'big_long');
  const DEALER0 = ids.length;
  if (active) ids.push('dealer_short', 'dealer_mid', 'dealer_long');
  const VBT0 = active ? ids.length : -1;
  if (active) ids.push('vbt_short', 'vbt_mid', 'vbt_long');
  const traders: number[] = [];
  for (let a = 1; a <= N + 3; a++) traders.push(a);
  const typeOf = (a: number): HolderType => (a <= N ? 'trader' : a < BIG0 + 3 ? 'big_entity' : a < DEALER0 + 3 ? 'dealer' : 'vbt');

  const ledger = new Ledger(ids.length);
  const q = dirichletAmounts(new PyRandom(cfg.seed), N, new D(cfg.concentration), Q, new D(cfg.monotonicity));
  const due = dueDays(N, cfg.maturityDays, new D(cfg.mu), false);

  const traderCash = toLedgerInt(Q.div(kappa).times(new D(1).plus(beta)).div(N));
  if (traderCash.gt(0)) for (let i = 1; i <= N; i++) ledger.mint(i, traderCash);
  const payables: Payable[] = [];
  const addPayable = (debtor: number, creditor: number, amount: D, dueDay: number): void => {
    const k = payables.length + 1;
    payables.push({ k, id: `PAY_${k}`, debtor, creditor, holder: creditor, amount, dueDay, settledDay: null, removed: false });
  };
  const scale = new D(1).plus(beta);
  for (let i = 1; i <= N; i++) addPayable(i, i === N ? 1 : i + 1, toLedgerInt(q[i - 1]!.times(scale)), due[i - 1]!);
  const bigPayable = toLedgerInt(Q.times(beta).div(N));
  for (let i = 1; i <= N; i++) addPayable(i, BIG0 + ((i - 1) % 3), bigPayable, due[i - 1]!);
  const bigCash = toLedgerValue(Q.times(beta).div(3).times(rho));
  for (let b = 0; b < 3; b++) ledger.mint(BIG0 + b, bigCash);

  // Trading subsystem (active arm only).
  const tickets: Ticket[] = [];
  const own: number[][] = ids.map(() => []);
  const obl: number[][] = ids.map(() => []);
  const vbtInv: number[][] = [[], [], []];
  if (active) {
    for (const p of payables) {
      const serial = tickets.length;
      tickets.push({ serial, id: `TKT_${p.id}`, payable: p, face: p.amount, owner: p.holder, bucket: assign(p.dueDay), alive: true });
      own[p.holder]!.push(serial);
      obl[p.debtor]!.push(serial);
    }
  }
  const emptyDealer: KernelState[] = ANCHORS.map(({ M, O }, b) =>
    computeKernel({ a: 0, C: new D(0), M, O, A: QUOTES[b]!.A, B: QUOTES[b]!.B, S, mMin: M_MIN, clampK: false }),
  );

  const rid = runId(cfg);
  const pid = pairId(cfg);
  if (obs) {
    const agents: AgentInfo[] = ids.slice(1).map((id, i) => ({ id, type: typeOf(i + 1) }));
    const holdings: HoldingInfo[] = payables.map((p) => ({
      holder: ids[p.holder]!,
      payableId: p.id,
      issuer: ids[p.debtor]!,
      dueDay: p.dueDay,
      tickets: active ? 1 : 0,
      face: canon(p.amount),
    }));
    const cash: Record<string, string> = {};
    for (let a = 1; a < ids.length; a++) cash[ids[a]!] = canon(ledger.total(a));
    obs({
      kind: 'setup',
      day: 0,
      runId: rid,
      pairId: pid,
      profile: 'paper2025',
      regime: cfg.regime,
      outsideMidRatio: cfg.outsideMidRatio,
      ticketSize: S,
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

  const tradingRng = active ? new PyRandom(TRADING_SEED) : null;
  const tcash: D[] = ids.map(() => new D(0));
  let seq = 0;
  let sells = 0;
  let buys = 0;

  const removeFrom = (list: number[], serial: number): void => {
    const i = list.indexOf(serial);
    if (i >= 0) list.splice(i, 1);
  };
  const deleteTicket = (t: Ticket): void => {
    for (const inv of vbtInv) removeFrom(inv, t.serial);
    for (const list of own) removeFrom(list, t.serial);
    for (const list of obl) removeFrom(list, t.serial);
    t.alive = false;
  };
  const dueOf = (a: number, day: number): D => {
    let s = new D(0);
    for (const serial of obl[a]!) {
      const t = tickets[serial]!;
      if (t.payable.dueDay === day) s = s.plus(t.face);
    }
    return s;
  };
  /** max over o = 0 … 10 of due(a, t+o), and of the shortfall against `cash`. */
  const horizonDue = (a: number, t: number): D[] => {
    const out: D[] = [];
    for (let o = 0; o <= HORIZON; o++) out.push(dueOf(a, t + o));
    return out;
  };
  const hasShortfall = (dues: D[], cash: D): boolean => dues.some((d) => d.minus(cash).gt(0));

  // Instrumentation helpers (only used with an observer).
  const dealerView = (b: Bucket): DealerView => {
    const k = emptyDealer[b]!;
    return {
      inventory: k.a,
      cash: canon(k.C),
      bid: canon(k.bid),
      ask: canon(k.ask),
      midline: canon(k.midline),
      kStar: k.kStar,
      xStar: k.xStar,
    };
  };
  const safetyMargin = (a: number, cash: D): D => {
    let m = cash;
    for (const serial of own[a]!) {
      const t = tickets[serial]!;
      m = m.plus(t.face.times(emptyDealer[t.bucket]!.bid));
    }
    for (const p of payables) if (!p.removed && p.debtor === a) m = m.minus(p.amount);
    return m;
  };
  const sellRoute = (b: Bucket): PassthroughReason | null => {
    const k = emptyDealer[b]!;
    if (k.guard) return 'guard';
    if (k.x + S > k.xStar) return 'capacity';
    if (k.C.lt(k.bid)) return 'cash';
    return null;
  };
  const buyRoute = (b: Bucket): PassthroughReason | null => {
    const k = emptyDealer[b]!;
    if (k.guard) return 'guard';
    if (!(k.x >= S && k.xStar > 0)) return 'no_inventory';
    return null;
  };

  const tradeEvent = (
    t: number,
    side: 'SELL' | 'BUY',
    a: number,
    tk: Ticket,
    b: Bucket,
    unit: D,
    price: D,
    cashBefore: D,
    marginBefore: D,
    liquidity: boolean,
    reason: PassthroughReason | null,
  ): void => {
    if (!obs) return;
    const dv = dealerView(b);
    obs({
      kind: 'trade',
      day: t,
      seq: seq,
      arrivalIndex: null,
      bucket: BUCKETS[b],
      side,
      traderId: ids[a]!,
      ticketId: tk.id,
      payableId: tk.payable.id,
      issuerId: ids[tk.payable.debtor]!,
      maturityDay: tk.payable.dueDay,
      face: canon(tk.face),
      price: canon(price),
      unitPrice: canon(unit),
      isPassthrough: reason !== null,
      passthroughReason: reason,
      counterparty: `vbt_${BUCKETS[b]}`,
      dealerBefore: dv,
      dealerAfter: dv,
      vbtMidBefore: canon(ANCHORS[b]!.M),
      vbtAskBefore: canon(QUOTES[b]!.A),
      vbtBidBefore: canon(QUOTES[b]!.B),
      traderCashBefore: canon(cashBefore),
      traderCashAfter: canon(tcash[a]!),
      traderSafetyMarginBefore: canon(marginBefore),
      traderSafetyMarginAfter: canon(safetyMargin(a, tcash[a]!)),
      isLiquidityDriven: liquidity,
    });
  };

  const tradingPhase = (t: number): void => {
    for (const a of traders) tcash[a] = ledger.total(a);
    for (const tk of tickets) if (tk.alive && tk.payable.removed) deleteTicket(tk);
    for (const tk of tickets) {
      if (!tk.alive) continue;
      const tau = Math.max(0, tk.payable.dueDay - t);
      if (tau === 0) {
        deleteTicket(tk);
        continue;
      }
      const nb = assign(tau);
      if (nb !== tk.bucket) {
        const old = tk.bucket;
        const inOld = vbtInv[old]!.includes(tk.serial);
        if (inOld) removeFrom(vbtInv[old]!, tk.serial);
        tk.bucket = nb;
        if (tk.owner === VBT0 + old) {
          tk.owner = VBT0 + nb;
          vbtInv[nb]!.push(tk.serial);
        }
      }
    }
    const sellers: number[] = [];
    const buyers: number[] = [];
    for (const a of traders) {
      const dues = horizonDue(a, t);
      if (own[a]!.length > 0 && hasShortfall(dues, tcash[a]!)) sellers.push(a);
      let maxDue = dues[0]!;
      for (const d of dues) if (d.gt(maxDue)) maxDue = d;
      if (tcash[a]!.minus(maxDue).gt(BUYER_THRESHOLD)) buyers.push(a);
    }
    tradingRng!.shuffle(sellers);
    for (const a of sellers.slice(0, MAX_SELLERS)) {
      const serial = own[a]![0]!;
      const tk = tickets[serial]!;
      const b = tk.bucket;
      const reason = sellRoute(b);
      const unit = QUOTES[b]!.B;
      const price = unit.times(tk.face);
      const cashBefore = tcash[a]!;
      const marginBefore = obs ? safetyMargin(a, cashBefore) : cashBefore;
      const liquidity = obs ? hasShortfall(horizonDue(a, t), cashBefore) : false;
      vbtInv[b]!.push(serial);
      tk.owner = VBT0 + b;
      own[a]!.shift();
      tcash[a] = cashBefore.plus(price);
      sells++;
      tradeEvent(t, 'SELL', a, tk, b, unit, price, cashBefore, marginBefore, liquidity, reason);
      seq++;
    }
    tradingRng!.shuffle(buyers);
    const buyer = buyers[0];
    if (buyer !== undefined) {
      for (const b of [0, 1, 2] as Bucket[]) {
        const inv = vbtInv[b]!;
        if (inv.length === 0) continue;
        let best = inv[0]!;
        for (const s of inv) {
          const x = tickets[s]!;
          const y = tickets[best]!;
          if (x.payable.dueDay < y.payable.dueDay || (x.payable.dueDay === y.payable.dueDay && s < best)) best = s;
        }
        const tk = tickets[best]!;
        const reason = buyRoute(b);
        removeFrom(inv, best);
        const cashBefore = tcash[buyer]!;
        const marginBefore = obs ? safetyMargin(buyer, cashBefore) : cashBefore;
        tk.owner = buyer;
        own[buyer]!.push(best);
        const unit = QUOTES[b]!.A;
        const price = unit.times(tk.face);
        tcash[buyer] = cashBefore.minus(price);
        buys++;
        tradeEvent(t, 'BUY', buyer, tk, b, unit, price, cashBefore, marginBefore, false, reason);
        seq++;
        break;
      }
    }
    for (const tk of tickets) if (tk.alive && tk.payable.holder !== tk.owner) tk.payable.holder = tk.owner;
    for (const a of traders) {
      const delta = tcash[a]!.minus(ledger.total(a));
      if (delta.gt(0)) ledger.mint(a, roundHalfEven(delta));
      else if (delta.lt(0)) ledger.burn(a, delta.neg());
    }
  };

  const snapshot = (t: number): void => {
    if (!obs) return;
    const face = [new D(0), new D(0), new D(0)].map(() => ({ dealer: new D(0), vbt: new D(0), trader: new D(0) }));
    let dueToday = new D(0);
    for (const p of payables) {
      if (p.removed) continue;
      const tau = p.dueDay - t;
      if (tau <= 0) {
        dueToday = dueToday.plus(p.amount);
        continue;
      }
      const f = face[assign(tau)]!;
      const ty = typeOf(p.holder);
      if (ty === 'vbt') f.vbt = f.vbt.plus(p.amount);
      else if (ty === 'dealer') f.dealer = f.dealer.plus(p.amount);
      else f.trader = f.trader.plus(p.amount);
    }
    let total = new D(0);
    let tr = new D(0);
    for (let a = 1; a < ids.length; a++) {
      const c = ledger.total(a);
      total = total.plus(c);
      if (a < DEALER0) tr = tr.plus(c);
    }
    const buckets: BucketSnapshot[] = BUCKETS.map((name, b) => ({
      bucket: name,
      dealer: dealerView(b as Bucket),
      vbtMid: canon(ANCHORS[b]!.M),
      vbtSpread: canon(ANCHORS[b]!.O),
      vbtAsk: canon(QUOTES[b]!.A),
      vbtBid: canon(QUOTES[b]!.B),
      vbtInventory: vbtInv[b]!.length,
      vbtCash: null,
      dealerFace: canon(face[b]!.dealer),
      vbtFace: canon(face[b]!.vbt),
      traderFace: canon(face[b]!.trader),
    }));
    obs({ kind: 'snapshot', day: t, buckets, faceDueToday: canon(dueToday), totalCash: canon(total), traderCash: canon(tr) });
  };

  let quiet = 0;
  let finalDay = 0;
  let endReason: EndReason = 'max_days';
  for (let t = 0; t < MAX_DAYS; t++) {
    finalDay = t;
    obs?.({ kind: 'day_start', day: t });
    if (active) tradingPhase(t);
    snapshot(t);
    let defaulted = false;
    let settledToday = 0;
    for (const p of payables) {
      if (p.removed || p.dueDay !== t) continue;
      if (p.amount.isZero()) {
        p.removed = true;
        p.settledDay = t;
        settledToday++;
        obs?.({
          kind: 'settled',
          day: t,
          payableId: p.id,
          debtor: ids[p.debtor]!,
          dueDay: p.dueDay,
          amount: '0',
          via: 'gross',
          receipts: [{ holder: ids[p.holder]!, tickets: active ? 1 : 0, amount: '0' }],
        });
        continue;
      }
      if (p.holder === p.debtor || ledger.total(p.debtor).lt(p.amount)) {
        defaulted = true;
        obs?.({
          kind: 'defaulted',
          day: t,
          payableId: p.id,
          debtor: ids[p.debtor]!,
          dueDay: p.dueDay,
          amount: canon(p.amount),
          paid: '0',
          recoveryRate: '0',
          failFast: true,
          recoveries: [],
        });
        break;
      }
      ledger.transfer(p.debtor, p.holder, p.amount);
      p.removed = true;
      p.settledDay = t;
      settledToday++;
      obs?.({
        kind: 'settled',
        day: t,
        payableId: p.id,
        debtor: ids[p.debtor]!,
        dueDay: p.dueDay,
        amount: canon(p.amount),
        via: 'gross',
        receipts: [{ holder: ids[p.holder]!, tickets: active ? 1 : 0, amount: canon(p.amount) }],
      });
    }
    if (obs) {
      const cash: Record<string, string> = {};
      for (const a of traders) cash[ids[a]!] = canon(ledger.total(a));
      obs({ kind: 'day_end', day: t, traderCash: cash });
    }
    if (defaulted) {
      endReason = 'default';
      break;
    }
    if (cfg.emulateDisplayAbort && ledger.danglingPiece && t >= 1) {
      endReason = 'display_abort';
      break;
    }
    quiet = settledToday === 0 ? quiet + 1 : 0;
    if (quiet >= QUIET_DAYS && payables.every((p) => p.removed)) {
      endReason = 'stable';
      break;
    }
  }
  obs?.({ kind: 'run_end', finalDay, endReason });

  const m = outcomeMetrics(payables.map((p) => ({ amount: p.amount, dueDay: p.dueDay, settledInTime: p.settledDay === p.dueDay })));
  const defaultedDebtors = new Set<string>();
  const outcomes: PayableOutcome[] = payables.map((p) => {
    const settled = p.settledDay !== null;
    const dflt = !settled && p.dueDay <= finalDay;
    if (dflt) defaultedDebtors.add(ids[p.debtor]!);
    return {
      id: p.id,
      debtor: ids[p.debtor]!,
      creditor: ids[p.creditor]!,
      amount: canon(p.amount),
      dueDay: p.dueDay,
      status: settled ? 'settled' : dflt ? 'defaulted' : 'open',
      settledDay: p.settledDay,
      defaultDay: dflt ? finalDay : null,
      amountPaid: settled ? canon(p.amount) : '0',
    };
  });
  return {
    runId: rid,
    pairId: pid,
    config: cfg,
    delta: m.delta ? canon(m.delta) : null,
    phi: m.phi ? canon(m.phi) : null,
    deltaExact: m.exact ? { num: m.exact.num.toString(), den: m.exact.den.toString() } : null,
    dayTotals: m.dayTotals,
    nDefaults: defaultedDebtors.size,
    defaultedDebtors: [...defaultedDebtors],
    trades: { total: sells + buys, sells, buys, interior: 0, passthrough: sells + buys },
    finalDay,
    endReason,
    dealerTotalPnl: '0',
    dealerTotalReturn: '0',
    payables: outcomes,
  };
}
