import { describe, expect, it } from 'vitest';
import { COMPARISON_PARAMETER_COLUMNS, COMPARISON_TABLE, STRATEGIES as METRICS_STRATEGIES, columnNames } from '@ring/metrics';
import { COMPARISON_COLUMNS } from '../sweep/records';
import { PARAMETER_COLUMNS, STRATEGIES } from './inputs';

describe('the table columns policy-eval uses come from the metrics definitions', () => {
  it('cell parameters are the parameter columns of comparison.csv other than seed, replicate and kappa_reference', () => {
    // kappa_reference restates kappa (1/κ, bilancio2026 only): grouping by it too would split no cell
    const derived = new Set(['seed', 'replicate', 'kappa_reference']);
    expect([...PARAMETER_COLUMNS].sort()).toEqual(COMPARISON_PARAMETER_COLUMNS.filter((c) => !derived.has(c)).sort());
  });
  it('strategies and comparison columns are the definitions', () => {
    expect(STRATEGIES).toBe(METRICS_STRATEGIES);
    expect(COMPARISON_COLUMNS).toEqual(columnNames(COMPARISON_TABLE));
    expect(COMPARISON_COLUMNS.slice(-2)).toEqual(['replicate', 'kappa_reference']);
  });
});
