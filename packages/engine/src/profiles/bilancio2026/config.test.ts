import { describe, expect, it } from 'vitest';
import { canonicalJson, pairId, runId } from '../../config';
import { ConfigValidationError } from '../../errors';
import { BILANCIO2026_KEYS, kappaReferenceOf, resolveBilancio2026Config, traderProfileOf } from './config';
import { runBilancio2026Pair } from './index';

/*
 * Configuration of the bilancio2026 profile (docs/model-bilancio2026.md §1): defaults, canonical
 * form, the κ conversion, and a typed error naming the field and its range for every bad input.
 */

const base = { kappa: '1', concentration: '1', mu: '0.5', seed: 42 };

function rejects(input: Record<string, unknown>, code: string, field: string): ConfigValidationError {
  let err: unknown;
  try {
    resolveBilancio2026Config(input);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigValidationError);
  const e = err as ConfigValidationError;
  expect({ code: e.code, field: e.field }).toEqual({ code, field });
  expect(e.message).toContain(field);
  return e;
}

describe('resolveBilancio2026Config', () => {
  it('fills every default (the reference command defaults) as a plain JSON object', () => {
    const cfg = resolveBilancio2026Config(base);
    expect(cfg).toEqual({
      schema: 'ring-run/1',
      profile: 'bilancio2026',
      regime: 'active',
      seed: 42,
      nAgents: 100,
      maturityDays: 10,
      qTotal: '10000',
      ticketSize: '20',
      kappa: '1',
      concentration: '1',
      mu: '0.5',
      outsideMidRatio: '0.9',
      vbtShare: '0.25',
      dealerShare: '0.125',
      traderProfile: {
        riskAversion: '0',
        planningHorizon: 10,
        aggressiveness: '1',
        buyReserveFraction: '0.5',
        tradingMotive: 'liquidity_then_earning',
      },
      policies: {},
    });
    expect(JSON.parse(JSON.stringify(cfg))).toEqual(cfg);
  });

  it('writes decimals as canonical strings and accepts numbers', () => {
    const cfg = resolveBilancio2026Config({ ...base, kappa: 0.5, mu: '0.50', qTotal: '10000.0', ticketSize: 12.5, outsideMidRatio: '1.0' });
    expect([cfg.kappa, cfg.mu, cfg.qTotal, cfg.ticketSize, cfg.outsideMidRatio]).toEqual(['0.5', '0.5', '10000', '12.5', '1']);
  });

  it('S is any decimal ≥ 1 and need not divide Q', () => {
    expect(resolveBilancio2026Config({ ...base, ticketSize: '12.5', qTotal: '1001' }).ticketSize).toBe('12.5');
  });

  it('keeps only the κ key that was given, so run ids follow it', () => {
    const ring = resolveBilancio2026Config({ ...base, kappa: '2' });
    const { kappa: _k, ...rest } = base;
    const ref = resolveBilancio2026Config({ ...rest, kappaReference: '0.5' });
    expect('kappaReference' in ring).toBe(false);
    expect('kappa' in ref).toBe(false);
    expect(kappaReferenceOf(ring).eq(kappaReferenceOf(ref))).toBe(true);
    expect(runId(ring)).not.toBe(runId(ref));
    expect(canonicalJson(ref)).toContain('"kappaReference":"0.5"');
  });

  it('κ conversion: reference --kappas 0.25,0.5,1,2,4 ≡ ring κ 4, 2, 1, 0.5, 0.25, exactly', () => {
    const pairs: [string, string][] = [
      ['0.25', '4'],
      ['0.5', '2'],
      ['1', '1'],
      ['2', '0.5'],
      ['4', '0.25'],
    ];
    for (const [ref, ring] of pairs) {
      expect(kappaReferenceOf({ kappa: ring }).toString()).toBe(ref);
    }
  });

  it('a non-terminating reciprocal is the 28-digit D value: κ = 3 runs exactly as κ_ref = 0.3333…3 (28 digits)', () => {
    expect(kappaReferenceOf({ kappa: '3' }).toString()).toBe('0.3333333333333333333333333333');
    const small = { concentration: '1', mu: '0.5', seed: 7, nAgents: 5 };
    const a = runBilancio2026Pair(resolveBilancio2026Config({ ...small, kappa: '3' }));
    const b = runBilancio2026Pair(resolveBilancio2026Config({ ...small, kappaReference: '0.3333333333333333333333333333' }));
    expect([a.passive.delta, a.active.delta, a.active.trades.total]).toEqual([b.passive.delta, b.active.delta, b.active.trades.total]);
  });

  it('pair ids ignore the regime', () => {
    const a = resolveBilancio2026Config({ ...base, regime: 'active' });
    const p = resolveBilancio2026Config({ ...base, regime: 'passive' });
    expect(pairId(a)).toBe(pairId(p));
    expect(runId(a)).not.toBe(runId(p));
  });

  it('policies override trader profile fields per trader; empty overrides are dropped', () => {
    const cfg = resolveBilancio2026Config({
      ...base,
      nAgents: 5,
      traderProfile: { planningHorizon: 5 },
      policies: { H3: { buyReserveFraction: '1', riskAversion: 0.5 }, H1: {} },
    });
    expect(cfg.policies).toEqual({ H3: { buyReserveFraction: '1', riskAversion: '0.5' } });
    expect(traderProfileOf(cfg, 'H3')).toEqual({ ...cfg.traderProfile, buyReserveFraction: '1', riskAversion: '0.5' });
    expect(traderProfileOf(cfg, 'H2').planningHorizon).toBe(5);
  });

  it('documents every key, with the CLI flags of the engine', () => {
    const keys = BILANCIO2026_KEYS.map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
    const cfg = resolveBilancio2026Config(base);
    for (const k of Object.keys(cfg)) if (k !== 'schema' && k !== 'profile') expect(keys).toContain(k);
    expect(keys).toContain('kappaReference');
    for (const k of Object.keys(cfg.traderProfile)) expect(keys).toContain(`traderProfile.${k}`);
    const flags = Object.fromEntries(BILANCIO2026_KEYS.filter((k) => k.flag).map((k) => [k.key, k.flag]));
    expect(flags).toEqual({
      seed: 'seed',
      nAgents: 'n-agents',
      maturityDays: 'maturity-days',
      qTotal: 'q-total',
      ticketSize: 'face-value',
      kappa: 'kappa',
      kappaReference: 'kappa-reference',
      concentration: 'concentration',
      mu: 'mu',
      outsideMidRatio: 'outside-mid-ratio',
      vbtShare: 'vbt-share',
      dealerShare: 'dealer-share',
    });
    for (const k of BILANCIO2026_KEYS) expect(k.doc.length > 0 && k.range.length > 0).toBe(true);
  });
});

