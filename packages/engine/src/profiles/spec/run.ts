import { D, canon } from '../../decimal';
import type { SpecRunConfig } from '../../config';
import { pairId, runId } from '../../config';
import type { AgentInfo, BucketSnapshot, EndReason, HoldingInfo, RingEventKind, RingObserver } from '../../events';
import { updateAnchors, vbtQuotes } from '../../kernel';
import { dealerPnlFields, outcomeFields, outcomeMetrics } from '../../outcome';
import type { PayableOutcome, RunResult } from '../../outcome';
import { dealerView } from '../../kernel';
import { OrderFlow } from './orderflow';
import type { FlowDraws } from './orderflow';
import { settleDay } from './settlement';
import { DEFAULTED, OPEN, PAID, SpecState } from './state';

/** Rebucketing at the start of day t (docs/model.md §4.4), cohort by cohort = serial order. */
function rebucket(st: SpecState, t: number, obs: RingObserver | undefined): void {
  for (const c of st.cohorts) {
    if (c.status !== OPEN || c.dueDay - t < 1) continue;
    const nb = st.assign(c.dueDay - t);
    const ob = st.label[c.firstSerial]!;
    if (nb === ob) continue;
    const oldB = st.buckets[ob]!;
    const newB = st.buckets[nb]!;
    const price = st.SD.times(newB.M);
    // Desk-held tickets move desk to desk at the receiving mid, S·M_new each (RES-26).
    const transfers: [number, number, number[]][] = [];
    for (const [from, to] of [
      [oldB.dealer, newB.dealer],
      [oldB.vbt, newB.vbt],
    ] as const) {
      const held = st.holdings[from]!.get(c.index);
      if (held && held.length > 0) transfers.push([from, to, [...held]]);
    }
    const moved = new Map<number, number>();
    for (const [from, to, serials] of transfers) {
      st.addCash(from, price, serials.length);
      st.addCash(to, price.neg(), serials.length);
      st.moveSerials(serials, to);
      if (obs) for (const x of serials) moved.set(x, from);
    }
    for (let s = c.firstSerial; s < c.firstSerial + c.nTickets; s++) st.label[s] = nb;
    if (obs) {
      for (let s = c.firstSerial; s < c.firstSerial + c.nTickets; s++) {
        const from = moved.get(s);
        const owner = from ?? st.owner[s]!;
        obs({
          kind: 'rebucket',
          day: t,
          ticketId: `TKT_${s}`,
          from: oldB.name,
          to: newB.name,
          owner: st.ids[owner]!,
          newOwner: st.ids[st.owner[s]!]!,
          price: from !== undefined ? canon(newB.M) : null,
        });
      }
    }
  }
  st.flushCash();
}

function snapshot(st: SpecState, t: number, obs: RingObserver): void {
  const faces = st.buckets.map(() => ({ dealer: 0, vbt: 0, trader: 0, vbtInv: 0 }));
  let dueToday = 0;
  for (const c of st.cohorts) {
    if (c.status !== OPEN) continue;
    const tau = c.dueDay - t;
    for (const a of st.cohortHolders[c.index]!) {
      const list = st.holdings[a]!.get(c.index);
      if (!list) continue;
      const f = list.length * st.S;
      if (tau <= 0) {
        dueToday += f;
        continue;
      }
      const b = st.assign(tau);
      const bk = st.buckets[b]!;
      if (a === bk.dealer) faces[b]!.dealer += f;
      else if (a === bk.vbt) {
        faces[b]!.vbt += f;
        faces[b]!.vbtInv += list.length;
      } else if (st.isTrader(a)) faces[b]!.trader += f;
      else faces[b]!.dealer += 0; // a desk of another bucket cannot hold a tradable ticket of bucket b
    }
  }
  let total = new D(0);
  let traders = new D(0);
  for (let a = 0; a < st.cash.length; a++) {
    total = total.plus(st.cash[a]!);
    if (st.isTrader(a)) traders = traders.plus(st.cash[a]!);
  }
  const buckets: BucketSnapshot[] = st.buckets.map((bk, b) => ({
    bucket: bk.name,
    dealer: dealerView(bk.kernel),
    vbtMid: canon(bk.M),
    vbtSpread: canon(bk.O),
    vbtAsk: canon(bk.A),
    vbtBid: canon(bk.B),
    vbtInventory: faces[b]!.vbtInv,
    vbtCash: canon(st.cash[bk.vbt]!),
    dealerFace: String(faces[b]!.dealer),
    vbtFace: String(faces[b]!.vbt),
    traderFace: String(faces[b]!.trader),
  }));
  obs({ kind: 'snapshot', day: t, buckets, faceDueToday: String(dueToday), totalCash: canon(total), traderCash: canon(traders) });
}

