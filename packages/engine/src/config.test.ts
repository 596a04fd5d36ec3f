import { describe, expect, it } from 'vitest';
import { canon } from './decimal';
import { ConfigValidationError, RingError } from './errors';
import { DEFAULT_BUCKETS, canonicalJson, pairId, resolveConfig, runId, withRegime } from './config';
import type { Paper2025RunConfig, RunConfigInput, SpecRunConfig } from './config';
import { runParameters } from './profiles/tools';

/*
 * Expected values: docs/model.md §2.2–§2.5 (defaults, validation codes, canonical JSON, run_id and pair_id).
 */

const PAPER_EXAMPLE: RunConfigInput = {
  profile: 'paper2025',
  seed: 42,
  kappa: '0.25',
  concentration: '0.2',
  mu: '0',
  outsideMidRatio: '1',
  emulateDisplayAbort: false,
};
const SPEC_EXAMPLE: RunConfigInput = {
  profile: 'spec',
  seed: 42,
  nAgents: 100,
  kappa: '1',
  concentration: '1',
  mu: '0.5',
  outsideMidRatio: '1',
};

describe('run_id and pair_id (docs/model.md §2.5)', () => {
  it('paper2025 canonical JSON (active arm)', () => {
    const cfg = resolveConfig({ ...PAPER_EXAMPLE, regime: 'active' });
    expect(canonicalJson(cfg)).toBe(
      '{"bigEntityShare":"0.25","concentration":"0.2","emulateDisplayAbort":false,"kappa":"0.25","maturityDays":10,"monotonicity":"0","mu":"0","nAgents":5,"outsideMidRatio":"1","profile":"paper2025","qTotal":"10000","regime":"active","schema":"ring-run/1","seed":42,"ticketSize":"20"}',
    );
  });

  it('spec canonical JSON (all defaults of §2.2, passive arm)', () => {
    const cfg = resolveConfig({ ...SPEC_EXAMPLE, regime: 'passive' });
    expect(canonicalJson(cfg)).toBe(
      '{"allowSmallRing":false,"anchorUpdate":true,"buckets":[{"O0":"0.2","name":"short","phiM":"1","phiO":"0.6","tauMax":3,"tauMin":1},{"O0":"0.3","name":"mid","phiM":"1","phiO":"0.6","tauMax":8,"tauMin":4},{"O0":"0.4","name":"long","phiM":"1","phiO":"0.6","tauMax":null,"tauMin":9}],"cashBuffer":"1","clearing":"gross","clipNonnegB":true,"concentration":"1","dealerShare":"0.25","graceDays":0,"investHorizon":3,"kappa":"1","mMin":"0.02","maturityDays":10,"maxDays":null,"monotonicity":"0","mu":"0.5","nAgents":100,"nMax":3,"oMin":"0","outsideMidRatio":"1","overdraft":null,"piSell":"0.5","policies":{},"profile":"spec","qTotal":"10000","regime":"passive","scenario":null,"schema":"ring-run/1","seed":42,"ticketSize":"1","vbtShare":"0.5"}',
    );
  });

  const examples: [string, RunConfigInput, string, string][] = [
    ['paper2025, passive', { ...PAPER_EXAMPLE, regime: 'passive' }, 'passive_00717f4ad348', 'pair_efaaff2b0c61'],
    ['paper2025, active', { ...PAPER_EXAMPLE, regime: 'active' }, 'active_c1f26410b39a', 'pair_efaaff2b0c61'],
    [
      'paper2025, active, emulateDisplayAbort',
      { ...PAPER_EXAMPLE, regime: 'active', emulateDisplayAbort: true },
      'active_71382981b45f',
      'pair_4c4a1c83926b',
    ],
    ['spec defaults, passive', { ...SPEC_EXAMPLE, regime: 'passive' }, 'passive_873f1e7a4792', 'pair_267fa0da72b9'],
    ['spec defaults, active', { ...SPEC_EXAMPLE, regime: 'active' }, 'active_1a30fece7199', 'pair_267fa0da72b9'],
  ];

  it.each(examples)('%s', (_name, input, rid, pid) => {
    const cfg = resolveConfig(input);
    expect(runId(cfg)).toBe(rid);
    expect(pairId(cfg)).toBe(pid);
  });

  it('equivalent inputs (numbers, trailing zeros, defaults spelled out) resolve to the same identifiers', () => {
    const a = resolveConfig({ ...PAPER_EXAMPLE, regime: 'passive' });
    const b = resolveConfig({
      profile: 'paper2025',
      regime: 'passive',
      seed: 42,
      kappa: 0.25,
      concentration: '0.20',
      mu: 0,
      outsideMidRatio: '1.0',
      nAgents: 5,
      maturityDays: 10,
      qTotal: '10000.00',
      ticketSize: 20,
      monotonicity: '-0',
      bigEntityShare: '0.250',
    });
    expect(canonicalJson(b)).toBe(canonicalJson(a));
    expect(runId(b)).toBe('passive_00717f4ad348');
  });

  it('withRegime switches the arm and keeps pair_id', () => {
    const passive = resolveConfig({ ...SPEC_EXAMPLE, regime: 'passive' });
    const active = withRegime(passive, 'active');
    expect(active.regime).toBe('active');
    expect(runId(active)).toBe('active_1a30fece7199');
    expect(pairId(active)).toBe(pairId(passive));
  });
});

