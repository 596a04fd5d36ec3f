import { D, canon } from '../../decimal';
import { roundHalfEvenDouble } from '../../generators';
import type { RingObserver } from '../../events';
import type { Ledger, Payable } from './ledger';
import { REASSIGNED, effectiveCreditor } from './ledger';
import type { RiskAssessor } from './risk';

/*
 * Settlement with expel-agent defaults (docs/model-bilancio2026.md §7.1): payables due today in
 * due-index order, partial payments that stand, pro-rata recovery in binary floating point,
 * write-offs, and reassignment of the defaulter's receivables to its creditors by weight.
 */

const ZERO = new D(0);

/** A settled payable waiting for its rollover: (debtor, original creditor, amount, md). */
export interface RolloverItem {
  readonly debtor: number;
  readonly creditor: number;
  readonly amount: D;
  readonly md: number;
}

/** What one day's settlement did. */
export interface SettlementOutcome {
  readonly rollovers: RolloverItem[];
  /** Agents expelled today, in order. */
  readonly expelled: number[];
}

/** Observers of the settlement's events (undefined when that kind is not wanted). */
export interface SettlementObservers {
  readonly settled?: RingObserver;
  readonly defaulted?: RingObserver;
}

/** settle(t) of §7.1: every live payable due today, in due-index order. */
export function settleDay(ledger: Ledger, t: number, risk: RiskAssessor, obs: SettlementObservers): SettlementOutcome {
  const out: SettlementOutcome = { rollovers: [], expelled: [] };
  const due = ledger.byDay.get(t) ?? [];
  for (const p of due) {
    if (!p.live || ledger.defaulted[p.debtor]) continue;
    const holder = effectiveCreditor(p);
    const debtorCash = ledger.cash[p.debtor]!;
    // A self-held claim cannot be paid (the reference refuses a transfer to oneself): paid = 0.
    const paid = holder === p.debtor ? ZERO : p.amount.lte(debtorCash) ? p.amount : debtorCash;
    if (paid.gt(0)) ledger.transfer(p.debtor, holder, paid);
    if (paid.eq(p.amount)) {
      ledger.remove(p, 'settled', t, p.amount);
      risk.record(t, ledger.ids[p.debtor]!, false);
      out.rollovers.push({ debtor: p.debtor, creditor: p.ac, amount: p.amount, md: p.md });
      obs.settled?.({
        kind: 'settled',
        day: t,
        payableId: p.id,
        debtor: ledger.ids[p.debtor]!,
        dueDay: p.due,
        amount: canon(p.amount),
        via: 'gross',
        receipts: [{ holder: ledger.ids[holder]!, tickets: p.ticketed ? 1 : 0, amount: canon(p.amount) }],
      });
      continue;
    }
    defaultOn(ledger, p, holder, paid, t, risk, obs);
    out.expelled.push(p.debtor);
  }
  return out;
}

/** §7.1 step 4: the default of payable p after a partial payment `paid` to its holder. */
function defaultOn(ledger: Ledger, p: Payable, holder: number, paid: D, t: number, risk: RiskAssessor, obs: SettlementObservers): void {
  const x = p.debtor;
  const weights = creditorWeights(ledger, x);
  ledger.remove(p, 'defaulted', t, paid);
  emitDefault(ledger, p, holder, paid, t, obs);
  ledger.defaulted[x] = true;
  const recovered = proRataRecovery(ledger, x);
  for (const q of ledger.byDebtor[x]!) {
    if (!q.live) continue;
    const got = recovered.get(q) ?? ZERO;
    ledger.remove(q, 'written_off', t, got);
    emitDefault(ledger, q, effectiveCreditor(q), got, t, obs);
  }
  risk.record(t, ledger.ids[x]!, true);
  reassignReceivables(ledger, x, weights, t);
}

function emitDefault(ledger: Ledger, p: Payable, holder: number, paid: D, t: number, obs: SettlementObservers): void {
  obs.defaulted?.({
    kind: 'defaulted',
    day: t,
    payableId: p.id,
    debtor: ledger.ids[p.debtor]!,
    dueDay: p.due,
    amount: canon(p.amount),
    paid: canon(paid),
    recoveryRate: canon(p.amount.isZero() ? ZERO : paid.div(p.amount)),
    failFast: false,
    recoveries: [{ holder: ledger.ids[holder]!, tickets: p.ticketed ? 1 : 0, amount: canon(paid), face: canon(p.amount) }],
  });
}

/**
 * Creditor weights over every live contract the debtor issued (the failing one included at its
 * full amount), summed per effective creditor in first-seen order and normalised in D(28).
 */
export function creditorWeights(ledger: Ledger, x: number): [number, D][] {
  const sums = new Map<number, D>();
  for (const q of ledger.byDebtor[x]!) {
    if (!q.live) continue;
    const c = effectiveCreditor(q);
    sums.set(c, (sums.get(c) ?? ZERO).plus(q.amount));
  }
  let total = ZERO;
  for (const v of sums.values()) total = total.plus(v);
  if (total.lte(0)) return [];
  return [...sums].map(([c, v]) => [c, v.div(total)]);
}

/**
 * Pro-rata recovery of the defaulter's remaining cash over its remaining payables in contract
 * order: share = round((amount/Σ amounts)·cash) in binary floating point (it can exceed the
 * claim). A share is paid whole or not at all (the reference's transfer refuses an overdraft and
 * a transfer to oneself, and the refusal is ignored). Returns the amount each payable recovered.
 */
export function proRataRecovery(ledger: Ledger, x: number): Map<Payable, D> {
  const got = new Map<Payable, D>();
  const liquid = ledger.cash[x]!;
  if (liquid.lte(0)) return got;
  const claims = ledger.byDebtor[x]!.filter((q) => q.live);
  let total = 0;
  for (const q of claims) total += q.amount.toNumber();
  if (total <= 0) return got;
  const liquidNum = liquid.toNumber();
  for (const q of claims) {
    const share = roundHalfEvenDouble((q.amount.toNumber() / total) * liquidNum);
    if (share <= 0) continue;
    const to = effectiveCreditor(q);
    const amount = new D(share);
    if (to === x || ledger.cash[x]!.lt(amount)) continue;
    ledger.transfer(x, to, amount);
    got.set(q, amount);
  }
  return got;
}

/**
 * Receivables of the defaulter (live payables it holds, from non-defaulted debtors other than
 * itself), in contract order: each is deleted and re-created towards every weighted creditor
 * c ≠ its debtor with amount int(a·w_c) ≥ 1, due t + md. These enter the created set of δ.
 */
function reassignReceivables(ledger: Ledger, x: number, weights: [number, D][], t: number): void {
  if (weights.length === 0) return;
  const snapshot = ledger.live.filter((r) => r.live && effectiveCreditor(r) === x);
  for (const r of snapshot) {
    const d = r.debtor;
    if (d === x || ledger.defaulted[d]) continue;
    ledger.remove(r, 'reassigned_away', t, ZERO);
    if (weights.length === 1 && weights[0]![0] === d) continue; // the ring collapsed onto d
    for (const [c, w] of weights) {
      if (c === d) continue;
      const amount = r.amount.times(w).trunc();
      if (amount.lt(1)) continue;
      ledger.create(d, c, amount, t + r.md, r.md, REASSIGNED, r);
    }
  }
}