/** Run one arm of the `spec` profile (docs/model.md §9.1). */
export function runSpec(cfg: SpecRunConfig, observer?: RingObserver, draws?: FlowDraws, wanted?: ReadonlySet<RingEventKind>): RunResult {
  const obs = observer;
  // The observer of one kind of event, or undefined when that kind is not wanted (then it is never built).
  const to = (kind: RingEventKind): RingObserver | undefined => (obs && (!wanted || wanted.has(kind)) ? obs : undefined);
  const obsRebucket = to('rebucket');
  const obsSnapshot = to('snapshot');
  const obsDayEnd = to('day_end');
  const st = new SpecState(cfg);
  const active = cfg.regime === 'active';
  const rid = runId(cfg);
  const pid = pairId(cfg);
  const g = cfg.graceDays;

  const obsSetup = to('setup');
  if (obsSetup) {
    const agents: AgentInfo[] = st.ids.map((id, a) => ({
      id,
      type: st.isTrader(a) ? 'trader' : (a - st.nTraders) % 2 === 0 ? 'dealer' : 'vbt',
    }));
    const holdings: HoldingInfo[] = [];
    for (const c of st.cohorts) {
      for (const a of [...st.cohortHolders[c.index]!].sort((x, y) => x - y)) {
        const list = st.holdings[a]!.get(c.index);
        if (list && list.length > 0) {
          holdings.push({
            holder: st.ids[a]!,
            payableId: c.id,
            issuer: st.ids[c.debtor]!,
            dueDay: c.dueDay,
            tickets: list.length,
            face: String(list.length * st.S),
          });
        }
      }
    }
    const cash: Record<string, string> = {};
    st.ids.forEach((id, a) => {
      cash[id] = st.cashString(a);
    });
    obsSetup({
      kind: 'setup',
      day: 0,
      runId: rid,
      pairId: pid,
      profile: 'spec',
      regime: cfg.regime,
      outsideMidRatio: cfg.outsideMidRatio,
      ticketSize: st.S,
      agents,
      buckets: st.buckets.map((b) => b.name),
      payables: st.cohorts.map((c) => ({
        id: c.id,
        debtor: st.ids[c.debtor]!,
        creditor: st.ids[c.creditor]!,
        amount: canon(c.amount),
        dueDay: c.dueDay,
      })),
      holdings,
      cash,
    });
  }

  const lastDue = st.cohorts.reduce((m, c) => Math.max(m, c.dueDay), 0);
  let tEnd = st.cohorts.length === 0 ? 0 : lastDue + g;
  let endReason: EndReason = 'horizon';
  if (cfg.maxDays !== null && cfg.maxDays - 1 < tEnd) {
    tEnd = cfg.maxDays - 1;
    endReason = 'max_days';
  }

  const e0 = st.buckets.map((_, b) => st.dealerEquity(b, 0));
  const flow = new OrderFlow(st, to('trade'), draws);
  for (let t = 0; t <= tEnd; t++) {
    obs?.({ kind: 'day_start', day: t });
    rebucket(st, t, obsRebucket);
    for (let b = 0; b < st.buckets.length; b++) st.recomputeDealer(b, t);
    if (active) flow.runDay(t);
    if (obsSnapshot) snapshot(st, t, obsSnapshot);
    const finalised = settleDay(st, t, obs);
    if (cfg.anchorUpdate && finalised.length > 0) {
      const b = st.assign(1);
      let face = new D(0);
      let paid = new D(0);
      for (const c of finalised) {
        face = face.plus(c.amount);
        paid = paid.plus(c.paid);
      }
      const loss = face.minus(paid).div(face);
      if (loss.gt(0)) {
        const bk = st.buckets[b]!;
        const next = updateAnchors(bk.M, bk.O, loss, bk.phiM, bk.phiO, st.oMin);
        bk.M = next.M;
        bk.O = next.O;
        const q = vbtQuotes(bk.M, bk.O, st.clip);
        bk.A = q.A;
        bk.B = q.B;
        obs?.({ kind: 'anchor_update', day: t, bucket: bk.name, loss: canon(loss), M: canon(bk.M), O: canon(bk.O) });
      }
    }
    for (let b = 0; b < st.buckets.length; b++) st.recomputeDealer(b, t);
    if (obsDayEnd) {
      const cash: Record<string, string> = {};
      for (let a = 0; a < st.nTraders; a++) cash[st.ids[a]!] = st.cashString(a);
      obsDayEnd({ kind: 'day_end', day: t, traderCash: cash });
    }
  }
  obs?.({ kind: 'run_end', finalDay: tEnd, endReason });

  const m = outcomeMetrics(st.cohorts.map((c) => ({ amount: c.amount, dueDay: c.dueDay, settledInTime: c.status === PAID })));
  const defaulted = new Set<string>();
  const payables: PayableOutcome[] = st.cohorts.map((c) => {
    if (c.status === DEFAULTED) defaulted.add(st.ids[c.debtor]!);
    return {
      id: c.id,
      debtor: st.ids[c.debtor]!,
      creditor: st.ids[c.creditor]!,
      amount: canon(c.amount),
      dueDay: c.dueDay,
      status: c.status === PAID ? 'settled' : c.status === DEFAULTED ? 'defaulted' : 'open',
      settledDay: c.settledDay,
      defaultDay: c.defaultDay,
      amountPaid: canon(c.status === OPEN ? new D(0) : c.paid),
      settledInTime: c.status === PAID,
      createdDay: 0,
    };
  });
  const eT = st.buckets.map((bk, b) => st.cash[bk.dealer]!.plus(bk.M.times(st.S * st.dealerInventory(b, tEnd))));
  return {
    runId: rid,
    pairId: pid,
    config: cfg,
    ...outcomeFields(m),
    nDefaults: defaulted.size,
    defaultedDebtors: [...defaulted],
    trades: { total: flow.sells + flow.buys, sells: flow.sells, buys: flow.buys, interior: flow.interior, passthrough: flow.passthrough },
    finalDay: tEnd,
    endReason,
    ...dealerPnlFields(e0, eT),
    payables,
  };
}
