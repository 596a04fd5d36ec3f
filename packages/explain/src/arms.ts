import { D, canon, outcomeMetrics } from '@ring/engine';
import { ExplainInputError } from './errors';
import type { ArmRows } from './types';

/** One liability as attribution needs it. */
export interface Liability {
  readonly id: string;
  readonly debtor: string;
  readonly face: bigint;
  readonly faceText: string;
  readonly due: number;
  readonly settled: boolean;
  /** Original creditor and creation day, when the rows tell (liabilities.csv). */
  readonly creditor: string | null;
  readonly createdDay: number | null;
}

/**
 * Two arms' liabilities with one id are the same liability only if they agree on debtor, face, due
 * day and (when known) creditor and creation day: ids are creation numbers, so liabilities created
 * during the run (a `bilancio2026` reassigned receivable) can share an id across arms and still differ.
 */
export function sameLiability(a: Liability, b: Liability): boolean {
  const known = <T>(x: T | null, y: T | null) => x === null || y === null || x === y;
  return (
    a.debtor === b.debtor && a.face === b.face && a.due === b.due && known(a.creditor, b.creditor) && known(a.createdDay, b.createdDay)
  );
}

/** What attribution and the reasons need to know of one arm, derived from whatever rows it has. */
export interface ArmView {
  readonly which: 'passive' | 'active';
  readonly runId: string | null;
  readonly pairId: string | null;
  readonly profile: string | null;
  readonly finalDay: number | null;
  /** True when the liabilities are the whole created set (liabilities.csv), false when they come from repayment_events.csv. */
  readonly complete: boolean;
  readonly liabilities: ReadonlyMap<string, Liability>;
  /** Σ face of the created set and of its part not settled in full; null when unknown. */
  readonly createdFace: bigint | null;
  readonly unsettledFace: bigint | null;
  /** The reported δ, else δ by the docs/model.md §11 procedure over the rows; null if undefined or unknown. */
  readonly delta: string | null;
}

/** An integer face as a bigint (instrumentation: faces are integer currency amounts). */
export function faceOf(text: string, field: string): bigint {
  if (!/^-?\d+$/.test(text)) throw new ExplainInputError('FACE_NOT_INTEGER', field, `face ${JSON.stringify(text)} is not an integer`);
  return BigInt(text);
}

const firstRunId = (rows: ArmRows): string | null =>
  rows.summary?.run_id ??
  rows.runId ??
  rows.liabilities?.[0]?.run_id ??
  rows.repayments?.[0]?.run_id ??
  rows.systemState?.[0]?.run_id ??
  rows.inventory?.[0]?.run_id ??
  null;

const regimeOf = (rows: ArmRows): string | null =>
  rows.summary?.regime ??
  rows.liabilities?.[0]?.regime ??
  rows.repayments?.[0]?.regime ??
  rows.systemState?.[0]?.regime ??
  ((rows.config as { regime?: string } | null | undefined)?.regime || null);

function lastDay(rows: ArmRows): number | null {
  if (rows.summary?.final_day !== undefined && rows.summary.final_day !== null) return rows.summary.final_day;
  const days = rows.systemState ?? rows.inventory;
  if (!days || days.length === 0) return null;
  let m = days[0]!.day;
  for (const r of days) if (r.day > m) m = r.day;
  return m;
}

/** Σ S_t and Σ (S_t − settled_t) of metrics.csv (δ by due day, including days after the last simulated day). */
function fromMetrics(rows: ArmRows): { created: bigint; unsettled: bigint; delta: string | null } | null {
  if (!rows.metricsByDay || rows.metricsByDay.length === 0) return null;
  let created = 0n;
  let settled = 0n;
  const items: { amount: D; dueDay: number; settledInTime: boolean }[] = [];
  for (const m of rows.metricsByDay) {
    const s = faceOf(m.S_t, 'metricsByDay.S_t');
    const n = faceOf(m.settled_t, 'metricsByDay.settled_t');
    created += s;
    settled += n;
    items.push(
      { amount: new D(m.settled_t), dueDay: m.day, settledInTime: true },
      { amount: new D((s - n).toString()), dueDay: m.day, settledInTime: false },
    );
  }
  const d = outcomeMetrics(items).delta;
  return { created, unsettled: created - settled, delta: d ? canon(d) : null };
}

