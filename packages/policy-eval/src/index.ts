/**
 * @ring/policy-eval — Paired comparisons of regimes and policies, sweeps with replicates and confidence intervals, paper tables.
 *
 * The public surface is listed name by name (no `export *`): what a user composes experiments with —
 * sweeps and their shards, the worker pools, old-vs-new policy comparisons and their records, the
 * paper and uncertainty tables, the report's statistics. The steps underneath (comparison plans, arm
 * jobs, seeds, t tables, bootstrap kernels, aggregation helpers) stay inside; `src/api.test.ts` pins
 * the list.
 * @packageDocumentation
 */

// ---- sweeps: definitions, presets, shards, the runner, comparison rows and summary.json ----
export {
  SweepError,
  sweepPreset,
  defineSweep,
  sweepHash,
  pairCount,
  locatePair,
  armConfig,
  pairConfigs,
  REGIME_ARMS,
  PRESET_NAMES,
} from './sweep/definition';
export type {
  AxisKey,
  AxisValue,
  SweepAxis,
  SweepArm,
  SweepDefinition,
  SweepDefinitionInput,
  PresetName,
  PresetOptions,
  PairLocation,
} from './sweep/definition';
export { comparisonRow, sweepSummary, createSweepSummaryAccumulator } from './sweep/records';
export type { TableRow, PairRecord, PairDetail, PairOutput, SweepSummary, SweepSummaryAccumulator } from './sweep/records';
export { executePair } from './sweep/execute';
export type { ExecuteOptions } from './sweep/execute';
export { parseShard, formatShard, shardIndices, planSweep, WHOLE } from './sweep/shard';
export type { ShardSpec, SweepPlan } from './sweep/shard';
export { runSweep } from './sweep/runner';
export type { RunSweepOptions, SweepRunResult } from './sweep/runner';
export { createPairPool, defaultWorkerCount } from './pool/pool';
export type { PairPool } from './pool/pool';

// ---- statistics a user reports with (replicate CIs of Δ) ----
export { DEFAULT_BOOTSTRAP_RESAMPLES } from './stats/bootstrap';
export { decimalMeanCi, excludesZero } from './stats/decimal';
export type { DecimalMeanCi, DecimalCiOptions } from './stats/decimal';

// ---- old-vs-new policy evaluation (docs/policy-eval.md): comparisons, acceptance, records ----
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
} from './compare/types';
export { PolicyValidationError, CompareOptionsError } from './compare/errors';
export { POLICY_DOCUMENT_VERSION, PASSIVE_POLICY, DEFAULT_POLICY, parsePolicyDocument } from './compare/policy';
export type { PolicyDocument, PolicyDocumentInput, ParameterConstraint, PolicyConstraints } from './compare/policy';
export { resolveAcceptanceOptions, decideAcceptance } from './compare/acceptance';
export type { AcceptanceOptionsInput, AcceptanceOptions, AcceptanceDecision } from './compare/acceptance';
export { resolveCompareOptions, comparePolicies, comparePoliciesAsync, comparisonId } from './compare/compare';
export type { ComparePoliciesOptions, ResolvedCompareOptions, ArmJob, ArmOutcome, ArmExecutor } from './compare/compare';
export { buildEvaluationRecord, evaluatePolicyProposal } from './compare/record';
export type { EvaluationRecordInput, ProposalOptions } from './compare/record';
export { toJsonValue, evaluationRecordFromJson, EvaluationFormatError } from './compare/json';
export type { JsonValue } from './compare/json';
export { createArmPool } from './compare/pool';
export type { ArmPool } from './compare/pool';

// ---- the paper's tables and their uncertainty (`ring tables`) ----
export { paperTables } from './tables/paper';
export type { PaperTable } from './tables/paper';
export { uncertaintyTables, createCellUncertainty } from './tables/uncertainty';
export type { UncertaintyOptions, CellUncertainty } from './tables/uncertainty';
export { tablesMarkdown } from './tables/markdown';
export { tableInputsFromRecords } from './tables/inputs';
export type { InputRow, TableInputs } from './tables/inputs';

// ---- what `ring report` shows about a sweep: completed pairs, means per parameter value, strategy totals ----
export { completedPairs, effectByParameter, strategyTotals, meanOf } from './report/statistics';
export type { CompletedPair, ParameterGroup, StrategyTotal, StrategyTotals } from './report/statistics';
