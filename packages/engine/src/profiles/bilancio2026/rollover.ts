import type { D } from '../../decimal';
import type { Ledger } from './ledger';
import { ROLLOVER } from './ledger';
import type { RolloverItem } from './settlement';

/*
 * Rollover (docs/model-bilancio2026.md §7.2), every day in both arms after settlement: each fully
 * paid payable is re-issued to its original creditor, due max_due + md; a desk creditor lends the
 * amount back to the debtor, as far as its cash goes. Rolled-over payables stay out of δ.
 */

/** Roll over the day's settled payables. `isDesk` tells whether an agent is a VBT or dealer desk. */
export function rollover(ledger: Ledger, t: number, items: readonly RolloverItem[], isDesk: (agent: number) => boolean): void {
  if (items.length === 0) return;
  let maxDue = t;
  for (const p of ledger.live) if (p.live && p.due > maxDue) maxDue = p.due;
  for (const it of items) {
    if (ledger.defaulted[it.debtor] || ledger.defaulted[it.creditor]) continue;
    ledger.create(it.debtor, it.creditor, it.amount, maxDue + it.md, it.md, ROLLOVER);
    if (isDesk(it.creditor)) lend(ledger, it.creditor, it.debtor, it.amount);
  }
}

/** The desk transfers the amount to the debtor, or all it has if that is less. */
function lend(ledger: Ledger, desk: number, debtor: number, amount: D): void {
  const cash = ledger.cash[desk]!;
  const x = cash.lt(amount) ? cash : amount;
  if (x.gt(0)) ledger.transfer(desk, debtor, x);
}
