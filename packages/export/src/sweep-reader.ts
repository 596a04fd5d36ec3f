import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMPARISON_TABLE,
  DEALER_USAGE_2025_TABLE,
  DEALER_USAGE_TABLE,
  STRATEGY_OUTCOMES_2025_TABLE,
  STRATEGY_OUTCOMES_TABLE,
} from '@ring/metrics';
import type { ComparisonRow, DealerUsageRow, StrategyOutcomeRow } from '@ring/metrics';
import { FileFormatError } from './errors';
import { AGGREGATE_FILES } from './sweep-writer';
import { readTableRows } from './table-io';

/** The sweep-level tables of an output directory, as typed rows (every cell checked against its column). */
export interface SweepAggregateFiles {
  readonly comparison: ComparisonRow[];
  readonly strategyOutcomes: StrategyOutcomeRow[];
  readonly dealerUsage: DealerUsageRow[];
  /** paper2025 sweeps: the 2025-window rows (active runs); null when the files are absent. */
  readonly strategyOutcomes2025: StrategyOutcomeRow[] | null;
  readonly dealerUsage2025: DealerUsageRow[] | null;
  /** Parsed summary.json, or null if absent. */
  readonly summary: Record<string, unknown> | null;
}

/**
 * Read comparison.csv into typed rows: the sweep writer's 35 columns, or the 34 columns of
 * docs/instrumentation.md §8 written by another tool (then every pair is replicate 0). The header and
 * every cell are checked; a bad cell throws `TableCellError`
 * (`<path> line N, column C: "x" is not a decimal`).
 */
export function readComparisonCsv(path: string): ComparisonRow[] {
  return readTableRows(COMPARISON_TABLE, path);
}

/**
 * Read `<dir>/aggregate/*` for table generation, every cell of every file checked against its
 * column's type first; the 2025-window files and summary.json are optional.
 */
export function readSweepAggregate(dir: string): SweepAggregateFiles {
  const p = (rel: string) => join(dir, rel);
  const summaryPath = p(AGGREGATE_FILES.summary);
  const comparison = readComparisonCsv(p(AGGREGATE_FILES.comparison));
  const strategyOutcomes = readTableRows(STRATEGY_OUTCOMES_TABLE, p(AGGREGATE_FILES.strategyOutcomes));
  const dealerUsage = readTableRows(DEALER_USAGE_TABLE, p(AGGREGATE_FILES.dealerUsage));
  const s25 = p(AGGREGATE_FILES.strategyOutcomes2025);
  const u25 = p(AGGREGATE_FILES.dealerUsage2025);
  return {
    comparison,
    strategyOutcomes,
    dealerUsage,
    strategyOutcomes2025: existsSync(s25) ? readTableRows(STRATEGY_OUTCOMES_2025_TABLE, s25) : null,
    dealerUsage2025: existsSync(u25) ? readTableRows(DEALER_USAGE_2025_TABLE, u25) : null,
    summary: existsSync(summaryPath) ? readSummary(summaryPath) : null,
  };
}

function readSummary(path: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FileFormatError(path, 0, `not JSON: ${(e as Error).message}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FileFormatError(path, 0, 'not a JSON object');
  return v as Record<string, unknown>;
}
