import { decideAcceptance } from './acceptance';
import type { AcceptanceDecision, AcceptanceOptionsInput } from './acceptance';
import { comparisonId, evaluatePlan, planComparison, runArmJob } from './compare';
import type { ComparePoliciesOptions } from './compare';
import type { PolicyDocument } from './policy';
import type { PolicyEvaluationRecord, PolicyPairEvaluation } from './types';

/** Inputs of {@link buildEvaluationRecord}. */
export interface EvaluationRecordInput {
  readonly evaluation: PolicyPairEvaluation;
  readonly decision: AcceptanceDecision;
  /** The proposal that was evaluated (the new policy). */
  readonly proposedPolicy: PolicyDocument;
  readonly runId: string;
  readonly iteration?: number;
  readonly contextSimulationCost?: bigint | null;
  /** ISO-8601; excluded from determinism checks. Default: now. */
  readonly timestamp?: string;
}

/** The persisted form of one evaluation (docs/policy-eval.md §11). Pure: the caller writes it (through @ring/export). */
export function buildEvaluationRecord(input: EvaluationRecordInput): PolicyEvaluationRecord {
  const ev = input.evaluation;
  const bootstrap = ev.sampling !== 'deterministic';
  return {
    run_id: input.runId,
    iteration: input.iteration ?? 0,
    agent_id: ev.focal_agent ?? 'ALL',
    evaluation_mode: bootstrap ? 'bootstrap' : 'deterministic',
    proposed_policy: {
      version: input.proposedPolicy.version,
      policy_id: input.proposedPolicy.policy_id,
      parameters: { ...input.proposedPolicy.parameters },
    },
    old_cost: ev.mean_old_cost,
    new_cost: ev.mean_new_cost,
    context_simulation_cost: input.contextSimulationCost ?? null,
    accepted: input.decision.accepted,
    acceptance_reason: input.decision.reason,
    delta_sum: ev.delta_sum,
    num_samples: ev.num_samples,
    sample_details: bootstrap
      ? ev.sample_results.map((r) => ({ index: r.sample_index, seed: r.seed, old_cost: r.old_cost, new_cost: r.new_cost, delta: r.delta }))
      : null,
    scenario_seed: bootstrap ? null : ev.sample_results[0]!.seed,
    timestamp: input.timestamp ?? new Date().toISOString(),
    evaluation: ev,
  };
}

/** Options of {@link evaluatePolicyProposal}: a comparison plus the acceptance rule and record metadata. */
export interface ProposalOptions extends ComparePoliciesOptions {
  readonly acceptance?: AcceptanceOptionsInput;
  readonly contextSimulationCost?: bigint | null;
  readonly timestamp?: string;
}

/** Compare, decide (docs/policy-eval.md §10) and build the record in one call. */
export function evaluatePolicyProposal(options: ProposalOptions): PolicyEvaluationRecord {
  const { acceptance, contextSimulationCost, timestamp, ...compare } = options;
  const plan = planComparison(compare);
  const evaluation = evaluatePlan(plan, plan.jobs.map(runArmJob));
  return buildEvaluationRecord({
    evaluation,
    decision: decideAcceptance(evaluation, acceptance ?? {}),
    proposedPolicy: plan.options.newPolicy,
    runId: comparisonId(plan.options),
    iteration: plan.options.iteration,
    contextSimulationCost: contextSimulationCost ?? null,
    timestamp,
  });
}
