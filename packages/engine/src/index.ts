/**
 * @ring/engine — a deterministic, side-effect-free simulator of Kalecki rings with dealers.
 *
 * Model profiles are plugins listed in a registry (`getProfile`, `profileNames`): `spec` (the design
 * documents' model), `paper2025` (the as-run code of the published 2025 sweep) and `bilancio2026`
 * (the 2026 reference model, with a few exports of its own). See the package README and the
 * project's docs/model.md and docs/model-bilancio2026.md.
 * @packageDocumentation
 */
// The decimal clone is public on purpose: every package computes model numbers with this one clone
// (precision 28, ROUND_HALF_EVEN) so that they all round alike (see the README, "The decimal clone").
export { D, canon, dec } from './decimal';
export { RingError, ConfigValidationError, isRingError } from './errors';
export type { RingErrorOptions } from './errors';
export {
  resolveConfig,
  resolvePolicyOverride,
  defaultPolicy,
  canonicalJson,
  runId,
  pairId,
  withRegime,
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
export { PyRandom, seed32 } from './rng';
export { outcomeMetrics } from './outcome';
export type { RunResult, PayableOutcome, DayTotal, TradeCounts } from './outcome';
export { simulate, runPair, pairMetrics } from './pair';
export {
  DEFAULT_PROFILE,
  getProfile,
  isProfileName,
  profileNames,
  profileKeys,
  keyOwners,
  keyDoc,
  sweepPresets,
  policyProfiles,
} from './profiles/index';
export {
  BILANCIO2026_KEYS,
  resolveBilancio2026Config,
  runBilancio2026,
  runBilancio2026Pair,
} from './profiles/bilancio2026/index';
export type {
  Bilancio2026RunConfig,
  Bilancio2026ConfigInput,
  Bilancio2026TraderProfile,
  Bilancio2026TraderProfileInput,
  Bilancio2026KeyDoc,
  TradingMotive,
} from './profiles/bilancio2026/index';
export type {
  Profile,
  KeyDoc,
  KeyType,
  PolicySupport,
  ReportingTraits,
  SweepPresetData,
  ResolvedRunBase,
  ResolvedRunCore,
  RunParameters,
  CommonConfigInput,
} from './profiles/types';
export type { SpecConfigInput } from './profiles/spec/config';
export type { Paper2025ConfigInput } from './profiles/paper2025/config';
export { UnknownConfigKeyError } from './profiles/errors';
export { profileJsonSchema, parseKeyText, estimateRunBytes, configOutputs, runParameters } from './profiles/tools';
export { PUBLISHED_2025_AXES } from './profiles/published-grid';
export { nearest } from './profiles/nearest';
export type { SimulateOptions, PairOptions, PairResult, EffectClass, StressRegime } from './pair';
export { RING_EVENT_KINDS } from './events';
export type * from './events';
