import type { TradeRow } from '@ring/metrics';
import { sameLiability } from './arms';
import type { ArmView, Liability } from './arms';
import type { FaceCount, LinkedLiability, OutcomeClass } from './types';

/** Every outcome class, in output order. */
export const OUTCOME_CLASSES: readonly OutcomeClass[] = [
  'saved',
  'harmed',
  'settled_both',
  'defaulted_both',
  'passive_only',
  'active_only',
];

/** Counts and faces (exact) per outcome class, and the saved and harmed liabilities. */
export interface Attribution {
  readonly classes: Record<OutcomeClass, { count: number; face: bigint }>;
  readonly saved: Liability[];
  readonly harmed: Liability[];
  /** Face of liabilities neither file lists (due after both arms' last days; repayment fallback only), or null if unknown. */
  readonly unlistedFace: bigint | null;
}

/** A liability missing from an arm's rows still exists there if the rows stop before its due day (repayment fallback). */
const existsUnlisted = (arm: ArmView, l: Liability) => !arm.complete && (arm.finalDay === null || l.due > arm.finalDay);

/**
 * Match each liability of the created sets across the two arms (by liability id, if the two agree
 * on what the liability is: {@link sameLiability}). A liability
 * absent from an incomplete arm (repayment rows only) but due after that arm's last day exists
 * there unsettled; only a liability genuinely created in one arm is `passive_only`/`active_only`.
 */
export function attribute(passive: ArmView, active: ArmView): Attribution {
  const classes = Object.fromEntries(OUTCOME_CLASSES.map((c) => [c, { count: 0, face: 0n }])) as Attribution['classes'];
  const saved: Liability[] = [];
  const harmed: Liability[] = [];
  const add = (c: OutcomeClass, l: Liability) => {
    classes[c].count++;
    classes[c].face += l.face;
  };
  const both = (l: Liability, sp: boolean, sa: boolean) => {
    if (sp === sa) add(sp ? 'settled_both' : 'defaulted_both', l);
    else if (sa) {
      add('saved', l);
      saved.push(l);
    } else {
      add('harmed', l);
      harmed.push(l);
    }
  };
  for (const lp of passive.liabilities.values()) {
    const la = active.liabilities.get(lp.id);
    if (la && sameLiability(lp, la)) both(lp, lp.settled, la.settled);
    else if (!la && existsUnlisted(active, lp)) both(lp, lp.settled, false);
    else add('passive_only', lp);
  }
  for (const la of active.liabilities.values()) {
    const lp = passive.liabilities.get(la.id);
    if (lp && sameLiability(lp, la)) continue;
    if (!lp && existsUnlisted(passive, la)) both(la, false, la.settled);
    else add('active_only', la);
  }
  const byDue = (a: Liability, b: Liability) => a.due - b.due;
  saved.sort(byDue);
  harmed.sort(byDue);
  let unlistedFace: bigint | null = 0n;
  if (!passive.complete || !active.complete) {
    // what the created set holds beyond the listed liabilities of the passive arm
    const arm = passive.complete ? active : passive;
    if (arm.createdFace === null) unlistedFace = null;
    else {
      let listed = 0n;
      for (const c of OUTCOME_CLASSES) if (c !== (arm === passive ? 'active_only' : 'passive_only')) listed += classes[c].face;
      unlistedFace = arm.createdFace - listed;
    }
  }
  return { classes, saved, harmed, unlistedFace };
}

/**
 * The active-arm trades (their `seq`) that touched a liability's debtor's cash (the debtor was the
 * customer) or its ticket, up to and including its due day (the trading phase of the due day
 * precedes its settlement; docs/instrumentation.md §3 trade window). A ticket is the liability's when its id
 * names the payable (`TKT_<liability_id>`), or when it names no payable of the created set and its
 * issuer and maturity are the liability's debtor and due day.
 */
export function linkTrades(liabilities: readonly Liability[], trades: readonly TradeRow[], ids: ReadonlySet<string>): LinkedLiability[] {
  return liabilities.map((l) => {
    const seqs: number[] = [];
    for (const t of trades) {
      if (t.day > l.due) continue;
      const named = t.ticket_id.startsWith('TKT_') && ids.has(t.ticket_id.slice(4)) ? t.ticket_id.slice(4) : null;
      const ticket = named !== null ? named === l.id : t.issuer_id === l.debtor && t.maturity_day === l.due;
      if (t.trader_id === l.debtor || ticket) seqs.push(t.seq);
    }
    return { liability_id: l.id, debtor: l.debtor, face: l.faceText, due_day: l.due, trades: seqs.sort((a, b) => a - b) };
  });
}

/** Exact class counts as JSON (faces as integer strings). */
export function faceCounts(classes: Attribution['classes']): Record<OutcomeClass, FaceCount> {
  return Object.fromEntries(OUTCOME_CLASSES.map((c) => [c, { count: classes[c].count, face: classes[c].face.toString() }])) as Record<
    OutcomeClass,
    FaceCount
  >;
}
