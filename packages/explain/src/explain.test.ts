import { describe, expect, it } from 'vitest';
import { ExplainInputError } from './errors';
import { explainPair, explainSweep } from './explain';
import { arm, initialState, liabilities, repayments, trades } from './test-rows';
import type { L, T } from './test-rows';

const L1: L = ['PAY_1', 'H1', 100, 2, true];

describe('paired outcome attribution', () => {
  it('saved, harmed, settled in both, defaulted in both', () => {
    const passive = arm('passive', [
      ['PAY_1', 'H1', 100, 2, false],
      ['PAY_2', 'H2', 50, 3, true],
      ['PAY_3', 'H3', 30, 1, true],
      ['PAY_4', 'H4', 20, 4, false],
    ]);
    const active = arm('active', [
      ['PAY_1', 'H1', 100, 2, true],
      ['PAY_2', 'H2', 50, 3, false],
      ['PAY_3', 'H3', 30, 1, true],
      ['PAY_4', 'H4', 20, 4, false],
    ]);
    const p = explainPair(passive, active).pairs[0]!;
    expect(p.liabilities).toEqual({
      saved: { count: 1, face: '100' },
      harmed: { count: 1, face: '50' },
      settled_both: { count: 1, face: '30' },
      defaulted_both: { count: 1, face: '20' },
      passive_only: { count: 0, face: '0' },
      active_only: { count: 0, face: '0' },
    });
    expect([p.total_face, p.total_face_active]).toEqual(['200', '200']);
    expect([p.delta_passive, p.delta_active, p.trading_effect, p.effect_class]).toEqual(['0.6', '0.35', '0.25', 'improved']);
    expect(p.saved.map((s) => s.liability_id)).toEqual(['PAY_1']);
    expect(p.harmed.map((s) => s.liability_id)).toEqual(['PAY_2']);
    expect(p.no_difference_reason).toBeNull();
  });

  it('passive_only and active_only: liabilities created in one arm only (reassigned receivables)', () => {
    const passive = arm('passive', [L1, ['PAY_2', 'H2', 50, 3, false], ['PAY_7', 'H3', 40, 5, false]]);
    const active = arm('active', [L1, ['PAY_2', 'H2', 50, 3, false], ['PAY_8', 'H2', 25, 6, false], ['PAY_9', 'H4', 5, 6, true]]);
    const p = explainPair(passive, active).pairs[0]!;
    expect(p.liabilities.passive_only).toEqual({ count: 1, face: '40' });
    expect(p.liabilities.active_only).toEqual({ count: 2, face: '30' });
    expect([p.total_face, p.total_face_active]).toEqual(['190', '180']);
    // δ_passive = 90/190, δ_active = 75/180
    expect(p.effect_class).toBe('improved');
  });

  it('one id, two different liabilities (created during the run in each arm): passive_only and active_only, never matched', () => {
    const passive = arm('passive', [L1, ['PAY_7', 'H3', 40, 5, false]]);
    const active = arm('active', [L1, ['PAY_7', 'H2', 25, 6, true]]);
    const p = explainPair(passive, active).pairs[0]!;
    expect([p.liabilities.passive_only, p.liabilities.active_only, p.liabilities.saved]).toEqual([
      { count: 1, face: '40' },
      { count: 1, face: '25' },
      { count: 0, face: '0' },
    ]);
  });

  it('links each saved or harmed liability to the trades by its debtor or on its ticket, by its due day', () => {
    const ts: T[] = [
      { day: 0, trader: 'H1' }, // 0: the debtor sold: its cash
      { day: 1, trader: 'H9', ticket: 'TKT_PAY_1' }, // 1: someone traded PAY_1's ticket (named)
      { day: 1, trader: 'H9', ticket: 'TKT_PAY_6', issuer: 'H1', maturity: 2 }, // 2: the debtor's other payable, same day: not PAY_1's
      { day: 1, trader: 'H8', ticket: 'TKT_77', issuer: 'H1', maturity: 2 }, // 3: an unnamed ticket of H1 due on day 2: PAY_1's
      { day: 2, trader: 'H1', side: 'BUY' }, // 4: due day: the trading phase precedes settlement
      { day: 3, trader: 'H1' }, // 5: after the due day
      { day: 1, trader: 'H5' }, // 6: unrelated
    ];
    const passive = arm('passive', [
      ['PAY_1', 'H1', 100, 2, false],
      ['PAY_6', 'H1', 10, 2, true],
    ]);
    const active = arm(
      'active',
      [
        ['PAY_1', 'H1', 100, 2, true],
        ['PAY_6', 'H1', 10, 2, true],
      ],
      { trades: ts },
    );
    const p = explainPair(passive, active).pairs[0]!;
    expect(p.saved).toEqual([{ liability_id: 'PAY_1', debtor: 'H1', face: '100', due_day: 2, trades: [0, 1, 3, 4] }]);
    expect(p.total_trades).toBe(7);
  });

  it('from repayment rows only (older output): a liability due after an arm’s last day exists there, unsettled', () => {
    const ls: L[] = [
      ['PAY_1', 'H1', 100, 1, true],
      ['PAY_2', 'H2', 50, 3, true],
      ['PAY_3', 'H3', 30, 5, false],
    ];
    const activeLs: L[] = [
      ['PAY_1', 'H1', 100, 1, true],
      ['PAY_2', 'H2', 50, 3, false],
      ['PAY_3', 'H3', 30, 5, false],
    ];
    const metrics = (regime: 'passive' | 'active', settled: number[]) =>
      [1, 3, 5].map((day, i) => ({
        run_id: `${regime}_run`,
        regime,
        outside_mid_ratio: '1',
        day,
        S_t: String([100, 50, 30][i]),
        settled_t: String(settled[i]),
        phi_t: null,
        delta_t: null,
      }));
    const passive = {
      summary: { final_day: 4 },
      repayments: repayments('passive', ls, 4),
      metricsByDay: metrics('passive', [100, 50, 0]),
      trades: [],
    };
    const active = {
      summary: { final_day: 3 },
      repayments: repayments('active', activeLs, 3),
      metricsByDay: metrics('active', [100, 0, 0]),
      trades: trades([{ day: 1, trader: 'H2' }]),
    };
    const e = explainPair(passive, active);
    const p = e.pairs[0]!;
    expect(p.liabilities.harmed).toEqual({ count: 1, face: '50' });
    expect(p.liabilities.passive_only.count + p.liabilities.active_only.count).toBe(0);
    // PAY_3 is due after both last days: neither file lists it
    expect(p.liabilities.settled_both.count + p.liabilities.defaulted_both.count).toBe(1);
    expect([p.total_face, p.delta_passive, p.delta_active, p.effect_class]).toEqual([
      '180',
      '0.1666666666666666666666666667',
      '0.4444444444444444444444444444',
      'worsened',
    ]);
    expect(e.missing.map((m) => [m.part, m.file, m.runs])).toEqual([
      ['attribution', 'liabilities.csv', 2],
      ['by_initial_liquidity', 'trader_initial_state.csv', 2],
      ['horizons', 'inventory_timeseries.csv', 1],
      ['horizons', 'system_state_timeseries.csv', 1],
    ]);
    expect(e.missing[0]!.reason).toMatch(/face 30 unlisted/);
    expect(e.by_initial_liquidity).toEqual([]);
    expect(e.horizons).toEqual([]);
  });
});

