import { D, canon } from '@ring/engine';
import type { Regime, SetupEvent } from '@ring/engine';

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
  /** The ratio's bucket on {@link CASH_DEBT_BUCKET_EDGES} (see {@link cashDebtBucket}). */
  cash_debt_bucket: string;
}

/** Column order of trader_initial_state.csv. */
export const TRADER_INITIAL_STATE_COLUMNS = [
  'run_id',
  'regime',
  'trader_id',
  'initial_cash',
  'initial_debt',
  'initial_receivables',
  'cash_debt_ratio',
  'cash_debt_bucket',
] as const satisfies readonly (keyof TraderInitialStateRow)[];

/**
 * Edges of the fixed cash/debt buckets of one run: `<0.25`, `0.25-0.5`, `0.5-1`, `1-2`, `2-4`,
 * `>=4` (each bucket includes its lower edge), and `no_debt` for a trader that owes nothing. A ratio
 * below 1 means the trader cannot pay its debt from its own cash.
 */
export const CASH_DEBT_BUCKET_EDGES: readonly string[] = ['0.25', '0.5', '1', '2', '4'];

/** Every fixed bucket label, lowest ratio first, then `no_debt`. */
export const CASH_DEBT_BUCKETS: readonly string[] = [
  `<${CASH_DEBT_BUCKET_EDGES[0]}`,
  ...CASH_DEBT_BUCKET_EDGES.slice(1).map((e, i) => `${CASH_DEBT_BUCKET_EDGES[i]}-${e}`),
  `>=${CASH_DEBT_BUCKET_EDGES[CASH_DEBT_BUCKET_EDGES.length - 1]}`,
  'no_debt',
];

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
