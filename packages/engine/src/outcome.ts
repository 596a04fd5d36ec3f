import { D, canon } from './decimal';
import type { EndReason } from './events';
import type { RunConfig } from './config';

/** What became of one created payable. */
export interface PayableOutcome {
  readonly id: string;
  readonly debtor: string;
  readonly creditor: string;
  readonly amount: string;
  readonly dueDay: number;
  /** `settled` in full, `defaulted`, or `open` (never finalised: run stopped first, or still in grace). */
  readonly status: 'settled' | 'defaulted' | 'open';
  readonly settledDay: number | null;
  readonly defaultDay: number | null;
  /** Face if settled in full, the recovery if defaulted (`spec`), 0 otherwise. */
  readonly amountPaid: string;
  /**
   * Counted as settled in full by δ (docs/model.md §11: `paper2025` on its due day, `spec` within
   * grace; a `bilancio2026` reassigned payable never). Absent: `status === 'settled'`.
   */
  readonly settledInTime?: boolean;
  /** Day the payable was created: 0 for the setup's payables; later for a `bilancio2026` reassigned payable. */
  readonly createdDay?: number;
}

/** Per-due-day totals of docs/model.md §11: S_t and num_t. */
export interface DayTotal {
  readonly day: number;
  readonly S: string;
  readonly settled: string;
}

/** Trade counts of a run. */
export interface TradeCounts {
  readonly total: number;
  readonly sells: number;
  readonly buys: number;
  readonly interior: number;
  readonly passthrough: number;
}

/** The outcome of one run (docs/model.md §11). Decimal values are canonical strings. */
export interface RunResult {
  readonly runId: string;
  readonly pairId: string;
  readonly config: RunConfig;
  /** δ_total by the day-weighted D procedure; null if nothing was created. */
  readonly delta: string | null;
  readonly phi: string | null;
  /** δ as the exact rational (S − N)/S: numerator and denominator as integer strings. */
  readonly deltaExact: { readonly num: string; readonly den: string } | null;
  readonly dayTotals: readonly DayTotal[];
  readonly nDefaults: number;
  readonly defaultedDebtors: readonly string[];
  readonly trades: TradeCounts;
  readonly finalDay: number;
  readonly endReason: EndReason;
  readonly dealerTotalPnl: string;
  readonly dealerTotalReturn: string;
  readonly payables: readonly PayableOutcome[];
}

/**
 * δ and φ of docs/model.md §11 from the created payables and the amounts settled in full in time,
 * by the day-weighted D procedure (which reproduces the reference's Decimal strings).
 */
export function outcomeMetrics(created: readonly { amount: D; dueDay: number; settledInTime: boolean }[]): {
  delta: D | null;
  phi: D | null;
  exact: { num: bigint; den: bigint } | null;
  dayTotals: DayTotal[];
} {
  const byDay = new Map<number, { S: D; num: D }>();
  for (const p of created) {
    let e = byDay.get(p.dueDay);
    if (!e) {
      e = { S: new D(0), num: new D(0) };
      byDay.set(p.dueDay, e);
    }
    e.S = e.S.plus(p.amount);
    if (p.settledInTime) e.num = e.num.plus(p.amount);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  let sTotal = new D(0);
  let phiW = new D(0);
  let deltaW = new D(0);
  let exactS = 0n;
  let exactN = 0n;
  const dayTotals: DayTotal[] = [];
  for (const t of days) {
    const { S, num } = byDay.get(t)!;
    dayTotals.push({ day: t, S: canon(S), settled: canon(num) });
    if (S.lte(0)) continue;
    const phiT = num.div(S);
    const deltaT = new D(1).minus(phiT);
    sTotal = sTotal.plus(S);
    phiW = phiW.plus(S.times(phiT));
    deltaW = deltaW.plus(S.times(deltaT));
    exactS += BigInt(S.toFixed(0));
    exactN += BigInt(num.toFixed(0));
  }
  if (sTotal.isZero()) return { delta: null, phi: null, exact: null, dayTotals };
  return { delta: deltaW.div(sTotal), phi: phiW.div(sTotal), exact: { num: exactS - exactN, den: exactS }, dayTotals };
}

/** The outcome fields of a {@link RunResult} (δ, φ, exact δ, day totals) from {@link outcomeMetrics}. */
export function outcomeFields(m: ReturnType<typeof outcomeMetrics>): Pick<RunResult, 'delta' | 'phi' | 'deltaExact' | 'dayTotals'> {
  return {
    delta: m.delta ? canon(m.delta) : null,
    phi: m.phi ? canon(m.phi) : null,
    deltaExact: m.exact ? { num: m.exact.num.toString(), den: m.exact.den.toString() } : null,
    dayTotals: m.dayTotals,
  };
}

/**
 * The dealers' total P&L and return of a run (docs/model.md §11): Σ_b (E_T − E_0) over the buckets in
 * order, divided by Σ_b E_0 (0 when that is not positive).
 */
export function dealerPnlFields(e0: readonly D[], eT: readonly D[]): Pick<RunResult, 'dealerTotalPnl' | 'dealerTotalReturn'> {
  let pnl = new D(0);
  let e0Sum = new D(0);
  e0.forEach((start, b) => {
    pnl = pnl.plus(eT[b]!.minus(start));
    e0Sum = e0Sum.plus(start);
  });
  return { dealerTotalPnl: canon(pnl), dealerTotalReturn: canon(e0Sum.gt(0) ? pnl.div(e0Sum) : new D(0)) };
}
