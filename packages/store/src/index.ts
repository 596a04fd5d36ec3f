/**
 * @ring/store — ring's results in an embedded DuckDB database: every output table, the runs and
 * pairs of `ring run` and `ring sweep`, the policy-evaluation history of `ring compare`, SQL
 * queries (on a database or straight on an output directory), Parquet export and shard merge.
 * Separate from @ring/export so that users of the CSV files never download a database engine.
 * @packageDocumentation
 */
export { RingStore } from './db';
export type { TableWrite, WriteCounts } from './db';
export type { CsvBody } from './csv-files';
export { openStore, SCHEMA_VERSION, DEFAULT_LOCK_TIMEOUT_MS } from './open';
export type { OpenStoreOptions } from './open';
export { openDirectory } from './directory';
export { StoreError } from './errors';
export { exportParquet } from './parquet';
export type { ParquetExport, ParquetOptions } from './parquet';
export { mergeStores } from './merge';
export type { StoreMergeResult } from './merge';
export { query, resultJson, resultCsv, resultText } from './query';
export type { QueryResult } from './query';
export type { EvaluationInput } from './records';
export type { ColumnType, StoreColumn, StoreTable } from './schema';
export { STORE_TABLES } from './tables';
export { writeRuns, writeSweep, writeEvaluation } from './write';
export type { RunWrite, SweepWrite } from './write';
export { createSweepStoreWriter } from './sweep-store';
export type { SweepStoreOptions, SweepStoreWriter } from './sweep-store';
