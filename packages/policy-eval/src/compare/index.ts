/**
 * Old-vs-new policy evaluation on the `spec` ring (policy-eval.md): policy documents, paired
 * deterministic and common-random-number comparisons, statistics, the acceptance rule and the
 * evaluation records.
 */
export type {
  AgentStats,
  CiMethod,
  CostBreakdown,
  CostKey,
  EvaluationMode,
  EvaluationScope,
  Objective,
  PolicyEvaluationRecord,
  PolicyPairEvaluation,
  Rounding,
  SampleEvaluationResult,
} from './types';
export { PolicyValidationError, CompareOptionsError } from './errors';
export {
  POLICY_DOCUMENT_VERSION,
  PASSIVE_POLICY,
  DEFAULT_POLICY,
  parsePolicyDocument,
  effectivePolicy,
  resolveConstraints,
  checkConstraints,
} from './policy';
export type { PolicyDocument, PolicyDocumentInput, ParameterConstraint, PolicyConstraints } from './policy';
export { iterationSeed, sampleSeed } from './seeds';
export { resolveAcceptanceOptions, decideAcceptance } from './acceptance';
export type { AcceptanceOptionsInput, AcceptanceOptions, AcceptanceDecision } from './acceptance';
export {
  DEFAULT_BOOTSTRAP_SAMPLES,
  DEFAULT_PERCENTILE_RESAMPLES,
  MAX_SAMPLES,
  OBJECTIVE_KEYS,
  resolveCompareOptions,
  armPolicies,
  planComparison,
  runArmJob,
  aggregateSamples,
  evaluatePlan,
  comparePolicies,
  comparePoliciesAsync,
  comparisonId,
} from './compare';
export type {
  ComparePoliciesOptions,
  ResolvedCompareOptions,
  ArmJob,
  ArmOutcome,
  ComparisonPlan,
  AggregationContext,
  PairedSample,
  ArmExecutor,
} from './compare';
export { buildEvaluationRecord, evaluatePolicyProposal } from './record';
export type { EvaluationRecordInput, ProposalOptions } from './record';
export { toJsonValue, evaluationFromJson, evaluationRecordFromJson, EvaluationFormatError } from './json';
export type { JsonValue } from './json';
export { createArmPool } from './pool';
export { runArmJobsTask } from './arm-worker';
export type { ArmPool } from './pool';
