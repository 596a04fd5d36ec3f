import type { CostBreakdown, CostKey } from '@ring/metrics';

export type { CostBreakdown, CostKey };

/** Evaluation mode (docs/policy-eval.md §8): one seed, or N common-random-number samples. */
export type EvaluationMode = 'deterministic' | 'bootstrap';
/** Scope (docs/policy-eval.md §4.1): one focal trader, or every trader at once. */
export type EvaluationScope = 'focal_agent' | 'all_agents';
/** Objective (docs/policy-eval.md §4.2). */
export type Objective = 'total' | 'default_loss';
/** Confidence-interval method of the paired deltas (docs/policy-eval.md §9). */
export type CiMethod = 't' | 'percentile';
/** Statistics rounding (docs/policy-eval.md §9): exact rules, or SimCash parity. */
export type Rounding = 'exact' | 'simcash';

/** Per-trader statistics of the new arm (docs/policy-eval.md §8, §11). */
export interface AgentStats {
  /** Objective cost (cents): the run's cost (deterministic) or floorDiv of the per-sample costs (bootstrap). */
  cost: bigint;
  settlement_rate: number;
  avg_delay: number;
  payoff_rate: number;
  default_rate: number;
  cost_breakdown: CostBreakdown;
  /** Statistics of this trader's own per-sample costs; null for N < 2. */
  std_dev: bigint | null;
  ci_95_lower: bigint | null;
  ci_95_upper: bigint | null;
  /** Optional fields of docs/policy-eval.md §5 (means over samples in bootstrap mode). */
  n_matured: number;
  n_settled: number;
  n_defaulted: number;
  /** Mean days from due day to default over samples with a default; null if it never defaulted. */
  avg_days_to_default: number | null;
  /** The same trader's objective cost in the old arm (floor mean), so that gains can be read per trader. */
  old_cost: bigint;
}

/** One paired sample (docs/policy-eval.md §11). */
export interface SampleEvaluationResult {
  sample_index: number;
  /** The run seed actually used by both arms. */
  seed: number;
  old_cost: bigint;
  new_cost: bigint;
  /** old_cost − new_cost: positive means the new policy is cheaper. */
  delta: bigint;
}

/** The result of one old-vs-new comparison (docs/policy-eval.md §11, snake_case names are a contract). */
export interface PolicyPairEvaluation {
  sample_results: SampleEvaluationResult[];
  delta_sum: bigint;
  /** floorDiv(delta_sum, N). */
  mean_delta: bigint;
  mean_old_cost: bigint;
  mean_new_cost: bigint;
  settlement_rate: number;
  avg_delay: number;
  payoff_rate: number;
  default_rate: number;
  /** δ of docs/model.md §11 (D string; the mean over samples in bootstrap mode). */
  delta: string;
  old_settlement_rate: number;
  old_avg_delay: number;
  old_payoff_rate: number;
  old_default_rate: number;
  old_delta: string;
  cost_breakdown: CostBreakdown;
  old_cost_breakdown: CostBreakdown;
  cost_std_dev: bigint | null;
  confidence_interval_95: [bigint, bigint] | null;
  delta_ci_95: [bigint, bigint] | null;
  agent_stats: Record<string, AgentStats>;
  system_cost: bigint;
  old_system_cost: bigint;
  /** (δ_old − δ_new)/δ_old when δ_old > 0, else 0; all_agents only (null for focal_agent). */
  relief_ratio: number | null;
  objective: Objective;
  objective_keys: CostKey[];
  scope: EvaluationScope;
  /** The focal trader (focal_agent) or null. */
  focal_agent: string | null;
  sampling: 'deterministic' | 'crn_montecarlo';
  aggregation: 'mean_of_samples';
  ci_method: CiMethod;
  rounding: Rounding;
  num_samples: number;
  /** iterationSeed(master, iteration, key) (docs/policy-eval.md §7). */
  iteration_seed: number;
}

/** A persisted evaluation (docs/policy-eval.md §11); key (run_id, iteration, agent_id). */
export interface PolicyEvaluationRecord {
  run_id: string;
  /** 0-based. */
  iteration: number;
  /** Focal trader id, or "ALL". */
  agent_id: string;
  evaluation_mode: EvaluationMode;
  proposed_policy: object;
  old_cost: bigint;
  new_cost: bigint;
  context_simulation_cost: bigint | null;
  accepted: boolean;
  acceptance_reason: string;
  delta_sum: bigint;
  num_samples: number;
  sample_details: { index: number; seed: number; old_cost: bigint; new_cost: bigint; delta: bigint }[] | null;
  scenario_seed: number | null;
  /** Excluded from determinism checks. */
  timestamp: string;
  evaluation: PolicyPairEvaluation;
}
