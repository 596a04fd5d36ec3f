import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D, canon } from './decimal';
import { pairId, resolveConfig } from './config';
import type { RunConfigInput } from './config';
import { pairMetrics, runPair } from './pair';
import type { RunResult } from './outcome';

/*
 * Pair-level metrics of docs/model.md §11: trading effect Δ = δ_passive − δ_active (D), relief ratio
 * Δ/δ_passive (0 if δ_passive = 0), effect class on the exact rationals, stress regime by δ_passive.
 */

/** A run result carrying only what pairMetrics reads: δ (D string) and its exact rational. */
function arm(delta: string | null, num?: bigint | number, den?: bigint | number): RunResult {
  return {
    delta,
    deltaExact: num === undefined ? null : { num: String(num), den: String(den) },
  } as unknown as RunResult;
}

/** The 28-digit D value of a rational, as the §11 procedure reports it. */
const dOf = (num: bigint | number, den: bigint | number) => new D(String(num)).div(String(den)).toString();

describe('pairMetrics (docs/model.md §11)', () => {
  it('Δ is the D difference of the reported values; relief ratio Δ/δ_passive; classes improved / worsened / unchanged', () => {
    const improved = pairMetrics(arm('0.5', 1, 2), arm('0.25', 1, 4));
    expect(improved).toEqual({ tradingEffect: '0.25', tradingReliefRatio: '0.5', effectClass: 'improved', stressRegime: 'medium' });
    const worsened = pairMetrics(arm('0.25', 1, 4), arm('0.5', 1, 2));
    expect(worsened).toEqual({ tradingEffect: '-0.25', tradingReliefRatio: '-1', effectClass: 'worsened', stressRegime: 'medium' });
    const same = pairMetrics(arm('0.5', 1, 2), arm('0.5', 2, 4));
    expect(same).toMatchObject({ tradingEffect: '0', tradingReliefRatio: '0', effectClass: 'unchanged' });
  });

  it('relief ratio is 0 when δ_passive = 0 (Run A of §V7: δ_active = 1500/14998)', () => {
    const m = pairMetrics(arm('0', 0, 14998), arm(dOf(1500, 14998), 1500, 14998));
    expect(m.tradingReliefRatio).toBe('0');
    expect(m.tradingEffect).toBe('-0.1000133351113481797573009735');
    expect(m.effectClass).toBe('worsened');
    expect(m.stressRegime).toBe('low');
  });

  it('the class is decided on the exact rationals, not on the 28-digit values', () => {
    // 1/3 and 10²⁹/(3·10²⁹ + 1) print the same 28 digits; the exact values differ.
    const a = { num: 1n, den: 3n };
    const b = { num: 10n ** 29n, den: 3n * 10n ** 29n + 1n };
    expect(dOf(a.num, a.den)).toBe(dOf(b.num, b.den));
    const m = pairMetrics(arm(dOf(a.num, a.den), a.num, a.den), arm(dOf(b.num, b.den), b.num, b.den));
    expect(m.tradingEffect).toBe('0');
    expect(m.effectClass).toBe('improved');
    expect(pairMetrics(arm(dOf(b.num, b.den), b.num, b.den), arm(dOf(a.num, a.den), a.num, a.den)).effectClass).toBe('worsened');
    // and unreduced fractions of equal value are unchanged
    expect(pairMetrics(arm('0.5', 7499, 14998), arm('0.5', 1, 2)).effectClass).toBe('unchanged');
  });

  it('stress regimes: low if δ_passive < 0.1, medium if 0.1 ≤ δ_passive ≤ 0.9, catastrophic if > 0.9', () => {
    const regime = (d: string) => pairMetrics(arm(d, 0, 1), arm('0', 0, 1)).stressRegime;
    expect(regime('0')).toBe('low');
    expect(regime('0.0999999999999999999999999999')).toBe('low');
    expect(regime('0.1')).toBe('medium');
    expect(regime('0.5')).toBe('medium');
    expect(regime('0.9')).toBe('medium');
    expect(regime('0.9000000000000000000000000001')).toBe('catastrophic');
    expect(regime('1')).toBe('catastrophic');
  });

  it('everything is null when either δ is undefined (nothing created)', () => {
    const none = { tradingEffect: null, tradingReliefRatio: null, effectClass: null, stressRegime: null };
    expect(pairMetrics(arm(null), arm('0', 0, 1))).toEqual(none);
    expect(pairMetrics(arm('0', 0, 1), arm(null))).toEqual(none);
  });
});

