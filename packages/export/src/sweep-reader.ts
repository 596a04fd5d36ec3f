import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEALER_USAGE_COLUMNS, STRATEGY_OUTCOME_COLUMNS } from '@ring/metrics';
import { COMPARISON_COLUMNS } from '@ring/policy-eval';
import { parseCsv, readCsv } from './csv';
import { FileFormatError } from './errors';
import { AGGREGATE_FILES } from './sweep-writer';

/** The sweep-level tables of an output directory, as raw CSV records (header-validated). */
export interface SweepAggregateFiles {
  readonly comparison: Record<string, string>[];
  readonly strategyOutcomes: Record<string, string>[];
  readonly dealerUsage: Record<string, string>[];
  /** paper2025 sweeps: the 2025-window rows (active runs); null when the files are absent. */
  readonly strategyOutcomes2025: Record<string, string>[] | null;
  readonly dealerUsage2025: Record<string, string>[] | null;
  /** Parsed summary.json, or null if absent. */
  readonly summary: Record<string, unknown> | null;
}

/** The 34 spec columns of comparison.csv (docs/instrumentation.md §8), i.e. without `replicate` and `kappa_reference`. */
const SPEC_COMPARISON_COLUMNS = COMPARISON_COLUMNS.filter((c) => c !== 'replicate' && c !== 'kappa_reference');
/** The 35 columns sweeps wrote before `kappa_reference`. */
const COMPARISON_COLUMNS_35 = COMPARISON_COLUMNS.filter((c) => c !== 'kappa_reference');

/**
 * Read comparison.csv: the sweep writer's 36 columns, its earlier 35 (without `kappa_reference`,
 * read as empty), or the 34 columns of docs/instrumentation.md §8 written by another tool (then
 * every pair is replicate 0). Header and field counts are checked.
 */
export function readComparisonCsv(path: string): Record<string, string>[] {
  if (!existsSync(path)) throw new FileFormatError(path, 0, 'file not found');
  const text = readFileSync(path, 'utf8');
  const header = text.slice(0, text.indexOf('\n'));
  if (header === SPEC_COMPARISON_COLUMNS.join(',')) {
    return parseCsv(text, SPEC_COMPARISON_COLUMNS, path).map((r) => ({ ...r, replicate: '0', kappa_reference: '' }));
  }
  if (header === COMPARISON_COLUMNS_35.join(',')) return parseCsv(text, COMPARISON_COLUMNS_35, path).map((r) => ({ ...r, kappa_reference: '' }));
  return parseCsv(text, COMPARISON_COLUMNS, path);
}

/** Read `<dir>/aggregate/*` for table generation; the 2025-window files and summary.json are optional. */
export function readSweepAggregate(dir: string): SweepAggregateFiles {
  const p = (rel: string) => join(dir, rel);
  const optional = (rel: string, cols: readonly string[]) => (existsSync(p(rel)) ? readCsv(p(rel), cols) : null);
  const summaryPath = p(AGGREGATE_FILES.summary);
  return {
    comparison: readComparisonCsv(p(AGGREGATE_FILES.comparison)),
    strategyOutcomes: readCsv(p(AGGREGATE_FILES.strategyOutcomes), STRATEGY_OUTCOME_COLUMNS),
    dealerUsage: readCsv(p(AGGREGATE_FILES.dealerUsage), DEALER_USAGE_COLUMNS),
    strategyOutcomes2025: optional(AGGREGATE_FILES.strategyOutcomes2025, STRATEGY_OUTCOME_COLUMNS),
    dealerUsage2025: optional(AGGREGATE_FILES.dealerUsage2025, DEALER_USAGE_COLUMNS),
    summary: existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as Record<string, unknown>) : null,
  };
}
