/**
 * The public surface of @ring/policy-eval, pinned: the runtime exports of src/index.ts, sorted. Adding or
 * removing an export fails here until this list is updated on purpose (and the README names it and a
 * changeset records it).
 */
import { describe, expect, it } from 'vitest';
import * as api from './index';

const PUBLIC_API = [
  'CompareOptionsError',
  'DEFAULT_BOOTSTRAP_RESAMPLES',
  'DEFAULT_POLICY',
  'EvaluationFormatError',
  'PASSIVE_POLICY',
  'POLICY_DOCUMENT_VERSION',
  'PRESET_NAMES',
  'PolicyValidationError',
  'REGIME_ARMS',
  'SweepError',
  'WHOLE',
  'armConfig',
  'buildEvaluationRecord',
  'comparePolicies',
  'comparePoliciesAsync',
  'comparisonId',
  'comparisonRow',
  'completedPairs',
  'createArmPool',
  'createCellUncertainty',
  'createPairPool',
  'createSweepSummaryAccumulator',
  'decideAcceptance',
  'decimalMeanCi',
  'defaultWorkerCount',
  'defineSweep',
  'effectByParameter',
  'evaluatePolicyProposal',
  'evaluationRecordFromJson',
  'excludesZero',
  'executePair',
  'formatShard',
  'locatePair',
  'meanOf',
  'pairConfigs',
  'pairCount',
  'paperTables',
  'parsePolicyDocument',
  'parseShard',
  'planSweep',
  'resolveAcceptanceOptions',
  'resolveCompareOptions',
  'runSweep',
  'shardIndices',
  'strategyTotals',
  'sweepHash',
  'sweepPreset',
  'sweepSummary',
  'tableInputsFromRecords',
  'tablesMarkdown',
  'toJsonValue',
  'uncertaintyTables',
];

describe('@ring/policy-eval public API', () => {
  it('exports exactly the pinned runtime names', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
  });
});
