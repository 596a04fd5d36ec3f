import { describe, expect, it } from 'vitest';
import { resolveConfig, runId } from '../../config';
import type { RunConfigInput } from '../../config';
import type { ConfigValidationError } from '../../errors';
import { runPair, simulate } from '../../pair';
import { UnknownConfigKeyError } from '../errors';
import { getProfile, keyDoc, policyProfiles, sweepPresets } from '../index';
import { estimateRunBytes, profileJsonSchema, runParameters } from '../tools';
import { resolveBilancio2026Config } from './config';
import { runBilancio2026Pair } from './index';

/*
 * The profile as a registered plugin (docs/model-bilancio2026.md §1): the generic entry points take
 * it and give what its own exports give, and the registry's traits, preset and policy support are
 * the profile's data.
 */

const small = { profile: 'bilancio2026', kappa: '1', concentration: '1', mu: '0.5', seed: 42, nAgents: 5 } as const;

function thrown(f: () => unknown): ConfigValidationError {
  try {
    f();
  } catch (e) {
    return e as ConfigValidationError;
  }
  throw new Error('expected a throw');
}

describe('bilancio2026 in the registry', () => {
  it('resolveConfig resolves it like its own resolver; simulate and runPair run it like runBilancio2026Pair', () => {
    const cfg = resolveConfig(small as RunConfigInput);
    const { profile: _p, ...own } = small;
    expect(cfg).toEqual(resolveBilancio2026Config(own));
    const a = runPair(cfg);
    const b = runBilancio2026Pair(resolveBilancio2026Config(own));
    expect([a.pairId, a.passive.delta, a.active.delta, a.active.trades.total]).toEqual([
      b.pairId,
      b.passive.delta,
      b.active.delta,
      b.active.trades.total,
    ]);
    expect(simulate({ ...cfg, regime: 'passive' }).runId).toBe(b.passive.runId);
  });

  it('refuses keys of the other profiles through the registry, naming the owner and the nearest key', () => {
    const e = thrown(() => resolveConfig({ ...small, piSell: '0.5' } as unknown as RunConfigInput));
    expect(e).toBeInstanceOf(UnknownConfigKeyError);
    expect(e.message).toMatch(/^unknown key "piSell" for profile bilancio2026 \(a key of profile spec; did you mean/);
    const f = thrown(() => resolveConfig({ ...small, monotonicity: '0' } as unknown as RunConfigInput));
    expect(f.message).toContain('a key of profile spec, paper2025');
  });

  it('runParameters: ring κ and the reference κ whichever was given; 0.3 stays exact as given', () => {
    const ring = resolveConfig({ ...small, kappa: '4' } as RunConfigInput);
    expect(runParameters(ring)).toEqual({ kappa: '4', kappaReference: '0.25', monotonicity: '0' });
    const { kappa: _k, ...noKappa } = small;
    const ref = resolveConfig({ ...noKappa, kappaReference: '0.3' } as RunConfigInput);
    expect(runParameters(ref)).toEqual({ kappa: '3.333333333333333333333333333', kappaReference: '0.3', monotonicity: '0' });
    expect(ref).not.toHaveProperty('kappa');
    expect(runId(ref)).not.toBe(runId(resolveConfig({ ...small, kappa: '3.333333333333333333333333333' } as RunConfigInput)));
  });

  it('the other profiles report their own κ and monotonicity, and no reference κ', () => {
    const spec = resolveConfig({ profile: 'spec', kappa: '2', concentration: '1', mu: '0.5', seed: 1, monotonicity: '0.5' });
    expect(runParameters(spec)).toEqual({ kappa: '2', kappaReference: null, monotonicity: '0.5' });
  });

  it('contributes the balanced preset as data: ρ → κ_ref → c → μ, 250 cells, N = 100', () => {
    const p = sweepPresets().find((x) => x.name === 'bilancio2026')!;
    expect(p.profile).toBe('bilancio2026');
    expect(p.axes.map((a) => [a.key, a.values])).toEqual([
      ['outsideMidRatio', ['0.9', '0.5']],
      ['kappaReference', ['0.25', '0.5', '1', '2', '4']],
      ['concentration', ['0.2', '0.5', '1', '2', '5']],
      ['mu', ['0', '0.25', '0.5', '0.75', '1']],
    ]);
    expect(p.axes.reduce((n, a) => n * a.values.length, 1)).toBe(250);
    expect(p.base.nAgents).toBe(100);
    // every value of every axis resolves
    for (const a of p.axes)
      for (const v of a.values)
        expect(() =>
          resolveConfig({ ...p.base, ...noKappaOf(small), profile: 'bilancio2026', kappaReference: '1', [a.key]: v } as RunConfigInput),
        ).not.toThrow();
  });

  it('declares trader policies: the traderProfile fields, validated with the field path', () => {
    expect(policyProfiles()).toContain('bilancio2026');
    const policy = getProfile('bilancio2026').policy!;
    expect(policy.keys.map((k) => k.key)).toEqual([
      'riskAversion',
      'planningHorizon',
      'aggressiveness',
      'buyReserveFraction',
      'tradingMotive',
    ]);
    expect(policy.resolve({ buyReserveFraction: 1, planningHorizon: 3 }, 'new.parameters')).toEqual({
      planningHorizon: 3,
      buyReserveFraction: '1',
    });
    const e = thrown(() => policy.resolve({ planningHorizon: 0 }, 'new.parameters'));
    expect([e.code, e.field]).toEqual(['TRADER_PROFILE_INVALID', 'new.parameters.planningHorizon']);
    const u = thrown(() => policy.resolve({ buyReserve: '1' }, 'new.parameters'));
    expect([u.code, u.field]).toEqual(['KEY_UNKNOWN', 'new.parameters.buyReserve']);
    expect(u.message).toContain('"new.parameters.buyReserveFraction"');
    const cfg = resolveConfig(small as RunConfigInput);
    expect(policy.traderIds(cfg)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5']);
    expect(policy.defaults(cfg)).toEqual({
      riskAversion: '0',
      planningHorizon: 10,
      aggressiveness: '1',
      buyReserveFraction: '0.5',
      tradingMotive: 'liquidity_then_earning',
    });
  });

  it('reporting traits: no 2025 trade window, the paper tables do not apply; buckets are fixed', () => {
    const p = getProfile('bilancio2026');
    expect(p.reporting).toEqual({ emptyHoldingsHeld: false, tradeWindow2025: false, paperTables: false });
    expect(p.bucketNames(resolveConfig(small as RunConfigInput))).toEqual(['short', 'mid', 'long']);
  });

  it('memory estimate grows with N only', () => {
    const est = (n: number, q = '10000') => estimateRunBytes(resolveConfig({ ...small, nAgents: n, qTotal: q } as RunConfigInput));
    expect(est(1000)).toBeGreaterThan(est(100));
    expect(est(100, '1000000000')).toBe(est(100));
  });

  it('key table: every §1 key has its flag, range and doc; κ_ref is the alternative of κ; the JSON Schema says exactly one', () => {
    for (const k of [
      'nAgents',
      'maturityDays',
      'qTotal',
      'ticketSize',
      'kappa',
      'kappaReference',
      'concentration',
      'mu',
      'outsideMidRatio',
      'vbtShare',
      'dealerShare',
      'seed',
      'regime',
      'traderProfile',
      'policies',
    ])
      expect(keyDoc('bilancio2026', k), k).toBeDefined();
    expect(keyDoc('bilancio2026', 'kappaReference')!.alternativeTo).toBe('kappa');
    expect(keyDoc('bilancio2026', 'traderProfile.planningHorizon')!.type).toBe('integer');
    const s = profileJsonSchema('bilancio2026') as { allOf: unknown; required: string[] };
    expect(s.allOf).toEqual([{ oneOf: [{ required: ['kappa'] }, { required: ['kappaReference'] }] }]);
    expect(s.required).not.toContain('kappa');
  });
});

function noKappaOf<T extends { kappa?: unknown; profile?: unknown }>(x: T): Omit<T, 'kappa' | 'profile'> {
  const { kappa: _k, profile: _p, ...rest } = x;
  return rest;
}
