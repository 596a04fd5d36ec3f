import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config';
import type { Paper2025RunConfig, RunConfigInput } from '../../config';
import { simulate } from '../../pair';
import { maxDaysOf } from './run';

/* The `paper2025` stop rule (docs/model.md §9.2): at most D_max = max(30, T + 5) days. */

const long = (maturityDays: number, mu: string, regime: 'passive' | 'active'): RunConfigInput => ({
  profile: 'paper2025',
  regime,
  nAgents: 5,
  seed: 3,
  mu,
  kappa: '0.25',
  maturityDays,
  concentration: '2',
});

describe('paper2025 stop rule D_max = max(30, T + 5)', () => {
  it('is 30 for every T ≤ 25 and T + 5 above', () => {
    const dMax = (T: number) =>
      maxDaysOf(
        resolveConfig({ profile: 'paper2025', seed: 1, kappa: '1', concentration: '1', mu: '0', maturityDays: T }) as Paper2025RunConfig,
      );
    expect([1, 10, 24, 25].map(dMax)).toEqual([30, 30, 30, 30]);
    expect([26, 40, 100].map(dMax)).toEqual([31, 45, 105]);
  });

  for (const regime of ['passive', 'active'] as const) {
    it(`${regime}: T = 40, μ = 1 (due days up to 40) runs past day 29 and settles everything (stable after day 42, δ = 0)`, () => {
      const r = simulate(long(40, '1', regime));
      expect(Math.max(...r.payables.map((p) => p.dueDay))).toBe(40);
      expect(r.finalDay).toBe(42);
      expect(r.endReason).toBe('stable');
      expect(r.delta).toBe('0');
      expect(r.payables.every((p) => p.status === 'settled')).toBe(true);
    });

    it(`${regime}: T = 60, μ = 1 stops after two quiet days following due day 60, inside D_max − 1 = 64`, () => {
      const r = simulate(long(60, '1', regime));
      expect(r.finalDay).toBe(62);
      expect(r.endReason).toBe('stable');
    });
  }

  it('T = 30, μ = 0.5: the last payables fall due on day 29 and are settled; the run ends stable after day 31 (the 30-day cap ended it after day 29)', () => {
    const r = simulate(long(30, '0.5', 'passive'));
    expect(Math.max(...r.payables.map((p) => p.dueDay))).toBe(29);
    expect(r.finalDay).toBe(31);
    expect(r.endReason).toBe('stable');
  });
});
