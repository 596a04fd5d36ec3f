import { canon } from '../../decimal';
import type { RingObserver } from '../../events';
import type { Payable, World } from './world';

/** What settlement did on one day. */
export interface SettleOutcome {
  /** A payable failed: the run ends after this day (fail-fast). */
  readonly defaulted: boolean;
  /** Payables settled today (zero-amount ones included). */
  readonly settled: number;
}

/**
 * settle(t), fail-fast (docs/model.md §8.2): the payables due today in creation order. A zero amount
 * settles trivially; a self-held claim or a debtor short of cash defaults, and nothing later in the
 * day is attempted; otherwise the debtor's cash pieces move to the effective creditor.
 */
export function settleDay(w: World, t: number, obs: RingObserver | undefined): SettleOutcome {
  let settled = 0;
  for (const p of w.payables) {
    if (p.removed || p.dueDay !== t) continue;
    if (p.amount.isZero()) {
      markSettled(w, p, t, '0', obs);
      settled++;
      continue;
    }
    if (p.holder === p.debtor || w.ledger.total(p.debtor).lt(p.amount)) {
      obs?.({
        kind: 'defaulted',
        day: t,
        payableId: p.id,
        debtor: w.ids[p.debtor]!,
        dueDay: p.dueDay,
        amount: canon(p.amount),
        paid: '0',
        recoveryRate: '0',
        failFast: true,
        recoveries: [],
      });
      return { defaulted: true, settled };
    }
    w.ledger.transfer(p.debtor, p.holder, p.amount);
    markSettled(w, p, t, canon(p.amount), obs);
    settled++;
  }
  return { defaulted: false, settled };
}

function markSettled(w: World, p: Payable, t: number, amount: string, obs: RingObserver | undefined): void {
  p.removed = true;
  p.settledDay = t;
  obs?.({
    kind: 'settled',
    day: t,
    payableId: p.id,
    debtor: w.ids[p.debtor]!,
    dueDay: p.dueDay,
    amount,
    via: 'gross',
    receipts: [{ holder: w.ids[p.holder]!, tickets: w.active ? 1 : 0, amount }],
  });
}
