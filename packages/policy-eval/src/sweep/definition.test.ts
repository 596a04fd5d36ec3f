import { describe, expect, it } from 'vitest';
import { ConfigValidationError } from '@ring/engine';
import {
  SweepError,
  armConfig,
  defineSweep,
  locatePair,
  pairCount,
  parseShard,
  planSweep,
  shardIndices,
  sweepHash,
  sweepPreset,
  REGIME_ARMS,
} from '../index';
import { cellCount } from './definition';

describe('paper2025 preset (docs/experiment-paper2025.md §1)', () => {
  const def = sweepPreset('paper2025');
  it('is the published grid in the published loop order: ρ outermost, μ innermost, seed = 42 + pair index', () => {
    expect(def.axes.map((a) => a.key)).toEqual(['outsideMidRatio', 'kappa', 'concentration', 'mu']);
    expect(def.axes.map((a) => a.values)).toEqual([
      ['1', '0.9', '0.8', '0.75', '0.5'],
      ['0.25', '0.5', '1', '2', '4'],
      ['0.2', '0.5', '1', '2', '5'],
      ['0', '0.25', '0.5', '0.75', '1'],
    ]);
    expect(pairCount(def)).toBe(625);
    for (const [i, rho, k, c, mu] of [
      [0, '1', '0.25', '0.2', '0'],
      [1, '1', '0.25', '0.2', '0.25'],
      [5, '1', '0.25', '0.5', '0'],
      [124, '1', '4', '5', '1'],
      [125, '0.9', '0.25', '0.2', '0'],
      [624, '0.5', '4', '5', '1'],
    ] as const) {
      const loc = locatePair(def, i);
      expect(loc.seed).toBe(42 + i);
      expect(loc.values).toEqual({ outsideMidRatio: rho, kappa: k, concentration: c, mu });
    }
  });
  it('resolves to the paper2025 configuration of both arms (same seed, N = 5, S = 20, β = 0.25)', () => {
    const loc = locatePair(def, 7);
    const a = armConfig(def, loc.values, loc.seed, def.arms[0]);
    const b = armConfig(def, loc.values, loc.seed, def.arms[1]);
    expect(a).toMatchObject({
      profile: 'paper2025',
      regime: 'passive',
      seed: 49,
      nAgents: 5,
      ticketSize: '20',
      bigEntityShare: '0.25',
      emulateDisplayAbort: false,
    });
    expect({ ...b, regime: 'passive' }).toEqual(a);
    expect(sweepPreset('paper2025', { emulateDisplayAbort: true }).base).toMatchObject({ emulateDisplayAbort: true });
  });
  it('normalises values, so equal sweeps hash equally', () => {
    const a = sweepPreset('paper2025', { grid: { outsideMidRatio: ['1.0', '0.50'] } });
    const b = sweepPreset('paper2025', { grid: { outsideMidRatio: [1, 0.5] } });
    expect(a.axes[0]!.values).toEqual(['1', '0.5']);
    expect(sweepHash(a)).toBe(sweepHash(b));
    expect(sweepHash(a)).not.toBe(sweepHash(def));
  });
});

describe('replicates, grid overrides and validation', () => {
  it('seed(cell, r) = base + r·cells + cell; pair index = cell·R + r', () => {
    const def = sweepPreset('paper2025', { replicates: 3 });
    expect(pairCount(def)).toBe(1875);
    expect(cellCount(def)).toBe(625);
    expect(locatePair(def, 0)).toMatchObject({ cell: 0, replicate: 0, seed: 42 });
    expect(locatePair(def, 1)).toMatchObject({ cell: 0, replicate: 1, seed: 42 + 625 });
    expect(locatePair(def, 5)).toMatchObject({ cell: 1, replicate: 2, seed: 42 + 1250 + 1 });
    // Replicate 0 of every cell is the one-replicate sweep's pair.
    const one = sweepPreset('paper2025');
    expect(locatePair(def, 3 * 17).seed).toBe(locatePair(one, 17).seed);
  });
  it('overrides replace an axis in place, fix a key with one value, or add an outermost axis', () => {
    const def = sweepPreset('spec-default', { grid: { kappa: ['0.5', '1'], nAgents: [100, 200], maturityDays: [5] } });
    expect(def.axes.map((a) => a.key)).toEqual(['nAgents', 'outsideMidRatio', 'kappa', 'concentration', 'mu']);
    expect(def.base).toMatchObject({ maturityDays: 5 });
    expect(pairCount(def)).toBe(2 * 5 * 2 * 5 * 5);
  });
  it('rejects bad values before any run, naming the field', () => {
    expect(() => sweepPreset('paper2025', { grid: { kappa: ['0'] } })).toThrow(ConfigValidationError);
    expect(() => sweepPreset('paper2025', { grid: { kappa: ['abc'] } })).toThrow(SweepError);
    expect(() => sweepPreset('paper2025', { replicates: 0 })).toThrow(/replicates/);
    expect(() => sweepPreset('spec-default', { emulateDisplayAbort: true })).toThrow(SweepError);
    expect(() => sweepPreset('nope' as 'paper2025')).toThrow(/preset/);
    expect(() =>
      defineSweep({
        profile: 'paper2025',
        base: {},
        axes: [{ key: 'kappa', values: ['1', '1.0'] }],
        replicates: 1,
        baseSeed: 1,
        arms: REGIME_ARMS,
      }),
    ).toThrow(/twice/);
    try {
      sweepPreset('paper2025', { grid: { mu: ['2'] } });
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigValidationError).field).toBe('mu');
    }
  });
});

describe('shards', () => {
  const def = sweepPreset('paper2025');
  it('parses k/n (1-based) and rejects anything else', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1', '1/2/3']) expect(() => parseShard(bad)).toThrow(SweepError);
  });
  it('slices round-robin: disjoint, covering, deterministic', () => {
    const parts = [1, 2, 3].map((k) => shardIndices(def, { index: k, count: 3 }));
    expect(parts.map((p) => p.length)).toEqual([209, 208, 208]);
    expect(parts[1]!.slice(0, 3)).toEqual([1, 4, 7]);
    expect(parts.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 625 }, (_, i) => i));
  });
  it('plans what is left after a resume', () => {
    const plan = planSweep(def, { index: 1, count: 2 }, [0, 2, 3, 4]);
    expect(plan.finished).toEqual([0, 2, 4]);
    expect(plan.pending[0]).toBe(6);
    expect(plan.pending.length + plan.finished.length).toBe(313);
  });
});