describe('canonical decimal strings and canonical JSON (docs/model.md §2.5)', () => {
  it('examples: 1.0 → 1, 0.50 → 0.5, 10000 → 10000', () => {
    expect(canon('1.0')).toBe('1');
    expect(canon('0.50')).toBe('0.5');
    expect(canon('10000')).toBe('10000');
  });

  it('no exponent, no leading +, no trailing fractional zeros or dot, 0 never −0, leading 0. below 1', () => {
    expect(canon('1e-7')).toBe('0.0000001');
    expect(canon('1.5E+3')).toBe('1500');
    expect(canon('1e21')).toBe('1000000000000000000000');
    expect(canon('+2.50')).toBe('2.5');
    expect(canon('3.')).toBe('3');
    expect(canon('-0')).toBe('0');
    expect(canon('-0.000')).toBe('0');
    expect(canon('.25')).toBe('0.25');
    expect(canon('-0.50')).toBe('-0.5');
    expect(canon(0)).toBe('0');
    expect(canon(12)).toBe('12');
  });

  it('keys sorted by UTF-16 code unit at every depth, no whitespace, undefined keys dropped', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: true }], A: 'x', é: 2, z: undefined })).toBe(
      '{"A":"x","a":[{"c":true,"d":null}],"b":1,"é":2}',
    );
    // U+FF61 sorts after U+1F600 (surrogates 0xD83D …) by code unit, although its code point is smaller.
    expect(canonicalJson({ '\uff61': 1, '\u{1f600}': 2 })).toBe('{"\u{1f600}":2,"\uff61":1}');
  });

  it('config decimals are canonical strings; counts and days are JSON integers', () => {
    const cfg = resolveConfig({ ...SPEC_EXAMPLE, ticketSize: 5, qTotal: 10000.0, kappa: '1.50', maxDays: 7 }) as SpecRunConfig;
    expect(cfg.ticketSize).toBe('5');
    expect(cfg.qTotal).toBe('10000');
    expect(cfg.kappa).toBe('1.5');
    expect(cfg.maxDays).toBe(7);
    expect(canonicalJson(cfg)).toContain('"maxDays":7');
    expect(canonicalJson(cfg)).toContain('"ticketSize":"5"');
  });
});

