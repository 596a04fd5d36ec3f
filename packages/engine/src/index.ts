/**
 * @ring/engine — a deterministic, side-effect-free simulator of Kalecki rings with dealers.
 *
 * Model profiles are plugins listed in a registry (`PROFILE_REGISTRY`): `spec` (the design
 * documents' model), `paper2025` (the as-run code of the published 2025 sweep) and `bilancio2026`
 * (the 2026 reference model, with a few exports of its own). See the package README and the
 * project's docs/model.md and docs/model-bilancio2026.md.
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
export {
  PROFILES,
  PROFILE_REGISTRY,
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
  BILANCIO2026_TRADER_DEFAULTS,
  BILANCIO2026_TRADER_KEYS,
  kappaReferenceOf,
  ringKappaOf,
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
export type { ProfileStrategy } from './profiles/index';
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
export { editDistance, nearest } from './profiles/nearest';
export type { SimulateOptions, PairOptions, PairResult, EffectClass, StressRegime } from './pair';
export { RING_EVENT_KINDS } from './events';
export type * from './events';
