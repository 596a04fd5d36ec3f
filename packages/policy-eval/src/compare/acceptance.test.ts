import { describe, expect, it } from 'vitest';
import { decideAcceptance, resolveAcceptanceOptions } from './acceptance';
import { CompareOptionsError } from './errors';
import type { PolicyPairEvaluation } from './types';

/** A minimal evaluation with the fields the rule reads (the others are irrelevant to it). */
function ev(o: Partial<PolicyPairEvaluation>): PolicyPairEvaluation {
  return {
    delta_sum: 100n,
    default_rate: 0.1,
    old_default_rate: 0.1,
    settlement_rate: 0.9,
    delta_ci_95: [1n, 50n],
    cost_std_dev: 10n,
    mean_new_cost: 1000n,
    mean_old_cost: 1100n,
    num_samples: 5,
    sampling: 'crn_montecarlo',
    ...o,
  } as PolicyPairEvaluation;
}

describe('acceptance rule (docs/policy-eval.md §10)', () => {
  it('accepts with the basic reason when only the mandatory steps run', () => {
    expect(decideAcceptance(ev({}))).toEqual({ accepted: true, reason: 'passed: delta_sum > 0' });
  });
  it('step 1: default guard blocks a cheaper policy that pays less, in both modes', () => {
    expect(decideAcceptance(ev({ default_rate: 0.2, old_default_rate: 0.1, delta_sum: 10_000n }))).toEqual({
      accepted: false,
      reason: 'default rate 0.2 above old 0.1',
    });
    expect(decideAcceptance(ev({ default_rate: 0.2, old_default_rate: 0.1, sampling: 'deterministic', delta_ci_95: null })).accepted).toBe(
      false,
    );
    expect(decideAcceptance(ev({ default_rate: 0.2, old_default_rate: 0.1 }), { defaultRateTolerance: 0.1 }).accepted).toBe(true);
  });
  it('step 1: optional settlement floor', () => {
    expect(decideAcceptance(ev({ settlement_rate: 0.9 }), { minSettlementRate: 0.95 })).toEqual({
      accepted: false,
      reason: 'settlement rate 0.9 below minimum 0.95',
    });
    expect(decideAcceptance(ev({ settlement_rate: 0.95 }), { minSettlementRate: 0.95 }).accepted).toBe(true);
  });
  it('step 2: ties and losses are rejected', () => {
    expect(decideAcceptance(ev({ delta_sum: 0n }))).toEqual({ accepted: false, reason: 'delta_sum ≤ 0' });
    expect(decideAcceptance(ev({ delta_sum: -5n }))).toEqual({ accepted: false, reason: 'delta_sum ≤ 0' });
  });
  it('step 3: significance tests the paired-delta CI; deterministic mode records "no CI (deterministic)"', () => {
    const opt = { requireStatisticalSignificance: true };
    expect(decideAcceptance(ev({ delta_ci_95: [0n, 50n] }), opt)).toEqual({ accepted: false, reason: 'delta CI includes 0' });
    expect(decideAcceptance(ev({ delta_ci_95: [-69n, 609n] }), opt).reason).toBe('delta CI includes 0');
    expect(decideAcceptance(ev({ delta_ci_95: [1n, 609n] }), opt)).toEqual({
      accepted: true,
      reason: 'passed: delta_sum > 0, delta CI > 0',
    });
    expect(decideAcceptance(ev({ delta_ci_95: null, sampling: 'deterministic', cost_std_dev: null }), opt)).toEqual({
      accepted: true,
      reason: 'passed: delta_sum > 0, no CI (deterministic)',
    });
  });
  it('step 4: coefficient of variation, skipped without std or with mean ≤ 0', () => {
    expect(decideAcceptance(ev({ cost_std_dev: 300n, mean_new_cost: 1000n }), { maxCoefficientOfVariation: 0.25 })).toEqual({
      accepted: false,
      reason: 'CV 0.3 above max 0.25',
    });
    expect(decideAcceptance(ev({ cost_std_dev: 200n, mean_new_cost: 1000n }), { maxCoefficientOfVariation: 0.25 })).toEqual({
      accepted: true,
      reason: 'passed: delta_sum > 0, CV ≤ 0.25',
    });
    expect(decideAcceptance(ev({ cost_std_dev: null }), { maxCoefficientOfVariation: 0.25 }).reason).toBe('passed: delta_sum > 0');
    expect(decideAcceptance(ev({ cost_std_dev: 300n, mean_new_cost: -5n }), { maxCoefficientOfVariation: 0.25 }).reason).toBe(
      'passed: delta_sum > 0',
    );
  });
  it('step 5: relative improvement delta_sum/(N·mean_old_cost), skipped when mean_old_cost ≤ 0', () => {
    // 100 / (5 · 1100) = 0.01818…
    expect(decideAcceptance(ev({}), { minImprovementPct: 0.02 })).toEqual({
      accepted: false,
      reason: `improvement ${100 / 5500} below 0.02`,
    });
    expect(decideAcceptance(ev({}), { minImprovementPct: 0.01 })).toEqual({
      accepted: true,
      reason: 'passed: delta_sum > 0, improvement ≥ 0.01',
    });
    expect(decideAcceptance(ev({ mean_old_cost: 0n }), { minImprovementPct: 0.5 }).accepted).toBe(true);
  });
  it('steps apply in order: the first failure names the reason', () => {
    const all = { requireStatisticalSignificance: true, maxCoefficientOfVariation: 0.001, minImprovementPct: 0.9 };
    expect(decideAcceptance(ev({ delta_ci_95: [-1n, 5n] }), all).reason).toBe('delta CI includes 0');
    expect(decideAcceptance(ev({}), all).reason).toMatch(/^CV /);
    expect(decideAcceptance(ev({}), { ...all, maxCoefficientOfVariation: 1 }).reason).toMatch(/^improvement /);
    expect(
      decideAcceptance(ev({ delta_ci_95: [1n, 2n], cost_std_dev: 1n }), { ...all, maxCoefficientOfVariation: 1, minImprovementPct: 0.001 })
        .reason,
    ).toBe('passed: delta_sum > 0, delta CI > 0, CV ≤ 1, improvement ≥ 0.001');
  });
  it.each([
    [{ defaultRateTolerance: -0.1 }, 'acceptance.defaultRateTolerance'],
    [{ minSettlementRate: 2 }, 'acceptance.minSettlementRate'],
    [{ requireStatisticalSignificance: 'yes' }, 'acceptance.requireStatisticalSignificance'],
    [{ maxCoefficientOfVariation: 0 }, 'acceptance.maxCoefficientOfVariation'],
    [{ minImprovementPct: Number.NaN }, 'acceptance.minImprovementPct'],
    [{ strict: true }, 'acceptance.strict'],
  ])('invalid option %j is rejected naming %s', (input, field) => {
    try {
      resolveAcceptanceOptions(input as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CompareOptionsError);
      expect((e as CompareOptionsError).field).toBe(field);
    }
  });
});
