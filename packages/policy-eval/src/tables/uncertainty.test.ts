import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D, canon } from '@ring/engine';
import {
  armConfig,
  createCellUncertainty,
  createSweepSummaryAccumulator,
  executePair,
  locatePair,
  pairCount,
  sweepPreset,
  tableInputsFromRecords,
  uncertaintyTables,
} from '../index';
import type { PairRecord } from '../index';

// 2 κ × 5 c × 5 μ × 1 ρ = 50 cells, 3 replicates: 150 paper2025 pairs.
const def = sweepPreset('paper2025', { replicates: 3, grid: { outsideMidRatio: ['0.8'], kappa: ['0.5', '2'] } });
const records: PairRecord[] = Array.from({ length: pairCount(def) }, (_, i) => executePair(def, i).record);

describe('createCellUncertainty', () => {
  it("equals the cells row of uncertaintyTables' summary, whatever the order pairs are added in", () => {
    const options = { bootstrapSeed: 7, resamples: 200 };
    const reference = uncertaintyTables(tableInputsFromRecords(records), options)[0]!.rows.find((r) => r.scope === 'cells');
    expect(reference).toMatchObject({ groups: 50, groups_with_t_ci: 50 });
    fc.assert(
      fc.property(fc.shuffledSubarray(records, { minLength: records.length }), (shuffled) => {
        const acc = createCellUncertainty(options);
        for (const r of shuffled) acc.add(r.index, r.comparison);
        const progress: number[] = [];
        expect(acc.cells).toBe(50);
        expect(acc.summary((done, total) => progress.push(done / total))).toEqual(reference);
        expect(progress.at(-1)).toBe(1);
      }),
      { numRuns: 3 },
    );
  });

  it('ignores incomplete pairs, as the tables do', () => {
    const acc = createCellUncertainty({ resamples: 0 });
    const failed = { ...records[0]!.comparison, delta_active: null };
    acc.add(0, failed);
    expect(acc.cells).toBe(0);
    expect(acc.summary()).toMatchObject({ scope: 'cells', groups: 0, share_t_excluding_zero: null });
  });
});

describe('createSweepSummaryAccumulator', () => {
  it('summarises the rows added so far: exact D means in sweep order, class counts', () => {
    const loc = locatePair(def, 0);
    const acc = createSweepSummaryAccumulator(def, armConfig(def, loc.values, loc.seed, def.arms[0]));
    const rows = records.map((r) => r.comparison);
    for (const r of rows) acc.add(r);
    const s = acc.finish();
    let sum = new D(0);
    for (const r of rows) sum = sum.plus(String(r.trading_effect));
    expect(s.decimal.mean_trading_effect).toBe(canon(sum.div(rows.length)));
    expect(s).toMatchObject({ total_pairs: 150, completed_pairs: 150 });
    expect(s.pairs_with_improvement).toBe(rows.filter((r) => r.effect_class === 'improved').length);
    expect(s.pairs_with_improvement + s.pairs_unchanged + s.pairs_worsened).toBe(150);
  });
});