describe('bad input: a typed error naming the field and its range', () => {
  it.each([
    [{ nAgents: 2 }, 'N_INVALID', 'nAgents'],
    [{ nAgents: 5.5 }, 'N_INVALID', 'nAgents'],
    [{ maturityDays: 0 }, 'T_INVALID', 'maturityDays'],
    [{ qTotal: '0' }, 'Q_INVALID', 'qTotal'],
    [{ qTotal: 'ten' }, 'Q_INVALID', 'qTotal'],
    [{ ticketSize: '0.5' }, 'S_INVALID', 'ticketSize'],
    [{ kappa: '0' }, 'KAPPA_INVALID', 'kappa'],
    [{ kappa: '-1' }, 'KAPPA_INVALID', 'kappa'],
    [{ kappaReference: '2' }, 'KAPPA_INVALID', 'kappaReference'],
    [{ concentration: '0' }, 'C_INVALID', 'concentration'],
    [{ mu: '1.01' }, 'MU_INVALID', 'mu'],
    [{ mu: '-0.1' }, 'MU_INVALID', 'mu'],
    [{ outsideMidRatio: '0' }, 'RHO_INVALID', 'outsideMidRatio'],
    [{ outsideMidRatio: '1.1' }, 'RHO_INVALID', 'outsideMidRatio'],
    [{ vbtShare: '1' }, 'SHARES_INVALID', 'vbtShare'],
    [{ vbtShare: '-0.1' }, 'SHARES_INVALID', 'vbtShare'],
    [{ dealerShare: '1.5' }, 'SHARES_INVALID', 'dealerShare'],
    [{ seed: -1 }, 'SEED_INVALID', 'seed'],
    [{ seed: 1.5 }, 'SEED_INVALID', 'seed'],
    [{ regime: 'both' }, 'REGIME_INVALID', 'regime'],
    [{ profile: 'paper2025' }, 'PROFILE_INVALID', 'profile'],
    [{ schema: 'ring-run/2' }, 'SCHEMA_INVALID', 'schema'],
    [{ traderProfile: { planningHorizon: 0 } }, 'TRADER_PROFILE_INVALID', 'traderProfile.planningHorizon'],
    [{ traderProfile: { planningHorizon: 21 } }, 'TRADER_PROFILE_INVALID', 'traderProfile.planningHorizon'],
    [{ traderProfile: { riskAversion: '1.5' } }, 'TRADER_PROFILE_INVALID', 'traderProfile.riskAversion'],
    [{ traderProfile: { aggressiveness: '-0.5' } }, 'TRADER_PROFILE_INVALID', 'traderProfile.aggressiveness'],
    [{ traderProfile: { buyReserveFraction: '2' } }, 'TRADER_PROFILE_INVALID', 'traderProfile.buyReserveFraction'],
    [{ traderProfile: { tradingMotive: 'unrestricted' } }, 'TRADER_PROFILE_INVALID', 'traderProfile.tradingMotive'],
    [{ traderProfile: 'eager' }, 'TRADER_PROFILE_INVALID', 'traderProfile'],
    [{ policies: [] }, 'POLICY_INVALID', 'policies'],
    [{ nAgents: 5, policies: { H6: { planningHorizon: 3 } } }, 'POLICY_INVALID', 'policies.H6'],
    [{ policies: { trader1: {} } }, 'POLICY_INVALID', 'policies.trader1'],
    [{ policies: { H2: { planningHorizon: 30 } } }, 'POLICY_INVALID', 'policies.H2.planningHorizon'],
  ] as [Record<string, unknown>, string, string][])('%j → %s on %s', (over, code, field) => {
    rejects({ ...base, ...over }, code, field);
  });

  it('requires κ (or κ_ref), c, μ and the seed', () => {
    const { kappa: _k, ...noKappa } = base;
    rejects(noKappa, 'KAPPA_INVALID', 'kappa');
    rejects({ ...base, concentration: undefined }, 'C_INVALID', 'concentration');
    rejects({ ...base, mu: undefined }, 'MU_INVALID', 'mu');
    rejects({ ...base, seed: undefined }, 'SEED_INVALID', 'seed');
  });

  it('refuses κ and κ_ref together', () => {
    rejects({ ...base, kappaReference: '1' }, 'KAPPA_INVALID', 'kappaReference');
  });

  it('refuses unknown keys and keys of other profiles, naming the nearest valid key', () => {
    expect(rejects({ ...base, kapa: '2' }, 'KEY_UNKNOWN', 'kapa').message).toContain('"kappa"');
    expect(rejects({ ...base, nagents: 5 }, 'KEY_UNKNOWN', 'nagents').message).toContain('"nAgents"');
    rejects({ ...base, monotonicity: '0' }, 'KEY_UNKNOWN', 'monotonicity');
    rejects({ ...base, bigEntityShare: '0.25' }, 'KEY_UNKNOWN', 'bigEntityShare');
    rejects({ ...base, piSell: '0.5' }, 'KEY_UNKNOWN', 'piSell');
    expect(rejects({ ...base, traderProfile: { planingHorizon: 3 } }, 'KEY_UNKNOWN', 'traderProfile.planingHorizon').message).toContain(
      '"traderProfile.planningHorizon"',
    );
  });
});
