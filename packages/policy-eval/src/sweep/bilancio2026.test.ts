import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { D } from '@ring/engine';
import { armConfig, executePair, locatePair, pairCount, sweepPreset, sweepSummary } from '../index';
import { COMPARISON_COLUMNS } from './records';

/*
 * The bilancio2026 preset (docs/model-bilancio2026.md §1): the reference's balanced grid in its loop
 * order, seeds from 42, and — at N = 5 — the 28 reference pairs of the fixture, matched on the seed.
 */

const here = dirname(fileURLToPath(import.meta.url));
const lines = readFileSync(join(here, '..', '..', 'test', 'fixtures', 'bilancio2026-pairs-sample.csv'), 'utf8')
  .trim()
  .split('\n');
const header = lines[0]!.split(',');
const sample = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])) as Record<string, string>);

describe('bilancio2026 preset', () => {
  const def = sweepPreset('bilancio2026');

  it('is the balanced grid: ρ → κ_ref → c → μ (ρ = 0.9 first, the others ascending), 250 pairs, seed = 42 + pair index, N = 100', () => {
    expect(def.profile).toBe('bilancio2026');
    expect(def.axes.map((a) => a.key)).toEqual(['outsideMidRatio', 'kappaReference', 'concentration', 'mu']);
    expect(pairCount(def)).toBe(250);
    for (const [i, rho, k, c, mu] of [
      [0, '0.9', '0.25', '0.2', '0'],
      [1, '0.9', '0.25', '0.2', '0.25'],
      [25, '0.9', '0.5', '0.2', '0'],
      [124, '0.9', '4', '5', '1'],
      [125, '0.5', '0.25', '0.2', '0'],
      [249, '0.5', '4', '5', '1'],
    ] as const) {
      const loc = locatePair(def, i);
      expect(loc.seed).toBe(42 + i);
      expect(loc.values).toEqual({ outsideMidRatio: rho, kappaReference: k, concentration: c, mu });
    }
    expect(armConfig(def, locatePair(def, 0).values, 42, def.arms[0])).toMatchObject({ nAgents: 100, ticketSize: '20' });
  });

  it('comparison rows: kappa is ring κ = 1/κ_ref, kappa_reference the reference κ, monotonicity 0', () => {
    const small = sweepPreset('bilancio2026', { grid: { nAgents: [5] } });
    const { record } = executePair(small, 0);
    expect(Object.keys(record.comparison)).toEqual([...COMPARISON_COLUMNS]);
    expect(record.comparison).toMatchObject({ kappa: '4', kappa_reference: '0.25', monotonicity: '0', seed: 42, n_agents: 5 });
  });

  it('summary.json lists ring κ (4 … 0.25) and the reference κ of the grid', () => {
    const small = sweepPreset('bilancio2026', { grid: { nAgents: [5] } });
    const first = armConfig(small, locatePair(small, 0).values, 42, small.arms[0]);
    const s = sweepSummary(small, first, []);
    expect(s.config.kappas).toEqual(['4', '2', '1', '0.5', '0.25']);
    expect(s.config.kappa_references).toEqual(['0.25', '0.5', '1', '2', '4']);
    expect(s.options).not.toHaveProperty('kappaReference');
  });

  it('a kappa grid replaces the kappaReference axis in place (same loop order and seeds)', () => {
    const byRing = sweepPreset('bilancio2026', { grid: { kappa: ['4', '2'] } });
    expect(byRing.axes.map((a) => a.key)).toEqual(['outsideMidRatio', 'kappa', 'concentration', 'mu']);
    expect(locatePair(byRing, 25).values).toEqual({ outsideMidRatio: '0.9', kappa: '2', concentration: '0.2', mu: '0' });
    const fixed = sweepPreset('bilancio2026', { grid: { kappa: ['2'] } });
    expect(pairCount(fixed)).toBe(50);
    const base = sweepPreset('bilancio2026', { base: { kappa: '2' } as never });
    expect(base.axes.map((a) => a.key)).toEqual(['outsideMidRatio', 'concentration', 'mu']);
  });

  // Runs only the 28 pairs of the fixture (the CLI test runs the whole preset once).
  it.each(sample.map((r) => [Number(r.seed), r] as const))('at N = 5 reproduces the reference pair of seed %i', (seed, r) => {
    const small = sweepPreset('bilancio2026', { grid: { nAgents: [5] } });
    const { record } = executePair(small, seed - 42);
    const c = record.comparison;
    expect([c.kappa, c.kappa_reference, c.concentration, c.mu, c.outside_mid_ratio, c.seed]).toEqual([
      r.kappa,
      r.kappa_reference,
      r.concentration,
      r.mu,
      r.outside_mid_ratio,
      seed,
    ]);
    expect({
      delta_passive: c.delta_passive,
      delta_active: c.delta_active,
      total_trades: c.total_trades,
      n_defaults_passive: c.n_defaults_passive,
      n_defaults_active: c.n_defaults_active,
    }).toEqual({
      delta_passive: new D(r.delta_passive!).toString(),
      delta_active: new D(r.delta_active!).toString(),
      total_trades: Number(r.total_trades),
      n_defaults_passive: Number(r.n_defaults_passive),
      n_defaults_active: Number(r.n_defaults_active),
    });
  });
});
