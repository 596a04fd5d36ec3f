/**
 * @ring/export — the only package that writes files: CSV (papaparse) with the exact column orders of
 * the instrumentation spec, stable JSON, atomic writes, streaming writers, per-run directories, and
 * readers that validate what they read back.
 * @packageDocumentation
 */
export { writeFileAtomic, tempPathFor } from './atomic';
export type { AtomicWriteOptions } from './atomic';
export { formatCell, toCsv, writeCsv, createCsvWriter, createLineSink, readCsv, parseCsv, parseCsvLines } from './csv';
export type { CsvRow, CsvWriter, LineSink, StreamOptions } from './csv';
export { stableJson, writeJson, toJsonl, writeJsonl, createJsonlWriter, parseJsonl } from './json';
export type { JsonlWriter } from './json';
export { FileFormatError, CsvValueError, WriterStateError, OutputPathError } from './errors';
export { OUTPUT_MARKERS, outputKind, checkOutputDir, checkOutputFile, isTemporaryName, removeStaleTemporaries } from './output-dir';
export type { OutputKind, OutputCheckOptions } from './output-dir';
export { tableCsv, writeTableCsv, createTableWriter, parseTableCsv, readTableCsv, readTableRows } from './table-io';
export type { TableWriteOptions, TableWriter, TableContents } from './table-io';
export {
  RUN_FILES,
  runDirectory,
  runConfigJson,
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
export type { RunDirectoryWriter, RunDirectoryContents } from './run-dir';
export {
  COMPARISON_CSV_COLUMNS,
  comparisonCsv,
  writeComparisonCsv,
  writeStrategyOutcomesCsv,
  writeDealerUsageCsv,
  readStrategyOutcomesCsv,
  readDealerUsageCsv,
  readComparisonRows,
} from './aggregate';
export type { ComparisonCsvRow } from './aggregate';

// ---- sweeps (issue 4): manifest + journal, aggregate/ files, per-run directories, shard merge ----
export {
  SWEEP_FILES,
  SweepOutputError,
  createManifest,
  writeManifest,
  readManifest,
  readJournal,
  scanJournal,
  readJournalRecord,
  openJournal,
} from './manifest';
export type { SweepManifest, Journal, JournalLocation } from './manifest';
export {
  AGGREGATE_FILES,
  writeSweepAggregate,
  createAggregateWriter,
  openSweepWriter,
  writeTables,
} from './sweep-writer';
export type { AggregateResult, AggregateWriter, SweepFinishOptions, SweepWriter, SweepWriterOptions, TableFile } from './sweep-writer';
export { readSweepAggregate, readComparisonCsv } from './sweep-reader';
export type { SweepAggregateFiles } from './sweep-reader';
export { mergeSweepShards } from './merge';
export type { MergeResult } from './merge';
export {
  EVALUATION_FILES,
  EVALUATION_AGENT_COLUMNS,
  evaluationRecordJson,
  writeEvaluationRecord,
  readEvaluationRecord,
  evaluationAgentRows,
  evaluationAgentsCsv,
  writeEvaluationAgentsCsv,
  readEvaluationAgentsCsv,
  writeEvaluationFiles,
} from './evaluation';
export type { EvaluationAgentColumn, EvaluationAgentRow } from './evaluation';
