/**
 * The public surface of @ring/explain, pinned: the runtime exports of src/index.ts, sorted. Adding or
 * removing an export fails here until this list is updated on purpose (and the README names it and a
 * changeset records it).
 */
import { describe, expect, it } from 'vitest';
import * as api from './index';

const PUBLIC_API = [
  'ExplainInputError',
  'NO_DIFFERENCE_REASONS',
  'OUTCOME_CLASSES',
  'QUANTILE_BUCKETS',
  'compareAgentIds',
  'explainPair',
  'explainSweep',
  'noDifferenceReason',
];

describe('@ring/explain public API', () => {
  it('exports exactly the pinned runtime names', () => {
    expect(Object.keys(api).sort()).toEqual(PUBLIC_API);
  });
});
