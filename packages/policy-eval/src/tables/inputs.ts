import { D } from '@ring/engine';
import { STRATEGIES as METRICS_STRATEGIES } from '@ring/metrics';
import type { Cell, Strategy } from '@ring/metrics';

/** A row as read from a sweep-level CSV (raw strings) or as kept in memory (cells). */
export type InputRow = Readonly<Record<string, Cell | undefined>>;

/** The sweep-level tables that every paper table is computed from (docs/experiment-paper2025.md §5). */
export interface TableInputs {
  /** comparison.csv rows, in sweep order. */
  readonly comparison: readonly InputRow[];
  /** strategy_outcomes_by_run.csv rows (corrected trade window); both arms may be present. */
  readonly strategyOutcomes: readonly InputRow[];
  /** dealer_usage_by_run.csv rows (corrected). */
  readonly dealerUsage: readonly InputRow[];
  /** The 2025-window strategy rows of the active runs (paper2025 sweeps), or null. */
  readonly strategyOutcomes2025?: readonly InputRow[] | null;
  /** The 2025-window dealer-usage rows of the active runs, or null. */
  readonly dealerUsage2025?: readonly InputRow[] | null;
}

/** The four trader strategies, in table order (`STRATEGIES` of @ring/metrics). */
export const STRATEGIES: readonly Strategy[] = METRICS_STRATEGIES;
/** One of {@link STRATEGIES}. */
export type StrategyName = Strategy;
/** The three effect classes of a pair (sign of Δ), in table order. */
export const CLASSES = ['improved', 'unchanged', 'worsened'] as const;
/** One of {@link CLASSES}. */
export type ClassName = (typeof CLASSES)[number];
/** The three baseline stress regimes (δ_passive < 0.1, 0.1 … 0.9, > 0.9), in table order. */
export const REGIMES = ['low', 'medium', 'catastrophic'] as const;
/** One of {@link REGIMES}. */
export type RegimeName = (typeof REGIMES)[number];

/**
 * The parameter columns of comparison.csv that identify a grid cell (with `mu`): the columns of
 * `COMPARISON_PARAMETER_COLUMNS` (@ring/metrics) other than `seed` and `replicate`, in the order
 * the uncertainty tables print them.
 */
export const PARAMETER_COLUMNS = [
  'kappa',
  'concentration',
  'mu',
  'monotonicity',
  'outside_mid_ratio',
  'face_value',
  'big_entity_share',
  'n_agents',
  'maturity_days',
  'q_total',
] as const;

/** A cell's text, or null when empty. */
export function str(v: Cell | undefined): string | null {
  if (v === null || v === undefined || v === '') return null;
  return typeof v === 'string' ? v : String(v);
}

/** A cell as a D (exact), or null. */
export function dec(v: Cell | undefined): D | null {
  const s = str(v);
  return s === null ? null : new D(s);
}

/** A cell as a double (Number of the decimal string), or null. */
export function dbl(v: Cell | undefined): number | null {
  const s = str(v);
  return s === null ? null : Number(s);
}

/** The strategy-file view of one run. */
export interface StrategyRun {
  readonly totalFace: D;
  readonly defaultFace: D;
  readonly face: Readonly<Record<StrategyName, D>>;
  readonly defaultFaceBy: Readonly<Record<StrategyName, D>>;
  readonly count: Readonly<Record<StrategyName, number>>;
}

/** The dealer-usage view of one run. */
export interface UsageRun {
  readonly trades: number;
  readonly ringTraders: number;
  readonly fracDefaulted: number | null;
  readonly fracRepaid: number | null;
}

/** One completed pair with its treatment run's rows. */
export interface PairView {
  readonly row: InputRow;
  /** Cell of the §9.4 / §10.4 statistics: every parameter except μ (paper2025: (κ, c, ρ)). */
  readonly cellKey: string;
  /** Grid cell: every parameter including μ (replicates of one cell share it). */
  readonly gridKey: string;
  readonly deltaPassive: number;
  readonly deltaActive: number;
  readonly effect: number;
  readonly effectDecimal: string;
  readonly relief: number;
  readonly cls: ClassName;
  readonly regime: RegimeName;
  readonly totalTrades: number;
  readonly endReason: string | null;
  /** Corrected-window strategy/usage rows of the active run (null if absent). */
  readonly strategy: StrategyRun | null;
  readonly usage: UsageRun | null;
  /** 2025-window rows (null if absent). */
  readonly strategy2025: StrategyRun | null;
  readonly usage2025: UsageRun | null;
}