describe('defaults (docs/model.md §2.2, §2.3)', () => {
  it('spec: every default of §2.2', () => {
    const cfg = resolveConfig({ profile: 'spec', regime: 'active', seed: 7, kappa: '1', concentration: '1', mu: '0.5' }) as SpecRunConfig;
    expect(cfg).toEqual({
      schema: 'ring-run/1',
      profile: 'spec',
      regime: 'active',
      seed: 7,
      nAgents: 100,
      maturityDays: 10,
      qTotal: '10000',
      ticketSize: '1',
      kappa: '1',
      concentration: '1',
      mu: '0.5',
      monotonicity: '0',
      outsideMidRatio: '1',
      allowSmallRing: false,
      buckets: [
        { name: 'short', tauMin: 1, tauMax: 3, O0: '0.2', phiM: '1', phiO: '0.6' },
        { name: 'mid', tauMin: 4, tauMax: 8, O0: '0.3', phiM: '1', phiO: '0.6' },
        { name: 'long', tauMin: 9, tauMax: null, O0: '0.4', phiM: '1', phiO: '0.6' },
      ],
      mMin: '0.02',
      oMin: '0',
      clipNonnegB: true,
      anchorUpdate: true,
      dealerShare: '0.25',
      vbtShare: '0.5',
      piSell: '0.5',
      nMax: 3,
      investHorizon: 3,
      cashBuffer: '1',
      graceDays: 0,
      clearing: 'gross',
      overdraft: null,
      maxDays: null,
      policies: {},
      scenario: null,
    });
    expect(DEFAULT_BUCKETS).toEqual(cfg.buckets);
  });

  it('paper2025: every default of §2.1/§2.3 (published sweep values)', () => {
    const cfg = resolveConfig({
      profile: 'paper2025',
      regime: 'passive',
      seed: 42,
      kappa: '1',
      concentration: '1',
      mu: '0.5',
    }) as Paper2025RunConfig;
    expect(cfg).toEqual({
      schema: 'ring-run/1',
      profile: 'paper2025',
      regime: 'passive',
      seed: 42,
      nAgents: 5,
      maturityDays: 10,
      qTotal: '10000',
      ticketSize: '20',
      kappa: '1',
      concentration: '1',
      mu: '0.5',
      monotonicity: '0',
      outsideMidRatio: '1',
      bigEntityShare: '0.25',
      emulateDisplayAbort: false,
    });
  });

  it('bucket phiM and phiO default to 1 and 0.6 when omitted', () => {
    const cfg = resolveConfig({ ...SPEC_EXAMPLE, buckets: [{ name: 'all', tauMin: 1, tauMax: null, O0: '0.3' }] }) as SpecRunConfig;
    expect(cfg.buckets).toEqual([{ name: 'all', tauMin: 1, tauMax: null, O0: '0.3', phiM: '1', phiO: '0.6' }]);
  });
});

