/**
 * The public surface of @ring/export, pinned: the runtime exports of src/index.ts, sorted. Adding or
 * removing an export fails here until this list is updated on purpose (and the README names it and a
 * changeset records it).
 */
import { describe, expect, it } from 'vitest';
import * as api from './index';

const PUBLIC_API = [
  'AGGREGATE_FILES',
  'CsvValueError',
  'EVALUATION_FILES',
  'FileFormatError',
  'OutputPathError',
  'RUN_FILES',
  'SWEEP_FILES',
  'SweepOutputError',
  'WriterStateError',
  'checkOutputDir',
  'checkOutputFile',
  'createRunDirectoryWriter',
  'isTemporaryName',
  'mergeSweepShards',
  'openSweepWriter',
  'readComparisonCsv',
  'readComparisonRows',
  'readCsv',
  'readDealerUsageCsv',
  'readEvaluationAgentsCsv',
  'readEvaluationRecord',
  'readInventoryCsv',
  'readJournal',
  'readLiabilitiesCsv',
  'readManifest',
  'readMetricsCsv',
  'readRepaymentsCsv',
  'readRunConfig',
  'readRunDirectory',
  'readStrategyOutcomesCsv',
  'readSweepAggregate',
  'readSystemStateCsv',
  'readTableCsv',
  'readTableRows',
  'readTraderInitialStateCsv',
  'readTradesCsv',
  'removeStaleTemporaries',
  'runDirectoryTexts',
  'writeComparisonCsv',
  'writeCsv',
  'writeDealerUsageCsv',
  'writeEvaluationFiles',
  'writeFileAtomic',
  'writeJson',
  'writeRunDirectory',
  'writeStrategyOutcomesCsv',
  'writeTableCsv',
  'writeTables',
];

describe('@ring/export public API', () => {
  it('exports exactly the pinned runtime names', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
  });
});
