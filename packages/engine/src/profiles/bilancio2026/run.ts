import { D, canon } from '../../decimal';
import { pairId, runId } from '../../config';
import type { EndReason, RingEventKind, RingObserver } from '../../events';
import { dealerPnlFields, outcomeFields, outcomeMetrics } from '../../outcome';
import type { PayableOutcome, RunResult } from '../../outcome';
import type { Bilancio2026RunConfig } from './config';
import { emitSetup, emitSnapshot } from './instrumentation';
import { INITIAL, REASSIGNED } from './ledger';
import type { Payable } from './ledger';
import { RiskAssessor } from './risk';
import { rollover } from './rollover';
import { compileScenario } from './scenario';
import { settleDay } from './settlement';
import { Subsystem } from './subsystem';
import { Trading } from './trading';

/*
 * One arm of the `bilancio2026` profile (docs/model-bilancio2026.md §8–§10): the daily loop of
 * trading phase, settlement and rollover, the stop rule, and the outcome metrics.
 */

const LOOKBACK = 5;
const URGENCY = new D('0.30');
const ZERO = new D(0);

/** Dealer equity at mid, Σ over buckets of C + (M·a)·S. */
function dealerEquity(sub: Subsystem): D[] {
  return sub.dealers.map((d) => d.cash.plus(sub.vbts[d.bucket]!.M.times(d.inv.length).times(sub.S)));
}

/**
 * Run one arm of the `bilancio2026` profile. `wanted`: the event kinds the observer reads (all
 * when absent); the others are never built. The result never depends on the observer.
 */
export function runBilancio2026(cfg: Bilancio2026RunConfig, observer?: RingObserver, wanted?: ReadonlySet<RingEventKind>): RunResult {
  return runArm(cfg, { observer, wanted });
}

/** Internal options of {@link runArm}: the observer, and probes and switches for tests. */
export interface ArmOptions {
  readonly observer?: RingObserver;
  readonly wanted?: ReadonlySet<RingEventKind>;
  /** Compute without caches or replays (same results; for equivalence tests). */
  readonly literal?: boolean;
  /** Called after the trading phase (before settlement) and at the end of every day. */
  readonly probe?: {
    afterSetup?(sub: Subsystem): void;
    afterTrading?(t: number, sub: Subsystem): void;
    afterDay?(t: number, sub: Subsystem): void;
  };
}

/** One arm with internal options (tests use the probes; the engine calls {@link runBilancio2026}). */
export function runArm(cfg: Bilancio2026RunConfig, opts: ArmOptions): RunResult {
  const { observer, wanted, probe } = opts;
  const to = (kind: RingEventKind): RingObserver | undefined => (observer && (!wanted || wanted.has(kind)) ? observer : undefined);
  const obsSnapshot = to('snapshot');
  const obsDayStart = to('day_start');
  const obsDayEnd = to('day_end');
  const rid = runId(cfg);
  const pid = pairId(cfg);
  const active = cfg.regime === 'active';

  const sc = compileScenario(cfg);
  const ledger = sc.ledger;
  const sub = new Subsystem(cfg, sc, opts.literal ?? false);
  probe?.afterSetup?.(sub);
  const risk = new RiskAssessor({ lookback: LOOKBACK, prior: sc.prior, basePremium: ZERO, urgency: URGENCY });
  const trading = active ? new Trading(sub, to('trade')) : null;
  const obsSetup = to('setup');
  if (obsSetup) emitSetup(obsSetup, cfg, sub, rid, pid);
  const e0 = dealerEquity(sub);
  let eT = e0;

  const T = cfg.maturityDays;
  const maxDays = Math.max(30, 3 * T);
  const quietDays = T + 1;
  const isDesk = (a: number) => sub.isDealer(a) || sub.isVbt(a);
  const settlementObs = { settled: to('settled'), defaulted: to('defaulted') };
  const expelled: number[] = [];
  let quiet = 0;
  let finalDay = 0;
  let endReason: EndReason = 'max_days';
  for (let t = 0; t < maxDays; t++) {
    finalDay = t;
    obsDayStart?.({ kind: 'day_start', day: t });
    sub.syncIn();
    if (trading) {
      sub.maintainTickets(t, to('rebucket'));
      sub.poolDeskCash();
      sub.updateVbts(risk.defaultProb(t));
      sub.prepareTraders(t);
      trading.runRounds(t);
      sub.syncOut();
    }
    probe?.afterTrading?.(t, sub);
    eT = dealerEquity(sub);
    if (obsSnapshot) emitSnapshot(obsSnapshot, sub, t);
    const day = settleDay(ledger, t, risk, settlementObs);
    expelled.push(...day.expelled);
    rollover(ledger, t, day.rollovers, isDesk);
    ledger.compactLive();
    if (obsDayEnd) {
      const cash: Record<string, string> = {};
      for (const tr of sub.traders) cash[tr.id] = canon(ledger.cash[tr.agent]!);
      obsDayEnd({ kind: 'day_end', day: t, traderCash: cash });
    }
    probe?.afterDay?.(t, sub);
    quiet = day.expelled.length > 0 ? 0 : quiet + 1;
    if (quiet >= quietDays) {
      endReason = 'stable';
      break;
    }
  }
  to('run_end')?.({ kind: 'run_end', finalDay, endReason });

  const created = ledger.payables.filter((p) => p.origin === INITIAL || p.origin === REASSIGNED);
  const m = outcomeMetrics(created.map((p) => ({ amount: p.amount, dueDay: p.due, settledInTime: settledInTime(p) })));
  const tally = trading?.tally ?? { sells: 0, buys: 0, interior: 0, passthrough: 0 };
  return {
    runId: rid,
    pairId: pid,
    config: cfg,
    ...outcomeFields(m),
    nDefaults: expelled.length,
    defaultedDebtors: expelled.map((a) => ledger.ids[a]!),
    trades: { total: tally.sells + tally.buys, ...tally },
    finalDay,
    endReason,
    ...dealerPnlFields(e0, eT),
    payables: created.map(payableOutcome(ledger.ids)),
  };
}

/** Only an initial payable settled on its due day counts for δ; a reassigned one never does (the reference cannot match it). */
function settledInTime(p: Payable): boolean {
  return p.origin === INITIAL && p.fate === 'settled' && p.endDay === p.due;
}

function payableOutcome(ids: readonly string[]): (p: Payable) => PayableOutcome {
  return (p) => {
    const status = p.fate === 'settled' ? 'settled' : p.fate === 'defaulted' || p.fate === 'written_off' ? 'defaulted' : 'open';
    return {
      id: p.id,
      debtor: ids[p.debtor]!,
      creditor: ids[p.creditor]!,
      amount: canon(p.amount),
      dueDay: p.due,
      status,
      settledDay: status === 'settled' ? p.endDay : null,
      defaultDay: status === 'defaulted' ? p.endDay : null,
      amountPaid: canon(status === 'open' ? ZERO : p.paid),
      settledInTime: settledInTime(p),
      // a reassigned payable is created the day its source is reassigned away
      createdDay: p.origin === REASSIGNED && p.source ? p.source.endDay : 0,
    };
  };
}