describe('runPair', () => {
  const runB: RunConfigInput = { profile: 'paper2025', seed: 362, kappa: '1', concentration: '5', mu: '0', outsideMidRatio: '0.8' };

  it('runs both arms from one configuration (its regime is ignored) and shares pair_id', () => {
    const pair = runPair({ ...runB, regime: 'passive' });
    expect(pair.passive.config.regime).toBe('passive');
    expect(pair.active.config.regime).toBe('active');
    expect(pair.pairId).toBe(pair.passive.pairId);
    expect(pair.active.pairId).toBe(pair.pairId);
    expect(pair.pairId).toBe(pairId(resolveConfig(runB)));
    expect(pair.passive.runId.startsWith('passive_')).toBe(true);
    expect(pair.active.runId.startsWith('active_')).toBe(true);
    expect(runPair({ ...runB, regime: 'active' })).toEqual(pair);
  });

  it('Run B of §V7: δ_passive = 1, δ_active = 0 → Δ = 1, relief 1, improved, catastrophic', () => {
    const pair = runPair(runB);
    expect(pair.tradingEffect).toBe('1');
    expect(pair.tradingReliefRatio).toBe('1');
    expect(pair.effectClass).toBe('improved');
    expect(pair.stressRegime).toBe('catastrophic');
  });

  it('Run A of §V7: δ_passive = 0 → relief ratio 0, worsened, low', () => {
    const pair = runPair({ profile: 'paper2025', seed: 112, kappa: '1', concentration: '5', mu: '0', outsideMidRatio: '1.0' });
    expect(pair.tradingEffect).toBe('-0.1000133351113481797573009735');
    expect(pair.tradingReliefRatio).toBe('0');
    expect(pair.effectClass).toBe('worsened');
    expect(pair.stressRegime).toBe('low');
  });

  it('one observer per arm', () => {
    const seen: Record<string, number> = { passive: 0, active: 0 };
    runPair(runB, {
      observer: (regime) => () => {
        seen[regime]!++;
      },
    });
    expect(seen.passive! > 0 && seen.active! > 0).toBe(true);
  });
});

describe('pair metrics of the published sample (paper2025-pairs-sample.csv, Variant B)', () => {
  const text = readFileSync(new URL('../test/fixtures/paper2025-pairs-sample.csv', import.meta.url), 'utf8');
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const cols = head!.split(',');
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));

  it('Δ = δ_passive − δ_active of the vector values; class by its sign (|Δ| ≥ 0.0027 when non-zero); stress regime by δ_passive', () => {
    expect(rows).toHaveLength(69);
    for (const r of rows) {
      const pair = runPair({
        profile: 'paper2025',
        seed: Number(r.seed),
        kappa: r.kappa!,
        concentration: r.concentration!,
        mu: r.mu!,
        outsideMidRatio: r.outside_mid_ratio!,
      });
      const dp = new D(r.delta_passive!);
      const delta = dp.minus(r.delta_active_nocrash!);
      const label = `seed ${r.seed} κ ${r.kappa} c ${r.concentration} μ ${r.mu} ρ ${r.outside_mid_ratio}`;
      expect(pair.tradingEffect, label).toBe(canon(delta));
      expect(pair.tradingReliefRatio, label).toBe(dp.isZero() ? '0' : canon(delta.div(dp)));
      expect(pair.effectClass, label).toBe(delta.gt(0) ? 'improved' : delta.lt(0) ? 'worsened' : 'unchanged');
      expect(pair.stressRegime, label).toBe(dp.lt('0.1') ? 'low' : dp.lte('0.9') ? 'medium' : 'catastrophic');
    }
  });
});
