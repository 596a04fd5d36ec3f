/**
 * @ring/explain — why trading helped, or did not: pure functions over the rows of the two arms of
 * passive/active pairs (paired outcome attribution, no-difference reasons, horizons, strategy
 * classes, default rates by initial liquidity), with typed results. `ring explain` and the
 * report's Explain section only present them.
 * @packageDocumentation
 */
export { explainPair, explainSweep } from './explain';
export type { ExplainOptions } from './explain';
export { NO_DIFFERENCE_REASONS, noDifferenceReason } from './reasons';
export type { ReasonFacts } from './reasons';
export { OUTCOME_CLASSES } from './attribution';
export { QUANTILE_BUCKETS } from './liquidity';
export { ExplainInputError } from './errors';
export { compareAgentIds } from './arms';
export type {
  ArmRows,
  ArmSummary,
  PairRows,
  FaceCount,
  OutcomeClass,
  LinkedLiability,
  NoDifferenceReason,
  PairExplanation,
  LiquidityBucketRow,
  StrategyRow,
  HorizonRow,
  MissingPart,
  ExplanationTotals,
  Explanation,
} from './types';
