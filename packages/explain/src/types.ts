import type {
  InventoryRow,
  LiabilityRow,
  MetricsDayRow,
  RepaymentRow,
  Strategy,
  SystemStateRow,
  TradeRow,
  TraderInitialStateRow,
} from '@ring/metrics';

/** What an arm's summary may tell (a `RunSummary` of `@ring/metrics` fits; every field optional). */
export interface ArmSummary {
  readonly run_id?: string;
  readonly pair_id?: string;
  readonly profile?: string;
  readonly regime?: string;
  /** The reported δ (docs/model.md §11); computed from the liability rows when absent. */
  readonly delta?: string | null;
  /** Last simulated day. */
  readonly final_day?: number | null;
}

/**
 * The rows of one arm of a pair. `RunRows` (from `createRunCollector().finish`) and
 * `RunDirectoryContents` (from `readRunDirectory`) both fit. Every part is optional: what is
 * missing is explained as far as possible and listed in {@link Explanation.missing}. Attribution
 * needs `liabilities` (or, for output written before `liabilities.csv` existed, `repayments`).
 */
export interface ArmRows {
  readonly summary?: ArmSummary | null;
  readonly runId?: string;
  /** The run's resolved configuration (shown as the pair's `config`). */
  readonly config?: object | null;
  readonly trades?: readonly TradeRow[] | null;
  readonly repayments?: readonly RepaymentRow[] | null;
  readonly inventory?: readonly InventoryRow[] | null;
  readonly systemState?: readonly SystemStateRow[] | null;
  readonly metricsByDay?: readonly MetricsDayRow[] | null;
  readonly liabilities?: readonly LiabilityRow[] | null;
  readonly initialState?: readonly TraderInitialStateRow[] | null;
}

/** The two arms of one pair. */
export interface PairRows {
  readonly passive: ArmRows;
  readonly active: ArmRows;
}

/** A number of liabilities and their face (integer string). */
export interface FaceCount {
  count: number;
  face: string;
}

/**
 * How a liability of the created set fared across the arms: `saved` (not settled in full
 * passively, settled in full actively), `harmed` (the reverse), `settled_both`, `defaulted_both`,
 * and `passive_only`/`active_only` (created in one arm only).
 */
export type OutcomeClass = 'saved' | 'harmed' | 'settled_both' | 'defaulted_both' | 'passive_only' | 'active_only';

/** A saved or harmed liability and the active-arm trades (by `seq`) that touched its debtor's cash or its ticket by its due day. */
export interface LinkedLiability {
  liability_id: string;
  debtor: string;
  face: string;
  due_day: number;
  trades: number[];
}

/** Why a pair with Δ = 0 shows no difference (definitions in the README; first match wins). */
export type NoDifferenceReason =
  | 'no_trades'
  | 'liquidity_not_binding'
  | 'saved_equals_harmed'
  | 'only_unattempted'
  | 'trades_too_late'
  | 'defaulters_never_traded'
  | 'trades_insufficient';

/** The explanation of one pair (one element of `ring explain --json`'s `pairs`). */
export interface PairExplanation {
  pair_id: string | null;
  profile: string | null;
  /** The passive arm's resolved configuration without `regime`, or null when not given. */
  config: Record<string, unknown> | null;
  passive_run_id: string | null;
  active_run_id: string | null;
  delta_passive: string | null;
  delta_active: string | null;
  /** Δ = δ_passive − δ_active (D difference of the two values). */
  trading_effect: string | null;
  /** Sign of the exact Δ (docs/model.md §11), or null when a δ is undefined or unknown. */
  effect_class: 'improved' | 'unchanged' | 'worsened' | null;
  /** Trades of the active arm (null if its trades are not available). */
  total_trades: number | null;
  /** Σ face of the passive arm's created set: the denominator of δ_passive (null if unknown). */
  total_face: string | null;
  /** The same for the active arm (equal to total_face unless the created sets differ). */
  total_face_active: string | null;
  liabilities: Record<OutcomeClass, FaceCount>;
  saved: LinkedLiability[];
  harmed: LinkedLiability[];
  /** Distinct debtors of the active arm with a liability due by its last day not settled in full. */
  defaulters: number;
  /** Those of them who traded (as the customer of any active-arm trade). */
  defaulters_who_traded: number;
  /** The same count for the passive arm. */
  defaulters_passive: number;
  final_day_passive: number | null;
  final_day_active: number | null;
  no_difference_reason: NoDifferenceReason | null;
  no_difference_detail: string | null;
}

/** Default rates of the traders whose initial cash/debt ratio falls in one bucket. */
export interface LiquidityBucketRow {
  /** Fixed bucket label (`<0.25` … `>=4`, `no_debt`) or quantile bucket `Q1` … `Q5`, `no_debt`. */
  bucket: string;
  /** Traders (one per pair and trader) in the bucket. */
  traders: number;
  /** Face-weighted share of the bucket's created liabilities not settled in full, per arm (null if they owe nothing). */
  default_rate_passive: string | null;
  default_rate_active: string | null;
  face_passive: string;
  face_active: string;
  /** Traders of the bucket with a liability due by the arm's last day not settled in full. */
  defaulters_passive: number;
  defaulters_active: number;
  /** Smallest and largest cash/debt ratio in the bucket (null for `no_debt`). */
  ratio_min: string | null;
  ratio_max: string | null;
}

/** One strategy class of docs/instrumentation.md §3 in one arm, summed over the pairs. */
export interface StrategyRow {
  strategy: Strategy;
  regime: 'passive' | 'active';
  liabilities: number;
  face: string;
  defaulted: number;
  defaulted_face: string;
  /** defaulted_face / face; null if face = 0. */
  default_rate: string | null;
}

/** Dealer inventory against the remaining debt stock on one day of a pair's active run. */
export interface HorizonRow {
  pair_id: string | null;
  day: number;
  /** Σ face held by the dealers (all buckets) at the end of the day's trading phase. */
  dealer_inventory_face: string;
  /** Σ face of all outstanding claims then (system_state_timeseries total_face_value). */
  remaining_debt_face: string;
  /** Σ face held by the VBTs. */
  vbt_inventory_face: string;
  /** The passive arm's remaining debt that day (null after its last day). */
  remaining_debt_face_passive: string | null;
}

/** A part that could not be explained, and why. */
export interface MissingPart {
  part: 'attribution' | 'by_initial_liquidity' | 'strategies' | 'horizons' | 'no_difference_reasons';
  file: string;
  /** Runs without the file. */
  runs: number;
  reason: string;
}

/** Totals over the explained pairs. */
export interface ExplanationTotals {
  pairs: number;
  improved: number;
  unchanged: number;
  worsened: number;
  /** Pairs whose effect class could not be determined. */
  undetermined: number;
  /** Pairs per no-difference reason, every code listed. */
  no_difference: Record<NoDifferenceReason, number>;
  liabilities: Record<OutcomeClass, FaceCount>;
}

/** What `explainPair` and `explainSweep` return; `ring explain --json` prints it. */
export interface Explanation {
  pairs: PairExplanation[];
  /** `fixed` edges (one pair) or `quantile` buckets (a sweep). */
  liquidity_buckets: 'fixed' | 'quantile';
  by_initial_liquidity: LiquidityBucketRow[];
  strategies: StrategyRow[];
  horizons: HorizonRow[];
  totals: ExplanationTotals;
  missing: MissingPart[];
}
