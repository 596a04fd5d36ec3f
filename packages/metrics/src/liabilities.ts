import { D } from '@ring/engine';
import type { Regime, RunResult, SetupEvent } from '@ring/engine';
import { MetricsInputError } from './errors';
import { columnNames } from './tables/codec';
import { REGIME_VALUES, col, defineTable } from './tables/define';
import type { TableDef } from './tables/types';

/**
 * One liability (payable) of the created set of docs/model.md §11 — `liabilities.csv`, written with
 * detailed logging. Unlike `repayment_events.csv`, which stops at the run's last simulated day,
 * it covers the whole created set, so that δ can be rebuilt from it and the two arms of a pair
 * can be matched liability by liability (docs/instrumentation.md; `@ring/explain`).
 */
export interface LiabilityRow {
  run_id: string;
  regime: Regime;
  /** Payable id `PAY_{k}` (docs/instrumentation.md §1.5). */
  liability_id: string;
  debtor: string;
  /** The original creditor. */
  creditor: string;
  /** Amount (integer string). */
  face: string;
  due_day: number;
  /**
   * Day the payable was created: 0 for the payables of the setup event; for a payable created
   * during the run (a `bilancio2026` reassigned receivable) the engine's `createdDay`, or empty if
   * the engine does not report it.
   */
  created_day: number | null;
  /**
   * Counted as settled in full by δ (docs/model.md §11: `paper2025` on its due day; `spec` within
   * grace; `bilancio2026` never for a reassigned payable) — the engine's `settledInTime`.
   */
  settled_in_full: boolean;
  /** Day of the full payment; empty if not settled in full. */
  settled_day: number | null;
  /** What the debtor paid: the face if paid in full, the partial payment or recovery if defaulted, 0 otherwise (canonical decimal). */
  amount_paid: string;
}

/**
 * `liabilities.csv` (docs/instrumentation.md §13): the whole created set of docs/model.md §11, one row per
 * liability in creation order, for both regimes. Written with detailed logging.
 */
export const LIABILITIES_TABLE: TableDef<LiabilityRow> = defineTable<LiabilityRow>(
  {
    id: 'liabilities',
    file: 'liabilities.csv',
    scope: 'run',
    format: 'csv',
    title: 'Liabilities of the created set',
    doc: "One row per liability (payable) of the created set of docs/model.md §11, in creation order — also those due after the run's last simulated day, which repayment_events.csv leaves out.",
    specRef: 'docs/instrumentation.md §13',
    key: ['liability_id'],
  },
  {
    run_id: col.string('run id (docs/model.md §2.5)'),
    regime: col.enum(REGIME_VALUES, 'regime of the run'),
    liability_id: col.string('payable id PAY_k'),
    debtor: col.string('debtor of the liability'),
    creditor: col.string('original creditor'),
    face: col.decimal('amount of the payable (an integer)', { unit: 'currency', role: 'outcome' }),
    due_day: col.integer('due day', { unit: 'day' }),
    created_day: col.integer(
      'day the payable was created: 0 at setup; for a payable created during the run (bilancio2026 reassigned receivables) the engine’s day, empty if not reported',
      {
        unit: 'day',
        nullable: true,
      },
    ),
    settled_in_full: col.boolean(
      'counted as settled in full by δ (paper2025: on its due day; spec: within grace; bilancio2026: never a reassigned payable)',
      { role: 'outcome' },
    ),
    settled_day: col.integer('day of the full payment; empty if not settled in full', { unit: 'day', nullable: true, role: 'outcome' }),
    amount_paid: col.decimal('what the debtor paid: the face if paid in full, the partial payment or recovery if defaulted, 0 otherwise', {
      unit: 'currency',
      role: 'outcome',
    }),
  },
);

/** Column order of liabilities.csv (from {@link LIABILITIES_TABLE}). */
export const LIABILITY_COLUMNS: readonly (keyof LiabilityRow)[] = columnNames(LIABILITIES_TABLE) as (keyof LiabilityRow)[];

/**
 * The liabilities rows of one run, in creation order (the order of `RunResult.payables`, which is
 * the created set of docs/model.md §11). Throws {@link MetricsInputError} `RESULT_MISMATCH` if the rows'
 * settled face per due day differs from the engine's own num_t — the rows must rebuild δ exactly.
 */
export function liabilityRows(setup: SetupEvent, result: RunResult): LiabilityRow[] {
  const atSetup = new Set(setup.payables.map((p) => p.id));
  const rows = result.payables.map((p): LiabilityRow => {
    // what δ counts (the profile says; a profile that does not, counts every full settlement)
    const inFull = p.settledInTime ?? p.status === 'settled';
    return {
      run_id: setup.runId,
      regime: setup.regime,
      liability_id: p.id,
      debtor: p.debtor,
      creditor: p.creditor,
      face: p.amount,
      due_day: p.dueDay,
      created_day: atSetup.has(p.id) ? 0 : (p.createdDay ?? null),
      settled_in_full: inFull,
      settled_day: inFull ? p.settledDay : null,
      amount_paid: p.amountPaid,
    };
  });
  checkAgainstDayTotals(rows, result);
  return rows;
}

/** Σ face settled in full per due day must be the engine's num_t of docs/model.md §11, day by day. */
function checkAgainstDayTotals(rows: readonly LiabilityRow[], result: RunResult): void {
  const settled = new Map<number, D>();
  for (const r of rows) if (r.settled_in_full) settled.set(r.due_day, (settled.get(r.due_day) ?? new D(0)).plus(r.face));
  for (const t of result.dayTotals) {
    const mine = settled.get(t.day) ?? new D(0);
    if (!mine.eq(t.settled)) {
      throw new MetricsInputError(
        'RESULT_MISMATCH',
        'result.payables',
        `payables settled in full on due day ${t.day} sum to ${mine.toString()}, but δ counts ${t.settled}: a payable's status disagrees with docs/model.md §11`,
      );
    }
    settled.delete(t.day);
  }
  if (settled.size > 0) {
    throw new MetricsInputError(
      'RESULT_MISMATCH',
      'result.payables',
      `settled payables due on days ${[...settled.keys()].join(', ')} that δ does not list`,
    );
  }
}
