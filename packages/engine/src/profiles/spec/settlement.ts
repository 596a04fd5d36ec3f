import { D, canon, exactMinus, exactPlus } from '../../decimal';
import type { RingObserver } from '../../events';
import { DEFAULTED, OPEN, PAID } from './state';
import type { Cohort, SpecState } from './state';

/** Holders of a cohort with their ticket counts, ordered by each holder's lowest serial. */
function holdersOf(st: SpecState, c: Cohort): { holder: number; serials: number[] }[] {
  const out: { holder: number; serials: number[] }[] = [];
  for (const a of st.cohortHolders[c.index]!) {
    const list = st.holdings[a]!.get(c.index);
    if (list && list.length > 0) out.push({ holder: a, serials: list });
  }
  return out.sort((x, y) => x.serials[0]! - y.serials[0]!);
}

function finishCohort(st: SpecState, c: Cohort, holders: { holder: number }[]): void {
  for (const h of holders) st.holdings[h.holder]!.delete(c.index);
  st.cohortHolders[c.index]!.clear();
}

/**
 * Settlement of day t for the `spec` profile (docs/model.md §8.1): optional multilateral netting
 * (Step A), the gross full-payment fixed point (Step B), then simultaneous proportional
 * recovery for final cohorts (Step C). Returns the cohorts finalised today.
 */
export function settleDay(st: SpecState, t: number, obs: RingObserver | undefined): Cohort[] {
  const g = st.cfg.graceDays;
  const L = st.overdraftLimit;
  const finalised: Cohort[] = [];
  const due = st.cohorts.filter((c) => c.status === OPEN && c.dueDay <= t).sort((a, b) => a.debtor - b.debtor);
  if (due.length === 0) return finalised;

  const pay = (c: Cohort, via: 'gross' | 'netting', moveCash: boolean): void => {
    const holders = holdersOf(st, c);
    if (moveCash) st.cash[c.debtor] = st.cash[c.debtor]!.minus(c.amount);
    const receipts: { holder: string; tickets: number; amount: string }[] = [];
    for (const h of holders) {
      const amount = st.SD.times(h.serials.length);
      if (moveCash) st.cash[h.holder] = st.cash[h.holder]!.plus(amount);
      if (obs) receipts.push({ holder: st.ids[h.holder]!, tickets: h.serials.length, amount: canon(amount) });
    }
    finishCohort(st, c, holders);
    c.status = PAID;
    c.settledDay = t;
    c.paid = c.amount;
    finalised.push(c);
    obs?.({
      kind: 'settled',
      day: t,
      payableId: c.id,
      debtor: st.ids[c.debtor]!,
      dueDay: c.dueDay,
      amount: canon(c.amount),
      via,
      receipts,
    });
  };

  let remaining = due;
  if (st.cfg.clearing === 'gross+multilateral') {
    let E = [...due];
    while (E.length > 0) {
      const net = new Map<number, D>();
      const add = (a: number, x: D): void => {
        net.set(a, (net.get(a) ?? new D(0)).plus(x));
      };
      for (const c of E) {
        add(c.debtor, c.amount.neg());
        for (const h of holdersOf(st, c)) add(h.holder, st.SD.times(h.serials.length));
      }
      let worst: Cohort | null = null;
      let worstGap = new D(0);
      for (const c of E) {
        const n = net.get(c.debtor)!;
        if (n.lt(0) && st.cash[c.debtor]!.plus(n).lt(L.neg())) {
          const gap = n.neg().minus(st.cash[c.debtor]!).minus(L);
          if (!worst || gap.gt(worstGap) || (gap.eq(worstGap) && c.debtor < worst.debtor)) {
            worst = c;
            worstGap = gap;
          }
        }
      }
      if (!worst) {
        for (const [a, n] of [...net.entries()].sort((x, y) => x[0] - y[0])) st.cash[a] = st.cash[a]!.plus(n);
        for (const c of E) pay(c, 'netting', false);
        break;
      }
      E = E.filter((c) => c !== worst);
    }
    remaining = due.filter((c) => c.status === OPEN);
  }

  // Step B: passes in agent order of the issuers until a pass pays nothing.
  let paidSomething = true;
  while (paidSomething) {
    paidSomething = false;
    for (const c of remaining) {
      if (c.status !== OPEN) continue;
      if (st.cash[c.debtor]!.minus(c.amount).gte(L.neg())) {
        pay(c, 'gross', true);
        paidSomething = true;
      }
    }
  }

  // Step C: simultaneous proportional recovery on final cohorts still unpaid.
  const defaulting = remaining.filter((c) => c.status === OPEN && t >= c.dueDay + g);
  const credits: { holder: number; amount: D }[] = [];
  const records: { c: Cohort; paid: D; R: D; rec: { holder: string; tickets: number; amount: string }[] }[] = [];
  for (const c of defaulting) {
    const C = st.cash[c.debtor]!.gt(0) ? st.cash[c.debtor]! : new D(0);
    const R = C.div(c.amount).gt(1) ? new D(1) : C.div(c.amount);
    const holders = holdersOf(st, c);
    const rec: { holder: string; tickets: number; amount: string }[] = [];
    // Σ of the allocations = paid exactly (docs/model.md RES-22): the last holder receives the exact remainder.
    // A D(28) subtraction would round it whenever paid and the earlier allocations differ in
    // magnitude (e.g. 20.83…33 − 9.96…375), and the holders would receive more or less than paid.
    let sum = new D(0);
    holders.forEach((h, k) => {
      const amount = k === holders.length - 1 ? exactMinus(C, sum) : new D(h.serials.length * st.S).times(R);
      sum = exactPlus(sum, amount);
      credits.push({ holder: h.holder, amount });
      rec.push({ holder: st.ids[h.holder]!, tickets: h.serials.length, amount: canon(amount) });
    });
    records.push({ c, paid: C, R, rec });
    finishCohort(st, c, holders);
  }
  for (const r of records) st.cash[r.c.debtor] = st.cash[r.c.debtor]!.minus(r.paid);
  for (const cr of credits) st.cash[cr.holder] = st.cash[cr.holder]!.plus(cr.amount);
  for (const r of records) {
    r.c.status = DEFAULTED;
    r.c.defaultDay = t;
    r.c.paid = r.paid;
    finalised.push(r.c);
    obs?.({
      kind: 'defaulted',
      day: t,
      payableId: r.c.id,
      debtor: st.ids[r.c.debtor]!,
      dueDay: r.c.dueDay,
      amount: canon(r.c.amount),
      paid: canon(r.paid),
      recoveryRate: canon(r.R),
      failFast: false,
      recoveries: r.rec,
    });
  }
  return finalised;
}
