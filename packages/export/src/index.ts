/**
 * @ring/export — the only package that writes files: CSV (papaparse) with the exact column orders of
 * the instrumentation spec, stable JSON, atomic writes, streaming writers, per-run directories, and
 * readers that validate what they read back.
 * @packageDocumentation
 */
// The public surface: the files ring writes and reads back, by name. The string-level CSV/JSONL codecs,
// the streaming sinks, the manifest/journal primitives and the evaluation-file pieces are steps of the
// writers below and stay inside (`src/api.test.ts` pins the list).
export { writeFileAtomic } from './atomic';
export type { AtomicWriteOptions } from './atomic';
export { writeCsv, readCsv } from './csv';
export type { CsvRow } from './csv';
export { writeJson } from './json';
export { FileFormatError, CsvValueError, WriterStateError, OutputPathError } from './errors';
export { checkOutputDir, checkOutputFile, isTemporaryName, removeStaleTemporaries } from './output-dir';
export type { OutputKind, OutputCheckOptions } from './output-dir';
export { writeTableCsv, readTableCsv, readTableRows } from './table-io';
export type { TableWriteOptions, TableContents } from './table-io';
export {
  RUN_FILES,
  runDirectoryTexts,
  writeRunDirectory,
  createRunDirectoryWriter,
  readTradesCsv,
  readRepaymentsCsv,
  readInventoryCsv,
  readMetricsCsv,
  readSystemStateCsv,
  readLiabilitiesCsv,
  readTraderInitialStateCsv,
  readRunConfig,
  readRunDirectory,
} from './run-dir';
export type { RunDirectoryWriter, RunDirectoryContents, RunFiles } from './run-dir';
export {
  writeComparisonCsv,
  writeStrategyOutcomesCsv,
  writeDealerUsageCsv,
  readStrategyOutcomesCsv,
  readDealerUsageCsv,
  readComparisonRows,
} from './aggregate';
export type { ComparisonCsvRow } from './aggregate';

// ---- sweeps: the sweep directory (manifest + journal, aggregate/ files, per-run directories), shard merge ----
export { SWEEP_FILES, SweepOutputError, readManifest, readJournal } from './manifest';
export type { SweepManifest } from './manifest';
export { AGGREGATE_FILES, openSweepWriter, writeTables } from './sweep-writer';
export type { SweepFinishOptions, SweepWriter, SweepWriterOptions, TableFile } from './sweep-writer';
export { readSweepAggregate, readComparisonCsv } from './sweep-reader';
export type { SweepAggregateFiles } from './sweep-reader';
export { mergeSweepShards } from './merge';
export type { MergeResult } from './merge';

// ---- policy evaluations: evaluation.json and evaluation_agents.csv of `ring compare --out` ----
export { EVALUATION_FILES, readEvaluationRecord, readEvaluationAgentsCsv, writeEvaluationFiles } from './evaluation';
export type { EvaluationAgentRow } from './evaluation';
