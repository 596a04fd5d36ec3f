import { describe, expect, it } from 'vitest';
import { armConfig, executePair, locatePair, pairConfigs, runSweep, shardIndices, sweepPreset } from '../index';
import type { PairOutput } from '../index';

// 2 ρ × 2 κ × 5 c × 5 μ = 100 cells, 2 replicates: 200 pairs (one paper2025 pair takes about 1 ms).
const def = sweepPreset('paper2025', {
  emulateDisplayAbort: true,
  replicates: 2,
  grid: { outsideMidRatio: ['1', '0.5'], kappa: ['0.5', '1'] },
});

async function collect(options: Parameters<typeof runSweep>[1] = {}): Promise<PairOutput[]> {
  const out: PairOutput[] = [];
  await runSweep(def, {
    ...options,
    onPair: (o) => {
      out.push(o);
    },
  });
  return out;
}

describe('runSweep', () => {
  it('hands pairs over in ascending index order; the worker count never changes a byte', async () => {
    const one = await collect();
    expect(one.map((o) => o.record.index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    const reference = JSON.stringify(one.map((o) => o.record));
    for (const workers of [2, 3]) {
      const res = await collect({ workers, chunkSize: 7 });
      expect(JSON.stringify(res.map((o) => o.record))).toBe(reference);
    }
  }, 60_000);

  it('records are pure functions of (definition, index): replicates get their own seeds', () => {
    const a = executePair(def, 3).record;
    expect(executePair(def, 3).record).toEqual(a);
    expect(a.comparison.replicate).toBe(1);
    expect(a.comparison.seed).toBe(42 + 100 + 1);
    expect(executePair(def, 2).record.comparison.seed).toBe(43);
    expect(a.strategy).toHaveLength(2);
    expect(a.strategy2025).toHaveLength(1);
    expect(a.strategy[1]!.run_id).toBe(a.comparison.active_run_id);
  });

  it('shards and skipped (finished) pairs: only what is asked runs', async () => {
    const shard = await collect({ shard: { index: 2, count: 3 } });
    expect(shard.map((o) => o.record.index)).toEqual(shardIndices(def, { index: 2, count: 3 }));
    const rest = await collect({ finished: Array.from({ length: 150 }, (_, i) => i), workers: 2 });
    expect(rest.map((o) => o.record.index)).toEqual(Array.from({ length: 50 }, (_, i) => 150 + i));
  }, 60_000);

  it('stops cleanly on abort: nothing is handed over after the signal', async () => {
    for (const workers of [1, 2]) {
      const controller = new AbortController();
      const seen: number[] = [];
      const res = await runSweep(def, {
        workers,
        signal: controller.signal,
        onPair: (o) => {
          seen.push(o.record.index);
          if (seen.length === 37) controller.abort();
        },
      });
      expect(res.aborted).toBe(true);
      expect(res.executed).toBe(37);
      expect(seen).toEqual(Array.from({ length: 37 }, (_, i) => i));
    }
  }, 60_000);

  it('keeps per-run rows only with detailed logging', async () => {
    const plain = executePair(def, 0);
    expect(plain.detail).toBeNull();
    const detailed = executePair(def, 0, { detailed: true });
    expect(detailed.detail!.runs.map((r) => r.config.regime)).toEqual(['passive', 'active']);
    expect(detailed.detail!.runs[1]!.rows.summary.run_id).toBe(detailed.record.comparison.active_run_id);
    expect(detailed.record).toEqual(plain.record);
  });

  it('hands over the configurations both arms ran, as each arm resolves on its own, with or without detailed logging', async () => {
    const loc = locatePair(def, 3);
    const own = def.arms.map((arm) => armConfig(def, loc.values, loc.seed, arm));
    expect(executePair(def, 3).configs).toEqual(own);
    expect(pairConfigs(def, 3)).toEqual(own);
    const detailed = executePair(def, 3, { detailed: true });
    expect(detailed.detail!.runs.map((r) => r.config)).toEqual(own);
    // and across threads: the pool's copies are the same values
    const [viaPool] = (await collect({ workers: 2, chunkSize: 50 })).filter((o) => o.record.index === 3);
    expect(viaPool!.configs).toEqual(own);
  }, 60_000);

  it('spec-default: the spec profile with the same machinery (no 2025-window rows, spec end reasons)', async () => {
    const spec = sweepPreset('spec-default', { grid: { outsideMidRatio: ['1'], kappa: ['1'], concentration: ['1'], mu: ['0', '1'] } });
    const out: PairOutput[] = [];
    await runSweep(spec, {
      workers: 2,
      onPair: (o) => {
        out.push(o);
      },
    });
    expect(out.map((o) => o.record.index)).toEqual([0, 1]);
    const c = out[0]!.record.comparison;
    expect(c).toMatchObject({
      profile: 'spec',
      n_agents: 100,
      face_value: '1',
      big_entity_share: null,
      seed: 42,
      replicate: 0,
      passive_status: 'completed',
    });
    expect(['horizon', 'max_days']).toContain(c.end_reason_active);
    expect(out[0]!.record.strategy2025).toBeUndefined();
    expect(out[1]!.record).toEqual(executePair(spec, 1).record);
  }, 60_000);

  it('rejects a bad worker count before running anything', async () => {
    await expect(runSweep(def, { workers: 0 })).rejects.toThrow(/workers/);
  });
});
