import { canon } from '../../decimal';
import type { Paper2025RunConfig } from '../../config';
import { pairId, runId } from '../../config';
import type { EndReason, RingObserver } from '../../events';
import { outcomeFields, outcomeMetrics } from '../../outcome';
import type { PayableOutcome, RunResult } from '../../outcome';
import { emitDayEnd, emitSetup, emitSnapshot } from './observe';
import { settleDay } from './settlement';
import { tradingPhase } from './trading';
import { openWorld } from './world';
import type { World } from './world';

export { toLedgerInt, toLedgerValue } from './ledger';

/*
 * The `paper2025` profile: the as-run code behind the published sweep (docs/model.md §3.4, §4.3, §7.2,
 * §8.2, §9.2). Every quirk here is deliberate; see docs/model.md §13 before "fixing" anything.
 */

const QUIET_DAYS = 2;

/** D_max = max(30, T + 5): the reference's run length (docs/model.md §9.2); 30 for every T ≤ 25. */
export function maxDaysOf(cfg: Paper2025RunConfig): number {
  return Math.max(30, cfg.maturityDays + 5);
}

/** How and when a run ended. */
interface RunEnd {
  readonly finalDay: number;
  readonly endReason: EndReason;
}

/** Run one arm of the `paper2025` profile. */
export function runPaper2025(cfg: Paper2025RunConfig, observer?: RingObserver): RunResult {
  const w = openWorld(cfg);
  const ids = { runId: runId(cfg), pairId: pairId(cfg) };
  if (observer) emitSetup(w, observer, ids);
  const end = runDays(w, observer);
  observer?.({ kind: 'run_end', finalDay: end.finalDay, endReason: end.endReason });
  return runResult(w, ids, end);
}

/** The daily loop and its stop rules (docs/model.md §9.2). */
function runDays(w: World, obs: RingObserver | undefined): RunEnd {
  let quiet = 0;
  let finalDay = 0;
  const maxDays = maxDaysOf(w.cfg);
  for (let t = 0; t < maxDays; t++) {
    finalDay = t;
    obs?.({ kind: 'day_start', day: t });
    if (w.active) tradingPhase(w, t, obs);
    if (obs) emitSnapshot(w, obs, t);
    const settled = settleDay(w, t, obs);
    if (obs) emitDayEnd(w, obs, t);
    if (settled.defaulted) return { finalDay, endReason: 'default' };
    if (w.cfg.emulateDisplayAbort && w.ledger.danglingPiece && t >= 1) return { finalDay, endReason: 'display_abort' };
    quiet = settled.settled === 0 ? quiet + 1 : 0;
    if (quiet >= QUIET_DAYS && w.payables.every((p) => p.removed)) return { finalDay, endReason: 'stable' };
  }
  return { finalDay, endReason: 'max_days' };
}

/** δ, φ and the payable outcomes (docs/model.md §11): a payable unsettled by the final day counts as defaulted. */
function runResult(w: World, ids: { runId: string; pairId: string }, end: RunEnd): RunResult {
  const { payables } = w;
  const { finalDay, endReason } = end;
  const m = outcomeMetrics(payables.map((p) => ({ amount: p.amount, dueDay: p.dueDay, settledInTime: p.settledDay === p.dueDay })));
  const defaultedDebtors = new Set<string>();
  const outcomes: PayableOutcome[] = payables.map((p) => {
    const settled = p.settledDay !== null;
    const dflt = !settled && p.dueDay <= finalDay;
    if (dflt) defaultedDebtors.add(w.ids[p.debtor]!);
    return {
      id: p.id,
      debtor: w.ids[p.debtor]!,
      creditor: w.ids[p.creditor]!,
      amount: canon(p.amount),
      dueDay: p.dueDay,
      status: settled ? 'settled' : dflt ? 'defaulted' : 'open',
      settledDay: p.settledDay,
      defaultDay: dflt ? finalDay : null,
      amountPaid: settled ? canon(p.amount) : '0',
      settledInTime: p.settledDay === p.dueDay,
      createdDay: 0,
    };
  });
  return {
    runId: ids.runId,
    pairId: ids.pairId,
    config: w.cfg,
    ...outcomeFields(m),
    nDefaults: defaultedDebtors.size,
    defaultedDebtors: [...defaultedDebtors],
    trades: { total: w.sells + w.buys, sells: w.sells, buys: w.buys, interior: 0, passthrough: w.sells + w.buys },
    finalDay,
    endReason,
    dealerTotalPnl: '0',
    dealerTotalReturn: '0',
    payables: outcomes,
  };
}
