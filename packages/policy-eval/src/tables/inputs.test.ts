import { describe, expect, it } from 'vitest';
import { COMPARISON_PARAMETER_COLUMNS, COMPARISON_TABLE, STRATEGIES as METRICS_STRATEGIES, columnNames } from '@ring/metrics';
import { COMPARISON_COLUMNS } from '../sweep/records';
import { PARAMETER_COLUMNS, STRATEGIES } from './inputs';

describe('the table columns policy-eval uses come from the metrics definitions', () => {
  it('cell parameters are the parameter columns of comparison.csv other than seed and replicate', () => {
    expect([...PARAMETER_COLUMNS].sort()).toEqual(COMPARISON_PARAMETER_COLUMNS.filter((c) => c !== 'seed' && c !== 'replicate').sort());
  });
  it('strategies and comparison columns are the definitions', () => {
    expect(STRATEGIES).toBe(METRICS_STRATEGIES);
    expect(COMPARISON_COLUMNS).toEqual(columnNames(COMPARISON_TABLE));
    expect(COMPARISON_COLUMNS.at(-1)).toBe('replicate');
  });
});