describe('bad input', () => {
  it('an arm without liability or repayment rows, swapped arms, arms of two pairs: typed errors naming the input', () => {
    const ok = arm('active', [L1]);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ExplainInputError);
        return [(e as ExplainInputError).code, (e as ExplainInputError).field];
      }
      return null;
    };
    expect(code(() => explainPair({ trades: [] }, ok))).toEqual(['ARM_ROWS_MISSING', 'passive']);
    expect(code(() => explainPair(ok, arm('passive', [L1])))).toEqual(['ARMS_MISMATCH', 'passive']);
    expect(code(() => explainPair(arm('passive', [L1], { pairId: 'pair_a' }), arm('active', [L1], { pairId: 'pair_b' })))).toEqual([
      'ARMS_MISMATCH',
      'pair_id',
    ]);
    expect(code(() => explainPair({ liabilities: liabilities('passive', [['PAY_1', 'H1', 1.5, 1, true]]) }, ok))).toEqual([
      'FACE_NOT_INTEGER',
      'passive.liabilities.face',
    ]);
  });
});

describe('no-difference reasons', () => {
  const pair = (p: L[], a: L[], ts: T[], finalDay = 99) =>
    explainPair(arm('passive', p, { finalDay }), arm('active', a, { trades: ts, finalDay })).pairs[0]!;
  const bad: L = ['PAY_2', 'H2', 50, 3, false];
  it.each([
    ['no_trades', pair([L1, bad], [L1, bad], []), /made no trade/],
    ['liquidity_not_binding', pair([L1], [L1], [{ day: 0, trader: 'H1' }]), /every liability was settled in full in both arms/],
    [
      'saved_equals_harmed',
      pair(
        [L1, ['PAY_2', 'H2', 100, 3, false]],
        [
          ['PAY_1', 'H1', 100, 2, false],
          ['PAY_2', 'H2', 100, 3, true],
        ],
        [{ day: 0, trader: 'H1' }],
      ),
      /saved 1 liability \(face 100\) and harmed 1 liability \(face 100\)/,
    ],
    [
      'only_unattempted',
      pair([L1, bad], [L1, bad], [{ day: 0, trader: 'H1' }], 2),
      /no trader defaulted; the 1 unsettled liability \(face 50\) fell due after the run stopped on day 2/,
    ],
    ['trades_too_late', pair([L1, bad], [L1, bad], [{ day: 4, trader: 'H2' }]), /all 1 trade came after the last default \(day 3\)/],
    ['defaulters_never_traded', pair([L1, bad], [L1, bad], [{ day: 1, trader: 'H1' }]), /none of the 1 defaulting trader \(H2\) traded/],
    [
      'trades_insufficient',
      pair([L1, bad], [L1, bad], [{ day: 2, trader: 'H2' }]),
      /the defaulting trader traded \(H2\), yet no liability changed outcome/,
    ],
  ])('%s', (code, p, detail) => {
    expect(p.effect_class).toBe('unchanged');
    expect(p.no_difference_reason).toBe(code);
    expect(p.no_difference_detail).toMatch(detail);
  });

  it('a pair with Δ ≠ 0 has no reason; Δ = 0 without the trades has none either, and says so', () => {
    expect(pair([bad], [['PAY_2', 'H2', 50, 3, true]], []).no_difference_reason).toBeNull();
    const e = explainPair(arm('passive', [L1, bad]), { ...arm('active', [L1, bad]), trades: null });
    expect(e.pairs[0]!.no_difference_reason).toBeNull();
    expect(e.missing.map((m) => m.part)).toContain('no_difference_reasons');
  });
});

