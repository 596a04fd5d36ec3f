import { describe, expect, it } from 'vitest';
import { completedPairs, effectByParameter, meanOf, strategyTotals } from './statistics';

const pair = (kappa: string, dp: string | null, da: string | null, effect: string | null, cls: string | null, status = 'completed') => ({
  kappa,
  delta_passive: dp,
  delta_active: da,
  trading_effect: effect,
  effect_class: cls,
  passive_status: status,
  active_status: 'completed',
});

describe('completedPairs', () => {
  it('keeps the pairs completed in both regimes with δ and Δ defined, in file order', () => {
    const rows = [
      pair('1', '0.5', '0.25', '0.25', 'improved'),
      pair('1', null, '0.25', null, null),
      pair('2', '0.5', '0.5', '0', 'unchanged', 'failed'),
      pair('0.5', '0.1', '0.3', '-0.2', 'worsened'),
    ];
    const out = completedPairs(rows);
    expect(out.map((p) => [p.deltaPassive, p.deltaActive, p.effect, p.effectClass])).toEqual([
      [0.5, 0.25, 0.25, 'improved'],
      [0.1, 0.3, -0.2, 'worsened'],
    ]);
    expect(out[0]!.row).toBe(rows[0]);
  });
});

describe('meanOf', () => {
  it('adds left to right and divides by the count (the summary.json double mean)', () => {
    expect(meanOf([])).toBeNull();
    expect(meanOf([0.1, 0.2, 0.3])).toBe((0.1 + 0.2 + 0.3) / 3);
    expect(meanOf([1e16, 1, -1e16])).toBe(0); // left to right: (1e16 + 1) − 1e16 = 0 in doubles
  });
});

describe('effectByParameter', () => {
  it('groups by value in numeric order, with means and class counts', () => {
    const pairs = completedPairs([
      pair('10', '0.5', '0.25', '0.25', 'improved'),
      pair('2', '0.4', '0.4', '0', 'unchanged'),
      pair('10', '0.5', '0.75', '-0.25', 'worsened'),
      pair('2', '0.6', '0.2', '0.4', 'improved'),
    ]);
    expect(effectByParameter(pairs, 'kappa')).toEqual([
      {
        value: '2',
        pairs: 2,
        meanEffect: 0.2,
        meanDeltaPassive: 0.5,
        meanDeltaActive: (0.4 + 0.2) / 2,
        improved: 1,
        unchanged: 1,
        worsened: 0,
      },
      { value: '10', pairs: 2, meanEffect: 0, meanDeltaPassive: 0.5, meanDeltaActive: 0.5, improved: 1, unchanged: 0, worsened: 1 },
    ]);
  });
});

describe('strategyTotals', () => {
  const run = (regime: string, counts: [number, number, number, number], face: number, defaults: number, defaultFace: number) => ({
    regime,
    total_liabilities: counts.reduce((a, b) => a + b, 0),
    total_face_value: String(face),
    default_count_total: defaults,
    default_face_total: String(defaultFace),
    count_no_trade: counts[0],
    count_hold_to_maturity: counts[1],
    count_sell_before: counts[2],
    count_round_trip: counts[3],
    face_no_trade: String(face),
    face_hold_to_maturity: '0',
    face_sell_before: '0',
    face_round_trip: '0',
    default_count_no_trade: defaults,
    default_face_no_trade: String(defaultFace),
    default_count_hold_to_maturity: 0,
    default_face_hold_to_maturity: '0',
    default_count_sell_before: 0,
    default_face_sell_before: '0',
    default_count_round_trip: 0,
    default_face_round_trip: '0',
  });
  it('sums per regime (passive first) and class, with face-weighted default rates', () => {
    const t = strategyTotals([
      run('active', [2, 1, 0, 0], 40, 1, 10),
      run('passive', [3, 0, 0, 0], 60, 3, 60),
      run('active', [1, 0, 0, 0], 20, 0, 0),
    ]);
    expect(t.regimes).toEqual(['passive', 'active']);
    expect(t.totals).toHaveLength(10);
    const active = (s: string) => t.totals.find((x) => x.regime === 'active' && x.strategy === s)!;
    expect(active('all')).toEqual({
      regime: 'active',
      strategy: 'all',
      liabilities: 4,
      face: 60,
      defaults: 1,
      defaultFace: 10,
      defaultRate: 10 / 60,
    });
    expect(active('hold_to_maturity')).toMatchObject({ liabilities: 1, face: 0, defaultRate: null });
    expect(t.totals.find((x) => x.regime === 'passive' && x.strategy === 'no_trade')!.defaultRate).toBe(1);
  });
});
