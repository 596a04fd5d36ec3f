import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D } from './decimal';
import { computeKernel, vbtQuotes } from './kernel';

/*
 * Kernel invariants of docs/model.md §5.2 and §5.5 (C2) over random states: a, C, M, O, S.
 * Decimals are drawn as scaled integers so that they are exact D values.
 */

const M_MIN = new D('0.02');

const dec = (scale: number, min: number, max: number) => fc.integer({ min, max }).map((n) => new D(n).div(scale));

const state = fc.record({
  a: fc.integer({ min: 0, max: 5000 }),
  C: dec(100, 0, 1_000_000), // 0 … 10000.00
  M: dec(1000, 1, 3000), // 0.001 … 3.000 (some below M_min: guard)
  O: dec(1000, 1, 2000), // 0.001 … 2.000
  S: fc.integer({ min: 1, max: 50 }),
  clipB: fc.boolean(),
  clampK: fc.boolean(),
});

function kernel(s: { a: number; C: D; M: D; O: D; S: number; clipB: boolean; clampK: boolean }) {
  const { A, B } = vbtQuotes(s.M, s.O, s.clipB);
  return { A, B, k: computeKernel({ a: s.a, C: s.C, M: s.M, O: s.O, A, B, S: s.S, mMin: M_MIN, clampK: s.clampK }) };
}

describe('L1 kernel invariants (property)', () => {
  it('B ≤ bid and ask ≤ A; pins exactly on equality (C2)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const { A, B, k } = kernel(s);
        expect(B.lte(k.bid)).toBe(true);
        expect(k.ask.lte(A)).toBe(true);
        expect(k.pinnedAsk).toBe(k.ask.eq(A));
        expect(k.pinnedBid).toBe(k.bid.eq(B));
      }),
      { numRuns: 500 },
    );
  });

  it('outside the guard (M > M_min), with C ≥ 0 and an unclipped B: bid < ask; inside the guard: quotes are (B, A), both pinned', () => {
    // The B clip is excluded: when max(0, M − O/2) binds, the literal §5.2 midline can fall below 0
    // (see the explicit example below), so bid < ask is not an invariant of the clipped kernel.
    fc.assert(
      fc.property(state, (s) => {
        const { A, B, k } = kernel(s);
        if (!B.eq(s.M.minus(s.O.div(2)))) return;
        expect(k.guard).toBe(s.M.lte(M_MIN));
        if (k.guard) {
          expect(k.bid.eq(B) && k.ask.eq(A)).toBe(true);
          expect(k.pinnedAsk && k.pinnedBid).toBe(true);
          expect(k.kStar).toBe(0);
          expect(k.V.eq(s.C)).toBe(true);
        } else {
          expect(k.bid.lt(k.ask)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('0 < λ ≤ 1; X* = S·K*; x = S·a; V = M·x + C and K* = ⌊V/(M·S)⌋ (D product and quotient, then floor; RES-03)', () => {
    fc.assert(
      fc.property(state, (s) => {
        const { k } = kernel(s);
        expect(k.lambda.gt(0) && k.lambda.lte(1)).toBe(true);
        expect(k.xStar).toBe(s.S * k.kStar);
        expect(k.x).toBe(s.S * s.a);
        if (k.guard) return;
        expect(k.V.eq(s.M.times(s.S * s.a).plus(s.C))).toBe(true);
        expect(k.kStar).toBe(k.V.div(s.M.times(s.S)).floor().toNumber());
      }),
      { numRuns: 500 },
    );
  });

  it('literal §5.2 with a binding B clip can cross the quotes: a = 2, C = 0, M = 0.021, O = 0.3 (reported to the lead)', () => {
    // By hand from §5.2: B = max(0, 0.021 − 0.15) = 0, V = 0.042, K* = 2, λ = 1/3,
    // I = 0.09999999999999999999999999999, slope = 0.3/4 = 0.075, p = 0.021 − 0.075·(2 − 1) = −0.054,
    // h = I/2 = 0.0499…9|5 (29 digits) → 0.05 (half-even), a_int = −0.054 + 0.05 = −0.004, b_int < 0:
    // ask = a_int < 0 = B = bid.
    const { k } = kernel({ a: 2, C: new D(0), M: new D('0.021'), O: new D('0.3'), S: 1, clipB: true, clampK: true });
    expect(k.guard).toBe(false);
    expect(k.midline.eq('-0.054')).toBe(true);
    expect(k.ask.eq('-0.004')).toBe(true);
    expect(k.bid.eq(0)).toBe(true);
    expect(k.pinnedBid).toBe(true);
  });

  it('K* ≥ 0 with clampK even when a desk’s cash is negative (RES-05, RES-26); without the clamp K* follows the floor', () => {
    const negState = fc.record({
      a: fc.integer({ min: 0, max: 50 }),
      C: dec(100, -1_000_000, 1_000_000),
      M: dec(1000, 21, 3000),
      O: dec(1000, 1, 2000),
      S: fc.integer({ min: 1, max: 50 }),
      clipB: fc.boolean(),
      clampK: fc.constant(true),
    });
    fc.assert(
      fc.property(negState, (s) => {
        const clamped = kernel(s).k;
        const raw = kernel({ ...s, clampK: false }).k;
        expect(clamped.kStar >= 0).toBe(true);
        expect(clamped.kStar).toBe(Math.max(0, raw.kStar));
        expect(raw.kStar).toBe(
          s.M.times(s.S * s.a)
            .plus(s.C)
            .div(s.M.times(s.S))
            .floor()
            .toNumber(),
        );
        expect(clamped.lambda.gt(0) && clamped.lambda.lte(1)).toBe(true);
        const { A, B } = vbtQuotes(s.M, s.O, s.clipB);
        expect(B.lte(clamped.bid) && clamped.ask.lte(A)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('the VBT quotes straddle the mid: A = M + O/2, B = max(0, M − O/2) with the clip', () => {
    fc.assert(
      fc.property(dec(1000, 0, 3000), dec(1000, 0, 2000), fc.boolean(), (M, O, clip) => {
        const { A, B } = vbtQuotes(M, O, clip);
        expect(A.eq(M.plus(O.div(2)))).toBe(true);
        const b = M.minus(O.div(2));
        expect(B.eq(clip && b.lt(0) ? new D(0) : b)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
