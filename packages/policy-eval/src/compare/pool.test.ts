import { afterAll, describe, expect, it } from 'vitest';
import { comparePolicies, comparePoliciesAsync } from './compare';
import { DEFAULT_POLICY, PASSIVE_POLICY } from './policy';
import { createArmPool } from './pool';

describe('comparison worker pool', () => {
  const pool = createArmPool(2);
  afterAll(() => pool.destroy());
  it('gives exactly the single-thread evaluation (output independent of workers)', async () => {
    const o = {
      scenario: { seed: 9, nAgents: 12, allowSmallRing: true, kappa: '2', concentration: '1', mu: '0.5', graceDays: 1 },
      oldPolicy: PASSIVE_POLICY,
      newPolicy: DEFAULT_POLICY,
      mode: 'bootstrap' as const,
      samples: 5,
    };
    const parallel = await comparePoliciesAsync(o, pool.executor);
    expect(parallel).toEqual(comparePolicies(o));
    expect(pool.threads).toBe(2);
    expect(parallel.sample_results).toHaveLength(5);
  }, 60_000);
});
