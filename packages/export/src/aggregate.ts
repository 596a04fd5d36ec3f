import { COMPARISON_TABLE, DEALER_USAGE_TABLE, STRATEGY_OUTCOMES_TABLE, columnNames } from '@ring/metrics';
import type { ComparisonRow, DealerUsageRow, StrategyOutcomeRow } from '@ring/metrics';
import type { AtomicWriteOptions } from './atomic';
import type { CsvRow } from './csv';
import { readTableRows, tableCsv, writeTableCsv } from './table-io';

/** The 34 columns of comparison.csv in docs/instrumentation.md §8 order (`COMPARISON_TABLE` without its optional `replicate`). */
export const COMPARISON_CSV_COLUMNS: readonly string[] = columnNames(COMPARISON_TABLE, { short: true });

/** One row of comparison.csv (docs/instrumentation.md §8): `ComparisonRow` of @ring/metrics. D values are decimal strings; null is empty. */
export type ComparisonCsvRow = ComparisonRow;

/**
 * comparison.csv text in the 34-column form of docs/instrumentation.md §8: exactly those columns of each
 * row, in the given (sweep) order; extra keys are ignored, a missing or mistyped value throws
 * `TableCellError` naming the row and column.
 */
export function comparisonCsv(rows: readonly (ComparisonCsvRow | CsvRow)[]): string {
  return tableCsv(COMPARISON_TABLE, rows as readonly ComparisonRow[], { short: true });
}

/** Write comparison.csv (docs/instrumentation.md §8, 34 columns) from row objects carrying at least those columns. */
export function writeComparisonCsv(path: string, rows: readonly (ComparisonCsvRow | CsvRow)[], options: AtomicWriteOptions = {}): void {
  writeTableCsv(path, COMPARISON_TABLE, rows as readonly ComparisonRow[], { ...options, short: true });
}

/** Write strategy_outcomes_by_run.csv (docs/instrumentation.md §6): one row per run, passive before active. */
export function writeStrategyOutcomesCsv(path: string, rows: readonly StrategyOutcomeRow[], options: AtomicWriteOptions = {}): void {
  writeTableCsv(path, STRATEGY_OUTCOMES_TABLE, rows, options);
}

/** Write dealer_usage_by_run.csv (docs/instrumentation.md §7): one row per run, passive before active. */
export function writeDealerUsageCsv(path: string, rows: readonly DealerUsageRow[], options: AtomicWriteOptions = {}): void {
  writeTableCsv(path, DEALER_USAGE_TABLE, rows, options);
}

// ---- typed readers: by the table definitions of @ring/metrics -----------------------------------

/** Read strategy_outcomes_by_run.csv back into typed rows (header and every cell checked). */
export function readStrategyOutcomesCsv(file: string): StrategyOutcomeRow[] {
  return readTableRows(STRATEGY_OUTCOMES_TABLE, file);
}

/** Read dealer_usage_by_run.csv back into typed rows. */
export function readDealerUsageCsv(file: string): DealerUsageRow[] {
  return readTableRows(DEALER_USAGE_TABLE, file);
}

/**
 * Read a comparison.csv back into typed rows: the sweep writer's 35 columns, or the 34 columns of
 * docs/instrumentation.md §8 (then `replicate` is 0). Header and every cell checked.
 */
export function readComparisonRows(file: string): ComparisonCsvRow[] {
  return readTableRows(COMPARISON_TABLE, file);
}
