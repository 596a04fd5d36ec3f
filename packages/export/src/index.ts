/**
 * @ring/export — the only package that writes files: CSV (papaparse) with the exact column orders of
 * the instrumentation spec, stable JSON, atomic writes, streaming writers, per-run directories, and
 * readers that validate what they read back.
 * @packageDocumentation
 */
export { writeFileAtomic, tempPathFor } from './atomic';
export type { AtomicWriteOptions } from './atomic';
export { formatCell, toCsv, writeCsv, createCsvWriter, readCsv, parseCsv } from './csv';
export type { CsvRow, CsvWriter } from './csv';
export { stableJson, writeJson, toJsonl } from './json';
export { FileFormatError } from './errors';
export {
  RUN_FILES, runDirectory, writeRunDirectory, readTradesCsv, readRepaymentsCsv, readInventoryCsv, readMetricsCsv, readSystemStateCsv,
} from './run-dir';