/** Build the view of one arm. Throws {@link ExplainInputError} when it has neither liability nor repayment rows. */
export function armView(rows: ArmRows, which: 'passive' | 'active'): ArmView {
  const regime = regimeOf(rows);
  if (regime !== null && regime !== which) {
    throw new ExplainInputError('ARMS_MISMATCH', which, `the ${which} arm's rows are of a ${regime} run (arms in the wrong order?)`);
  }
  const liabilities = new Map<string, Liability>();
  let complete: boolean;
  let createdFace: bigint | null = null;
  let unsettledFace: bigint | null = null;
  let delta: string | null = null;
  if (rows.liabilities) {
    complete = true;
    createdFace = 0n;
    unsettledFace = 0n;
    for (const l of rows.liabilities) {
      const face = faceOf(l.face, `${which}.liabilities.face`);
      liabilities.set(l.liability_id, {
        id: l.liability_id,
        debtor: l.debtor,
        face,
        faceText: l.face,
        due: l.due_day,
        settled: l.settled_in_full,
        creditor: l.creditor,
        createdDay: l.created_day,
      });
      createdFace += face;
      if (!l.settled_in_full) unsettledFace += face;
    }
    // δ by the docs/model.md §11 procedure, unless the arm reports it
    if (rows.summary?.delta === undefined) {
      const d = outcomeMetrics(
        rows.liabilities.map((l) => ({ amount: new D(l.face), dueDay: l.due_day, settledInTime: l.settled_in_full })),
      ).delta;
      delta = d ? canon(d) : null;
    }
  } else if (rows.repayments) {
    complete = false;
    for (const r of rows.repayments) {
      const face = faceOf(r.face_value, `${which}.repayments.face_value`);
      liabilities.set(r.liability_id, {
        id: r.liability_id,
        debtor: r.trader_id,
        face,
        faceText: r.face_value,
        due: r.maturity_day,
        settled: r.outcome === 'repaid',
        creditor: null,
        createdDay: null,
      });
    }
    const m = fromMetrics(rows);
    if (m) ({ created: createdFace, unsettled: unsettledFace, delta } = m);
  } else {
    throw new ExplainInputError(
      'ARM_ROWS_MISSING',
      which,
      'neither liability rows (liabilities.csv) nor repayment rows (repayment_events.csv): write them with --detailed-logging',
    );
  }
  if (rows.summary?.delta !== undefined) delta = rows.summary.delta;
  const config = rows.config as { profile?: string } | null | undefined;
  return {
    which,
    runId: firstRunId(rows),
    pairId: rows.summary?.pair_id ?? null,
    profile: rows.summary?.profile ?? config?.profile ?? null,
    finalDay: lastDay(rows),
    complete,
    liabilities,
    createdFace,
    unsettledFace,
    delta,
  };
}

/**
 * Order agent ids by their index, as the engine numbers them (`H2` before `H10`; digit runs compare as
 * numbers, the rest as text): the order in which explanations and the report list traders.
 */
export function compareAgentIds(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x === y) continue;
    if (i % 2 === 1) return Number(x) - Number(y) || (x < y ? -1 : 1);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Debtors (in agent order) of liabilities due by the arm's last day (all, if unknown) and not settled in full. */
export function defaultersOf(arm: ArmView): { debtors: string[]; lastDay: number | null } {
  const debtors = new Set<string>();
  let lastDay: number | null = null;
  for (const l of arm.liabilities.values()) {
    if (l.settled || (arm.finalDay !== null && l.due > arm.finalDay)) continue;
    debtors.add(l.debtor);
    if (lastDay === null || l.due > lastDay) lastDay = l.due;
  }
  return { debtors: [...debtors].sort(compareAgentIds), lastDay };
}