function strategyRun(r: InputRow): StrategyRun {
  const face = {} as Record<StrategyName, D>;
  const dFace = {} as Record<StrategyName, D>;
  const count = {} as Record<StrategyName, number>;
  for (const s of STRATEGIES) {
    face[s] = dec(r[`face_${s}`]) ?? new D(0);
    dFace[s] = dec(r[`default_face_${s}`]) ?? new D(0);
    count[s] = dbl(r[`count_${s}`]) ?? 0;
  }
  return {
    totalFace: dec(r.total_face_value) ?? new D(0),
    defaultFace: dec(r.default_face_total) ?? new D(0),
    face,
    defaultFaceBy: dFace,
    count,
  };
}

function usageRun(r: InputRow): UsageRun {
  return {
    trades: dbl(r.dealer_trade_count) ?? 0,
    ringTraders: dbl(r.n_traders_using_dealer) ?? 0,
    fracDefaulted: dbl(r.frac_defaulted_that_traded),
    fracRepaid: dbl(r.frac_repaid_that_traded),
  };
}

/** The key of a comparison row's cell over the given parameter columns. */
export function cellKeyOf(row: InputRow, columns: readonly string[]): string {
  return columns.map((c) => `${c}=${str(row[c]) ?? ''}`).join('|');
}

/**
 * Join every completed pair of comparison.csv with the treatment (active) run's rows of the
 * strategy and dealer-usage files (by `active_run_id`). Pairs whose δ is undefined are skipped.
 */
export function pairViews(inputs: TableInputs): PairView[] {
  const index = (rows: readonly InputRow[] | null | undefined) => {
    const m = new Map<string, InputRow>();
    for (const r of rows ?? []) {
      const id = str(r.run_id);
      if (id !== null) m.set(id, r);
    }
    return m;
  };
  const s = index(inputs.strategyOutcomes);
  const u = index(inputs.dealerUsage);
  const s25 = index(inputs.strategyOutcomes2025);
  const u25 = index(inputs.dealerUsage2025);
  const cellColumns = PARAMETER_COLUMNS.filter((c) => c !== 'mu');
  const out: PairView[] = [];
  for (const row of inputs.comparison) {
    const dp = str(row.delta_passive);
    const da = str(row.delta_active);
    const eff = str(row.trading_effect);
    const cls = str(row.effect_class) as ClassName | null;
    const regime = str(row.stress_regime) as RegimeName | null;
    if (dp === null || da === null || eff === null || cls === null || regime === null) continue;
    const id = str(row.active_run_id) ?? '';
    const sr = s.get(id);
    const ur = u.get(id);
    const sr25 = s25.get(id);
    const ur25 = u25.get(id);
    out.push({
      row,
      cellKey: cellKeyOf(row, cellColumns),
      gridKey: cellKeyOf(row, PARAMETER_COLUMNS),
      deltaPassive: Number(dp),
      deltaActive: Number(da),
      effect: Number(eff),
      effectDecimal: eff,
      relief: dbl(row.trading_relief_ratio) ?? 0,
      cls,
      regime,
      totalTrades: dbl(row.total_trades) ?? 0,
      endReason: str(row.end_reason_active),
      strategy: sr ? strategyRun(sr) : null,
      usage: ur ? usageRun(ur) : null,
      strategy2025: sr25 ? strategyRun(sr25) : null,
      usage2025: ur25 ? usageRun(ur25) : null,
    });
  }
  return out;
}

/** Table inputs straight from in-memory pair records (the same rows the aggregate files hold). */
export function tableInputsFromRecords(
  records: readonly {
    readonly comparison: InputRow;
    readonly strategy: readonly InputRow[];
    readonly usage: readonly InputRow[];
    readonly strategy2025?: readonly InputRow[];
    readonly usage2025?: readonly InputRow[];
  }[],
): TableInputs {
  const sorted = [...records];
  const has2025 = sorted.some((r) => r.strategy2025);
  return {
    comparison: sorted.map((r) => r.comparison),
    strategyOutcomes: sorted.flatMap((r) => r.strategy),
    dealerUsage: sorted.flatMap((r) => r.usage),
    strategyOutcomes2025: has2025 ? sorted.flatMap((r) => r.strategy2025 ?? []) : null,
    dealerUsage2025: has2025 ? sorted.flatMap((r) => r.usage2025 ?? []) : null,
  };
}
