/** Property tests: random ring scenarios and policies (docs/policy-eval.md §12 "Property tests"). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PyRandom } from '@ring/engine';
import { COST_KEYS } from '@ring/metrics';
import { centStatistics } from '../stats';
import { comparePolicies } from './compare';
import type { PolicyDocumentInput } from './policy';

const policyArb: fc.Arbitrary<PolicyDocumentInput> = fc
  .record(
    {
      sellEnabled: fc.boolean(),
      buyEnabled: fc.boolean(),
      sellHorizonDays: fc.integer({ min: 0, max: 4 }),
      sellShortfallThreshold: fc.constantFrom('0', '0.5', '3'),
      minBidFraction: fc.constantFrom('0', '0.8', '0.95'),
      sellPriority: fc.constantFrom('shortest_first', 'longest_first') as fc.Arbitrary<'shortest_first' | 'longest_first'>,
      buyHorizonDays: fc.integer({ min: 0, max: 5 }),
      buyCashBuffer: fc.constantFrom('0', '1', '5'),
      maxSellsPerDay: fc.integer({ min: 0, max: 3 }),
      maxBuysPerDay: fc.integer({ min: 0, max: 3 }),
      safetyMargin: fc.constantFrom(null, '0', '2'),
    },
    { requiredKeys: [] },
  )
  .map((parameters) => ({ version: '1.0', parameters }));

const scenarioArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    nAgents: fc.integer({ min: 3, max: 10 }),
    kappa: fc.constantFrom('0.5', '1', '2', '4'),
    concentration: fc.constantFrom('0.5', '1', '5'),
    mu: fc.constantFrom('0', '0.25', '0.5', '1'),
    graceDays: fc.integer({ min: 0, max: 3 }),
    clearing: fc.constantFrom('gross', 'gross+multilateral') as fc.Arbitrary<'gross' | 'gross+multilateral'>,
    overdraft: fc.option(fc.record({ limit: fc.constantFrom('0', '2', '20'), rateBpsPerDay: fc.constantFrom('0', '10') }), { nil: null }),
    maxDays: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
  })
  .map((s) => ({ ...s, profile: 'spec' as const, allowSmallRing: true, qTotal: String(s.nAgents * 20) }));

const optionsArb = fc
  .record({
    scenario: scenarioArb,
    oldPolicy: policyArb,
    newPolicy: policyArb,
    mode: fc.constantFrom('deterministic', 'bootstrap') as fc.Arbitrary<'deterministic' | 'bootstrap'>,
    samples: fc.integer({ min: 1, max: 4 }),
    focal: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
    objective: fc.constantFrom('total', 'default_loss') as fc.Arbitrary<'total' | 'default_loss'>,
  })
  .map((o) => ({
    scenario: o.scenario,
    oldPolicy: o.oldPolicy,
    newPolicy: o.newPolicy,
    mode: o.mode,
    objective: o.objective,
    ...(o.mode === 'bootstrap' ? { samples: o.samples } : {}),
    ...(o.focal === null ? {} : { scope: 'focal_agent' as const, focalAgent: `H${o.focal}` }),
  }));

const inUnit = (x: number) => x >= 0 && x <= 1;

describe('comparePolicies on random scenarios and policies', () => {
  it('rates in [0, 1], delay ≥ 0, components ≥ 0 except the signed offset, exact sums, CIs bracket the means, deterministic', () => {
    fc.assert(
      fc.property(optionsArb, (o) => {
        const e = comparePolicies(o);
        for (const r of [e.settlement_rate, e.payoff_rate, e.default_rate, e.old_settlement_rate, e.old_payoff_rate, e.old_default_rate])
          expect(inUnit(r)).toBe(true);
        expect(e.avg_delay >= 0 && e.old_avg_delay >= 0).toBe(true);
        if (o.scenario.graceDays === 0) expect(e.avg_delay).toBe(0);
        const N = BigInt(e.num_samples);
        for (const [id, a] of Object.entries(e.agent_stats)) {
          expect(id).toMatch(/^H\d+$/);
          for (const r of [a.settlement_rate, a.payoff_rate, a.default_rate]) expect(inUnit(r)).toBe(true);
          expect(a.avg_delay).toBeGreaterThanOrEqual(0);
          for (const k of COST_KEYS) if (k !== 'investment_pnl_offset') expect(a.cost_breakdown[k] >= 0n).toBe(true);
          const sumK = e.objective_keys.reduce((s, k) => s + a.cost_breakdown[k], 0n);
          if (N === 1n) expect(sumK).toBe(a.cost);
          else expect(a.cost - sumK >= 0n && a.cost - sumK <= BigInt(e.objective_keys.length - 1)).toBe(true);
          if (a.std_dev === null) expect(e.num_samples).toBe(1);
          else expect(a.ci_95_lower! <= a.cost && a.cost <= a.ci_95_upper!).toBe(true);
        }
        const sumAgents = Object.values(e.agent_stats).reduce((s, a) => s + a.cost, 0n);
        if (N === 1n) expect(sumAgents).toBe(e.system_cost);
        else expect(e.system_cost - sumAgents >= 0n && e.system_cost - sumAgents < BigInt(o.scenario.nAgents)).toBe(true);
        if (e.confidence_interval_95)
          expect(e.confidence_interval_95[0] <= e.mean_new_cost && e.mean_new_cost <= e.confidence_interval_95[1]).toBe(true);
        if (e.delta_ci_95) expect(e.delta_ci_95[0] <= e.mean_delta && e.mean_delta <= e.delta_ci_95[1]).toBe(true);
        expect(e.delta_sum).toBe(e.sample_results.reduce((s, r) => s + r.old_cost - r.new_cost, 0n));
        expect(comparePolicies(o)).toEqual(e);
      }),
      { numRuns: 40 },
    );
  });
  it('identical old and new policies give delta 0 on every sample', () => {
    fc.assert(
      fc.property(scenarioArb, policyArb, fc.integer({ min: 1, max: 4 }), (scenario, policy, samples) => {
        const e = comparePolicies({ scenario, oldPolicy: policy, newPolicy: policy, mode: 'bootstrap', samples });
        expect(e.sample_results.every((r) => r.delta === 0n)).toBe(true);
        expect(e.delta_sum).toBe(0n);
        expect(e.mean_old_cost).toBe(e.mean_new_cost);
      }),
      { numRuns: 25 },
    );
  });
});

describe('CV-04: coverage of the t-CI on synthetic normal samples', () => {
  it('lies in [0.90, 0.99] over 200 repetitions (fixed seed)', () => {
    const rng = new PyRandom(20260101);
    const normal = () => {
      // Box–Muller from the engine's CPython-compatible generator (deterministic)
      const u1 = 1 - rng.random();
      const u2 = rng.random();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    };
    const mu = 100_000;
    let covered = 0;
    for (let rep = 0; rep < 200; rep++) {
      const xs = Array.from({ length: 10 }, () => BigInt(Math.round(mu + 5_000 * normal())));
      const s = centStatistics(xs);
      if (s.ci95![0] <= mu && mu <= s.ci95![1]) covered++;
    }
    expect(covered / 200).toBeGreaterThanOrEqual(0.9);
    expect(covered / 200).toBeLessThanOrEqual(0.99);
  });
});