describe('validation (docs/model.md §2.4): each rejected input names its code and field', () => {
  function rejects(input: unknown, code: string, field: string): void {
    let err: unknown;
    try {
      resolveConfig(input as RunConfigInput);
    } catch (e) {
      err = e;
    }
    expect(err, `expected ${code} on ${field}`).toBeInstanceOf(ConfigValidationError);
    expect(err).toBeInstanceOf(RingError);
    const e = err as ConfigValidationError;
    expect({ code: e.code, field: e.field }).toEqual({ code, field });
    expect(e.message).toContain(code);
    expect(e.message).toContain(field);
    expect(typeof e.allowed).toBe('string');
  }

  const spec = (o: Record<string, unknown>) => ({
    profile: 'spec',
    seed: 1,
    kappa: '1',
    concentration: '1',
    mu: '0.5',
    allowSmallRing: true,
    nAgents: 5,
    ...o,
  });
  const paper = (o: Record<string, unknown>) => ({ profile: 'paper2025', seed: 1, kappa: '1', concentration: '1', mu: '0.5', ...o });
  const both = [
    ['spec', spec],
    ['paper2025', paper],
  ] as const;

  it('a valid configuration of each profile resolves', () => {
    expect(resolveConfig(spec({}) as RunConfigInput).profile).toBe('spec');
    expect(resolveConfig(paper({}) as RunConfigInput).profile).toBe('paper2025');
  });

  it('Q_NOT_MULTIPLE_OF_S (spec): Q an integer and Q mod S = 0', () => {
    rejects(spec({ ticketSize: '3', qTotal: '10000' }), 'Q_NOT_MULTIPLE_OF_S', 'qTotal');
    rejects(spec({ qTotal: '100.5' }), 'Q_NOT_MULTIPLE_OF_S', 'qTotal');
    rejects(spec({ qTotal: '0' }), 'Q_NOT_MULTIPLE_OF_S', 'qTotal');
    expect(resolveConfig(spec({ ticketSize: '4', qTotal: '10000' }) as RunConfigInput).qTotal).toBe('10000');
  });

  it.each(both)('S_INVALID (%s): S an integer ≥ 1', (_p, make) => {
    rejects(make({ ticketSize: '0' }), 'S_INVALID', 'ticketSize');
    rejects(make({ ticketSize: '1.5' }), 'S_INVALID', 'ticketSize');
    rejects(make({ ticketSize: -20 }), 'S_INVALID', 'ticketSize');
    rejects(make({ ticketSize: 'twenty' }), 'S_INVALID', 'ticketSize');
  });

  it('RING_TOO_SMALL (spec): N ≥ 100 unless allowSmallRing; N ≥ 2 always', () => {
    rejects(spec({ allowSmallRing: false, nAgents: 99 }), 'RING_TOO_SMALL', 'nAgents');
    rejects(spec({ allowSmallRing: true, nAgents: 1 }), 'RING_TOO_SMALL', 'nAgents');
    expect(resolveConfig(spec({ allowSmallRing: false, nAgents: 100 }) as RunConfigInput).nAgents).toBe(100);
    expect(resolveConfig(spec({ allowSmallRing: true, nAgents: 2 }) as RunConfigInput).nAgents).toBe(2);
  });

  it('N_INVALID (paper2025): N ≥ 2', () => {
    rejects(paper({ nAgents: 1 }), 'N_INVALID', 'nAgents');
    rejects(paper({ nAgents: 2.5 }), 'N_INVALID', 'nAgents');
    expect(resolveConfig(paper({ nAgents: 2 }) as RunConfigInput).nAgents).toBe(2);
  });

  it.each(both)('T_INVALID (%s): T ≥ 1', (_p, make) => {
    rejects(make({ maturityDays: 0 }), 'T_INVALID', 'maturityDays');
    rejects(make({ maturityDays: 1.5 }), 'T_INVALID', 'maturityDays');
    expect(resolveConfig(make({ maturityDays: 1 }) as RunConfigInput).maturityDays).toBe(1);
  });

  it.each(both)('KAPPA_INVALID, C_INVALID, MU_INVALID, M_INVALID, RHO_INVALID (%s)', (_p, make) => {
    rejects(make({ kappa: '0' }), 'KAPPA_INVALID', 'kappa');
    rejects(make({ kappa: '-1' }), 'KAPPA_INVALID', 'kappa');
    rejects(make({ kappa: undefined }), 'KAPPA_INVALID', 'kappa');
    rejects(make({ concentration: '0' }), 'C_INVALID', 'concentration');
    rejects(make({ concentration: undefined }), 'C_INVALID', 'concentration');
    rejects(make({ mu: '-0.01' }), 'MU_INVALID', 'mu');
    rejects(make({ mu: '1.01' }), 'MU_INVALID', 'mu');
    rejects(make({ mu: undefined }), 'MU_INVALID', 'mu');
    rejects(make({ monotonicity: '1.5' }), 'M_INVALID', 'monotonicity');
    rejects(make({ monotonicity: '-1.0001' }), 'M_INVALID', 'monotonicity');
    rejects(make({ outsideMidRatio: '0' }), 'RHO_INVALID', 'outsideMidRatio');
    rejects(make({ outsideMidRatio: Number.NaN }), 'RHO_INVALID', 'outsideMidRatio');
    // the closed ends of the ranges are accepted
    const ok = resolveConfig(make({ mu: '0', monotonicity: '-1' }) as RunConfigInput);
    expect([ok.mu, runParameters(ok).monotonicity]).toEqual(['0', '-1']);
    const ok2 = resolveConfig(make({ mu: '1', monotonicity: '1' }) as RunConfigInput);
    expect([ok2.mu, runParameters(ok2).monotonicity]).toEqual(['1', '1']);
  });

  it('BUCKETS_INVALID (spec): first tauMin = 1, contiguous, only the last open, names unique', () => {
    const b = (x: unknown[]) => spec({ buckets: x });
    rejects(b([{ name: 's', tauMin: 2, tauMax: null, O0: '0.2' }]), 'BUCKETS_INVALID', 'buckets[0].tauMin');
    rejects(
      b([
        { name: 's', tauMin: 1, tauMax: 3, O0: '0.2' },
        { name: 'l', tauMin: 5, tauMax: null, O0: '0.4' },
      ]),
      'BUCKETS_INVALID',
      'buckets[1].tauMin',
    );
    rejects(
      b([
        { name: 's', tauMin: 1, tauMax: null, O0: '0.2' },
        { name: 'l', tauMin: 4, tauMax: null, O0: '0.4' },
      ]),
      'BUCKETS_INVALID',
      'buckets[0].tauMax',
    );
    rejects(
      b([
        { name: 's', tauMin: 1, tauMax: 3, O0: '0.2' },
        { name: 'l', tauMin: 4, tauMax: 9, O0: '0.4' },
      ]),
      'BUCKETS_INVALID',
      'buckets[1].tauMax',
    );
    rejects(
      b([
        { name: 's', tauMin: 1, tauMax: 3, O0: '0.2' },
        { name: 's', tauMin: 4, tauMax: null, O0: '0.4' },
      ]),
      'BUCKETS_INVALID',
      'buckets[1].name',
    );
    rejects(b([]), 'BUCKETS_INVALID', 'buckets');
  });

  it('SHARES_INVALID (spec): dealerShare ≥ 0, vbtShare ≥ 0, dealerShare + vbtShare ≤ 1', () => {
    rejects(spec({ dealerShare: '-0.1' }), 'SHARES_INVALID', 'dealerShare');
    rejects(spec({ vbtShare: '-0.1' }), 'SHARES_INVALID', 'vbtShare');
    rejects(spec({ dealerShare: '0.6', vbtShare: '0.5' }), 'SHARES_INVALID', 'vbtShare');
    const ok = resolveConfig(spec({ dealerShare: '0.5', vbtShare: '0.5' }) as RunConfigInput) as SpecRunConfig;
    expect([ok.dealerShare, ok.vbtShare]).toEqual(['0.5', '0.5']);
  });

  it('FLOW_INVALID (spec): 0 < π_sell < 1, N_max ≥ 1, H ≥ 0, buffer_B ≥ 0', () => {
    rejects(spec({ piSell: '0' }), 'FLOW_INVALID', 'piSell');
    rejects(spec({ piSell: '1' }), 'FLOW_INVALID', 'piSell');
    rejects(spec({ nMax: 0 }), 'FLOW_INVALID', 'nMax');
    rejects(spec({ investHorizon: -1 }), 'FLOW_INVALID', 'investHorizon');
    rejects(spec({ cashBuffer: '-1' }), 'FLOW_INVALID', 'cashBuffer');
  });

  it('SETTLEMENT_INVALID (spec): g ≥ 0 integer, overdraft limit and rate ≥ 0, maxDays ≥ 1', () => {
    rejects(spec({ graceDays: -1 }), 'SETTLEMENT_INVALID', 'graceDays');
    rejects(spec({ graceDays: 0.5 }), 'SETTLEMENT_INVALID', 'graceDays');
    rejects(spec({ overdraft: { limit: '-1', rateBpsPerDay: '0' } }), 'SETTLEMENT_INVALID', 'overdraft.limit');
    rejects(spec({ overdraft: { limit: '10', rateBpsPerDay: '-2' } }), 'SETTLEMENT_INVALID', 'overdraft.rateBpsPerDay');
    rejects(spec({ maxDays: 0 }), 'SETTLEMENT_INVALID', 'maxDays');
    rejects(spec({ clearing: 'net' }), 'SETTLEMENT_INVALID', 'clearing');
  });

  it('SCENARIO_INVALID (spec): unique ids, amounts positive multiples of S, due days ≥ 1, debtor ≠ creditor, one payable per issuer', () => {
    const traders = [
      { id: 'A', cash: '10' },
      { id: 'B', cash: '0' },
      { id: 'C', cash: '5' },
    ];
    const s = (t: unknown[], p: unknown[], o: Record<string, unknown> = {}) => spec({ scenario: { traders: t, payables: p }, ...o });
    const pay = (debtor: string, creditor: string, amount: string, dueDay: number) => ({ debtor, creditor, amount, dueDay });
    rejects(s([...traders, { id: 'A', cash: '1' }], []), 'SCENARIO_INVALID', 'scenario.traders[3].id');
    rejects(s(traders, [pay('A', 'B', '3', 1)], { ticketSize: '2', qTotal: '10' }), 'SCENARIO_INVALID', 'scenario.payables[0].amount');
    rejects(s(traders, [pay('A', 'B', '0', 1)]), 'SCENARIO_INVALID', 'scenario.payables[0].amount');
    rejects(s(traders, [pay('A', 'B', '5', 0)]), 'SCENARIO_INVALID', 'scenario.payables[0].dueDay');
    rejects(s(traders, [pay('A', 'A', '5', 1)]), 'SCENARIO_INVALID', 'scenario.payables[0].creditor');
    rejects(s(traders, [pay('A', 'B', '5', 1), pay('A', 'C', '5', 2)]), 'SCENARIO_INVALID', 'scenario.payables[1].debtor');
    rejects(s(traders, [pay('X', 'B', '5', 1)]), 'SCENARIO_INVALID', 'scenario.payables[0].debtor');
    const ok = resolveConfig(s(traders, [pay('A', 'B', '5', 1), pay('B', 'C', '7', 2)]) as RunConfigInput) as SpecRunConfig;
    expect(ok.nAgents).toBe(3);
    expect(ok.qTotal).toBe('12');
  });

  it('BETA_INVALID (paper2025): β ≥ 0', () => {
    rejects(paper({ bigEntityShare: '-0.25' }), 'BETA_INVALID', 'bigEntityShare');
    expect((resolveConfig(paper({ bigEntityShare: '0' }) as RunConfigInput) as Paper2025RunConfig).bigEntityShare).toBe('0');
  });

  it('codes outside the §2.4 table: profile, regime, seed, options, anchors, policies, paper2025 Q', () => {
    rejects(paper({ profile: 'head' }), 'PROFILE_INVALID', 'profile');
    rejects(paper({ regime: 'both' }), 'REGIME_INVALID', 'regime');
    rejects(paper({ seed: -1 }), 'SEED_INVALID', 'seed');
    rejects(paper({ seed: 2 ** 53 }), 'SEED_INVALID', 'seed');
    rejects(paper({ seed: '42' }), 'SEED_INVALID', 'seed');
    rejects(paper({ emulateDisplayAbort: 'yes' }), 'OPTION_INVALID', 'emulateDisplayAbort');
    rejects(paper({ qTotal: '0' }), 'Q_INVALID', 'qTotal');
    rejects(spec({ clipNonnegB: 1 }), 'OPTION_INVALID', 'clipNonnegB');
    rejects(spec({ mMin: '-0.02' }), 'ANCHORS_INVALID', 'mMin');
    rejects(spec({ oMin: '0.5' }), 'BUCKETS_INVALID', 'buckets[0].O0');
    rejects(spec({ policies: { H9: { sellEnabled: false } } }), 'POLICY_INVALID', 'policies.H9');
    rejects(spec({ policies: { H1: { sellEnabled: 'no' } } }), 'POLICY_INVALID', 'policies.H1.sellEnabled');
    rejects(spec({ policies: { H1: { minBidFraction: '1.5' } } }), 'POLICY_INVALID', 'policies.H1.minBidFraction');
    rejects(spec({ policies: { H1: { colour: 'red' } } }), 'POLICY_INVALID', 'policies.H1.colour');
    rejects(null, 'CONFIG_INVALID', 'config');
  });
});
