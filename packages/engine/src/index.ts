/**
 * @ring/engine — a deterministic, side-effect-free simulator of Kalecki rings with dealers.
 *
 * Two model profiles: `spec` (the design documents' model) and `paper2025` (the as-run code of the
 * published 2025 sweep). See the package README and `docs/model.md` of the project.
 * @packageDocumentation
 */
export { D, canon, dec, roundHalfEven } from './decimal';
export { RingError, ConfigValidationError, isRingError } from './errors';
export type { RingErrorOptions } from './errors';
export {
  resolveConfig,
  resolvePolicyOverride,
  defaultPolicy,
  policyOf,
  canonicalJson,
  runId,
  pairId,
  withRegime,
  DEFAULT_BUCKETS,
} from './config';
export type {
  ModelProfile,
  Regime,
  DecimalInput,
  BucketConfig,
  TraderPolicy,
  TraderPolicyInput,
  OverdraftConfig,
  ExplicitScenario,
  ExplicitScenarioInput,
  SpecRunConfig,
  Paper2025RunConfig,
  RunConfig,
  RunConfigInput,
} from './config';
export { PyRandom, seed32, substream, u, seedKey } from './rng';
export { crLog, crExp, crPow } from './crmath';
export { dirichletAmounts, dueDays, dueDayLead, largestRemainder, roundHalfEvenDouble } from './generators';
export { computeKernel, vbtQuotes, updateAnchors } from './kernel';
export type { KernelInput, KernelState } from './kernel';
export { toLedgerInt, toLedgerValue } from './profiles/paper2025/run';
export { outcomeMetrics } from './outcome';
export type { RunResult, PayableOutcome, DayTotal, TradeCounts } from './outcome';
export { simulate, runPair, pairMetrics } from './pair';
export { PROFILES } from './profiles/index';
export type { ProfileStrategy } from './profiles/index';
export type { SimulateOptions, PairOptions, PairResult, EffectClass, StressRegime } from './pair';
export { RING_EVENT_KINDS } from './events';
export type * from './events';
