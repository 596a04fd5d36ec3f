import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seed32 } from '@ring/engine';
import {
  T975_DIGITS20,
  XorShift64Star,
  centStatistics,
  decimalMeanCi,
  percentileBootstrapCents,
  percentileBootstrapDecimal,
  shareExcludingZero,
  simcashT,
  tQuantile975,
  tQuantile975Digits,
} from './index';

const vectors = JSON.parse(readFileSync(new URL('../../test/fixtures/stats.json', import.meta.url), 'utf8'));

describe('t quantiles (docs/policy-eval.md §9, test/fixtures/stats.json)', () => {
  it('equal the vector doubles and 20-digit strings for df 1 … 120 and use the normal quantile above', () => {
    for (let df = 1; df <= 120; df++) {
      expect(tQuantile975(df)).toBe(vectors.t975.double[String(df)]);
      expect(tQuantile975Digits(df)).toBe(vectors.t975.digits20[String(df)]);
    }
    expect(tQuantile975(121)).toBe(vectors.t975.normal_for_df_above_120);
    expect(tQuantile975(10_000)).toBe(1.9599639845400543);
    expect(T975_DIGITS20).toHaveLength(120);
    expect(() => tQuantile975(0)).toThrow(RangeError);
  });
  it('parity table: nearest lower key, 1.96 above 100', () => {
    for (const [k, v] of Object.entries(vectors.simcash_t_table.table)) expect(simcashT(Number(k))).toBe(v);
    expect(simcashT(12)).toBe(2.228);
    expect(simcashT(49)).toBe(2.021);
    expect(simcashT(101)).toBe(1.96);
  });
});

describe('cent statistics (docs/policy-eval.md §9 worked numbers)', () => {
  for (const c of vectors.statistics_cases) {
    it(`${c.name}: exact and SimCash parity`, () => {
      const e = centStatistics(c.input);
      expect(e.n).toBe(c.exact.N);
      expect(e.mean).toBe(c.exact.mean);
      expect(e.stdDev).toBe(c.exact.std_dev);
      expect(e.ci95).toEqual(c.exact.ci_95);
      if (c.exact.N >= 2) {
        expect(e.sum).toBe(BigInt(c.exact.sum));
        expect(e.varianceNum).toBe(BigInt(c.exact.variance_num));
        expect(e.varianceDen).toBe(BigInt(c.exact.variance_den));
        expect(e.s).toBe(c.exact.s);
        expect(e.t).toBe(c.exact.t);
        expect(e.margin).toBe(c.exact.margin);
      }
      const p = centStatistics(c.input, 'simcash');
      expect(p.stdDev).toBe(c.simcash_parity.std_dev);
      expect(p.ci95).toEqual(c.simcash_parity.ci_95);
      if (c.simcash_parity.t !== undefined) expect(p.t).toBe(c.simcash_parity.t);
    });
  }
  it('paired case: delta, new-cost and old-cost statistics', () => {
    const pc = vectors.paired_case;
    for (const [xs, want] of [
      [pc.deltas, pc.delta_stats],
      [pc.new, pc.new_cost_stats],
      [pc.old, pc.old_cost_stats],
    ] as const) {
      const s = centStatistics(xs);
      expect(s.mean).toBe(want.mean);
      expect(s.s).toBe(want.s);
      expect(s.margin).toBe(want.margin);
      expect(s.ci95).toEqual(want.ci_95);
    }
  });
  it('lower ≤ mean ≤ upper and s = 0 iff all equal', () => {
    for (const xs of [
      [-5, 3, 3, 10],
      [7, 7],
      [-1, -1, -2],
      [0, 1],
    ]) {
      const s = centStatistics(xs);
      expect(s.ci95![0]).toBeLessThanOrEqual(s.mean!);
      expect(s.mean!).toBeLessThanOrEqual(s.ci95![1]);
      expect(s.s === 0).toBe(new Set(xs).size === 1);
    }
  });
});

describe('xorshift64* and the percentile bootstrap', () => {
  it('xorshift64*(12345) first outputs', () => {
    const r = new XorShift64Star(12345);
    expect(Array.from({ length: 5 }, () => r.next().toString())).toEqual(vectors.xorshift64star.first5);
  });
  it('nextIndex equals the BigInt output mod n', () => {
    const a = new XorShift64Star(987654321);
    const b = new XorShift64Star(987654321);
    for (const n of [1, 2, 5, 7, 125, 1000, 65_537, 1_048_576, 3_000_000_019]) {
      for (let k = 0; k < 50; k++) expect(a.nextIndex(n)).toBe(Number(b.next() % BigInt(n)));
    }
  });
  it('seed32 and the worked bootstrap case give [60, 480]', () => {
    const c = vectors.percentile_bootstrap_case;
    expect(seed32(c.iteration_seed, 'percentile-bootstrap')).toBe(c.seed);
    const bs = percentileBootstrapCents(c.deltas, c.iteration_seed, c.B)!;
    expect(bs.seed).toBe(c.seed);
    expect(bs.lowerSum).toBe(c.lower_sum);
    expect(bs.upperSum).toBe(c.upper_sum);
    expect(bs.ci95).toEqual(c.ci_95);
    expect(percentileBootstrapCents([5], 1)).toBeNull();
  });
  it('the decimal bootstrap on integer strings agrees with the cents bootstrap', () => {
    const c = vectors.percentile_bootstrap_case;
    const d = percentileBootstrapDecimal(c.deltas.map(String), c.seed, c.B)!;
    expect(d.lowerSum).toBe(String(c.lower_sum));
    expect(d.ci95).toEqual(['60', '480']);
  });
});

describe('decimal mean and CI', () => {
  it('reproduces the cents statistics before outward rounding', () => {
    const ci = decimalMeanCi(['500', '200', '-50', '600', '100']);
    expect(ci.mean).toBe('270');
    expect(Number(ci.sd)).toBeCloseTo(272.9468812791236, 10);
    expect(Number(ci.margin)).toBeCloseTo(338.9083159062849, 10);
    expect(Number(ci.tLower)).toBeCloseTo(270 - 338.9083159062849, 9);
  });
  it('is exact on decimals and handles N < 2', () => {
    const ci = decimalMeanCi(['0.1', '0.2', '0.3']);
    expect(ci.mean).toBe('0.2');
    expect(ci.sd).toBe('0.1');
    expect(ci.t).toBe('4.3026527297494638523');
    expect(decimalMeanCi(['0.5']).tLower).toBeNull();
    expect(decimalMeanCi([]).mean).toBeNull();
    const same = decimalMeanCi(['0.25', '0.25', '0.25'], { bootstrapSeed: 1 });
    expect([same.tLower, same.tUpper, same.bootLower, same.bootUpper]).toEqual(['0.25', '0.25', '0.25', '0.25']);
  });
  it('counts intervals that exclude zero', () => {
    expect(
      shareExcludingZero([
        { lower: '0.1', upper: '0.2' },
        { lower: '-0.1', upper: '0.2' },
        { lower: null, upper: null },
        { lower: '-2', upper: '-1' },
      ]),
    ).toEqual({ excluding: 2, defined: 3, share: 2 / 3 });
  });
});
