import { D, canon } from '@ring/engine';
import type { Regime, SetupEvent } from '@ring/engine';
import { columnNames } from './tables/codec';
import { REGIME_VALUES, col, defineTable } from './tables/define';
import type { TableDef } from './tables/types';

const EDGES = ['0.25', '0.5', '1', '2', '4'];
const CASH_DEBT_BUCKET_LABELS = [
  `<${EDGES[0]}`,
  ...EDGES.slice(1).map((e, i) => `${EDGES[i]}-${e}`),
  `>=${EDGES[EDGES.length - 1]}`,
  'no_debt',
];

/**
 * A trader's balance sheet after setup (after the `spec` desk allocation, before day 0) —
 * `trader_initial_state.csv`, written with detailed logging. One row per agent that can owe
 * (`trader` H1 … HN and, in `paper2025`, the `big_*` entities), in agent order.
 */
export interface TraderInitialStateRow {
  run_id: string;
  regime: Regime;
  trader_id: string;
  /** Cash after setup (canonical decimal). */
  initial_cash: string;
  /** Σ amount of the payables it owes (integer string). */
  initial_debt: string;
  /** Σ face of the claims it holds after setup (integer string). */
  initial_receivables: string;
  /** initial_cash / initial_debt; empty if it owes nothing. */
  cash_debt_ratio: string | null;
  /** The ratio's bucket on `CASH_DEBT_BUCKET_EDGES` (see {@link cashDebtBucket}). */
  cash_debt_bucket: string;
}

/**
 * `trader_initial_state.csv` (docs/instrumentation.md §14): every trader's balance sheet after
 * setup, one row per agent that can owe, in agent order. Written with detailed logging.
 */
export const TRADER_INITIAL_STATE_TABLE: TableDef<TraderInitialStateRow> = defineTable<TraderInitialStateRow>(
  {
    id: 'trader_initial_state',
    file: 'trader_initial_state.csv',
    scope: 'run',
    format: 'csv',
    title: 'Traders after setup',
    doc: 'One row per ring trader (and paper2025 big entity), in agent order, after setup (after the spec desk allocation, before day 0).',
    specRef: 'docs/instrumentation.md §14',
    key: ['trader_id'],
  },
  {
    run_id: col.string('run id (docs/model.md §2.5)'),
    regime: col.enum(REGIME_VALUES, 'regime of the run'),
    trader_id: col.string('the trader (H…; in paper2025 also big_*)'),
    initial_cash: col.decimal('cash after setup', { unit: 'currency' }),
    initial_debt: col.decimal('Σ amount of the payables it owes', { unit: 'currency' }),
    initial_receivables: col.decimal('Σ face of the claims it holds after setup', { unit: 'currency' }),
    cash_debt_ratio: col.decimal('initial_cash / initial_debt; empty if it owes nothing', { nullable: true }),
    cash_debt_bucket: col.enum(
      CASH_DEBT_BUCKET_LABELS,
      'bucket of the ratio: edges 0.25, 0.5, 1, 2, 4 (lower edge included), no_debt if it owes nothing',
    ),
  },
);

/** Column order of trader_initial_state.csv (from {@link TRADER_INITIAL_STATE_TABLE}). */
export const TRADER_INITIAL_STATE_COLUMNS: readonly (keyof TraderInitialStateRow)[] = columnNames(
  TRADER_INITIAL_STATE_TABLE,
) as (keyof TraderInitialStateRow)[];

/**
 * Edges of the fixed cash/debt buckets of one run: `<0.25`, `0.25-0.5`, `0.5-1`, `1-2`, `2-4`,
 * `>=4` (each bucket includes its lower edge), and `no_debt` for a trader that owes nothing. A ratio
 * below 1 means the trader cannot pay its debt from its own cash.
 */
export const CASH_DEBT_BUCKET_EDGES: readonly string[] = EDGES;

/** Every fixed bucket label, lowest ratio first, then `no_debt`. */
export const CASH_DEBT_BUCKETS: readonly string[] = CASH_DEBT_BUCKET_LABELS;

/** The fixed bucket of a cash/debt ratio (a decimal string), or `no_debt` for null. */
export function cashDebtBucket(ratio: string | null): string {
  if (ratio === null) return 'no_debt';
  const r = new D(ratio);
  let i = 0;
  while (i < CASH_DEBT_BUCKET_EDGES.length && r.gte(CASH_DEBT_BUCKET_EDGES[i]!)) i++;
  return CASH_DEBT_BUCKETS[i]!;
}

/** The initial-state rows of a run from its setup event. */
export function traderInitialStateRows(setup: SetupEvent): TraderInitialStateRow[] {
  const debt = new Map<string, D>();
  for (const p of setup.payables) debt.set(p.debtor, (debt.get(p.debtor) ?? new D(0)).plus(p.amount));
  const receivables = new Map<string, D>();
  for (const h of setup.holdings) receivables.set(h.holder, (receivables.get(h.holder) ?? new D(0)).plus(h.face));
  return setup.agents
    .filter((a) => a.type === 'trader' || a.type === 'big_entity')
    .map((a) => {
      const cash = new D(setup.cash[a.id] ?? 0);
      const owed = debt.get(a.id) ?? new D(0);
      const ratio = owed.gt(0) ? canon(cash.div(owed)) : null;
      return {
        run_id: setup.runId,
        regime: setup.regime,
        trader_id: a.id,
        initial_cash: canon(cash),
        initial_debt: canon(owed),
        initial_receivables: canon(receivables.get(a.id) ?? new D(0)),
        cash_debt_ratio: ratio,
        cash_debt_bucket: cashDebtBucket(ratio),
      };
    });
}