describe('strategies, horizons, initial liquidity', () => {
  const ls: L[] = [
    ['PAY_1', 'H1', 100, 2, false],
    ['PAY_2', 'H2', 50, 3, true],
    ['PAY_3', 'H3', 30, 1, true],
  ];
  const activeLs: L[] = [
    ['PAY_1', 'H1', 100, 2, true],
    ['PAY_2', 'H2', 50, 3, true],
    ['PAY_3', 'H3', 30, 1, false],
  ];
  const ts: T[] = [
    { day: 1, trader: 'H1' },
    { day: 1, trader: 'H3', side: 'BUY' },
  ];
  const init = (regime: 'passive' | 'active') =>
    initialState(regime, [
      ['H1', '20', '100'],
      ['H2', '75', '50'],
      ['H3', '60', '30'],
      ['big', '5', '0'],
    ]);
  const passive = { ...arm('passive', ls), repayments: repayments('passive', ls, 99), initialState: init('passive') };
  const active = {
    ...arm('active', activeLs, { trades: ts }),
    repayments: repayments('active', activeLs, 99, ts),
    initialState: init('active'),
  };

  it('strategy classes per arm from the repayment rows (docs/instrumentation.md §3)', () => {
    const s = explainPair(passive, active).strategies;
    const row = (regime: string, strategy: string) => s.find((r) => r.regime === regime && r.strategy === strategy)!;
    expect(s).toHaveLength(8);
    expect(row('passive', 'no_trade')).toEqual({
      strategy: 'no_trade',
      regime: 'passive',
      liabilities: 3,
      face: '180',
      defaulted: 1,
      defaulted_face: '100',
      default_rate: '0.5555555555555555555555555556',
    });
    expect(row('active', 'sell_before')).toMatchObject({ liabilities: 1, face: '100', defaulted: 0, default_rate: '0' });
    expect(row('active', 'hold_to_maturity')).toMatchObject({ liabilities: 1, face: '30', defaulted: 1, default_rate: '1' });
    expect(row('active', 'round_trip')).toMatchObject({ liabilities: 0, face: '0', default_rate: null });
  });

  it('fixed buckets for one pair, quintiles for a sweep; face-weighted default rates per arm', () => {
    const e = explainPair(passive, active);
    expect(e.liquidity_buckets).toBe('fixed');
    expect(
      e.by_initial_liquidity.map((b) => [
        b.bucket,
        b.traders,
        b.default_rate_passive,
        b.default_rate_active,
        b.defaulters_passive,
        b.defaulters_active,
      ]),
    ).toEqual([
      ['<0.25', 1, '1', '0', 1, 0],
      ['1-2', 1, '0', '0', 0, 0],
      ['2-4', 1, '0', '1', 0, 1],
      ['no_debt', 1, null, null, 0, 0],
    ]);
    const sweep = explainSweep([
      { passive, active },
      { passive, active },
    ]);
    expect(sweep.liquidity_buckets).toBe('quantile');
    // six ratios 0.2, 0.2, 1.5, 1.5, 2, 2: edges at ranks 2, 3, 4, 5 are 0.2, 1.5, 1.5, 2 (Q3 stays empty); two owe nothing
    expect(sweep.by_initial_liquidity.map((b) => [b.bucket, b.traders, b.ratio_min, b.ratio_max, b.default_rate_active])).toEqual([
      ['Q1', 2, '0.2', '0.2', '0'],
      ['Q2', 2, '1.5', '1.5', '0'],
      ['Q4', 2, '2', '2', '1'],
      ['no_debt', 2, null, null, null],
    ]);
  });

  it('horizons: dealer and VBT face against the remaining debt, per day of the active run', () => {
    const inv = (regime: 'passive' | 'active', day: number, bucket: string, dealer: string, vbt: string) =>
      ({ run_id: `${regime}_run`, regime, day, bucket, dealer_face: dealer, vbt_face: vbt }) as never;
    const sys = (regime: 'passive' | 'active', day: number, face: string) =>
      ({ run_id: `${regime}_run`, regime, day, total_face_value: face }) as never;
    const e = explainPair(
      { ...passive, systemState: [sys('passive', 0, '180')] },
      {
        ...active,
        inventory: [inv('active', 0, 'short', '10', '5'), inv('active', 0, 'long', '20', '0'), inv('active', 1, 'short', '0', '7')],
        systemState: [sys('active', 1, '80'), sys('active', 0, '180')],
      },
    );
    expect(e.horizons).toEqual([
      {
        pair_id: 'pair_x',
        day: 0,
        dealer_inventory_face: '30',
        remaining_debt_face: '180',
        vbt_inventory_face: '5',
        remaining_debt_face_passive: '180',
      },
      {
        pair_id: 'pair_x',
        day: 1,
        dealer_inventory_face: '0',
        remaining_debt_face: '80',
        vbt_inventory_face: '7',
        remaining_debt_face_passive: null,
      },
    ]);
  });
});
