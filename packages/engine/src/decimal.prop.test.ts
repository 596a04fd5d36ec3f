import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D, addRepeated, exactMinus, exactPlus } from './decimal';

/** The literal definition: k additions, each rounded to 28 digits half-even. */
function literal(c: D, x: D, k: number): D {
  let s = c;
  for (let i = 0; i < k; i++) s = s.plus(x);
  return s;
}

/** A decimal with up to `digits` significant digits and a decimal exponent in [lo, hi]. */
const decimal = (digits: number, lo: number, hi: number) =>
  fc
    .tuple(fc.bigInt({ min: -(10n ** BigInt(digits)) + 1n, max: 10n ** BigInt(digits) - 1n }), fc.integer({ min: lo, max: hi }))
    .map(([m, e]) => new D(`${m}e${e}`));

/** x = (j + ½)·10^e: an exact tie for a running sum whose quantum is 10^(e+1). */
const tie = fc
  .tuple(fc.integer({ min: -99, max: 99 }), fc.integer({ min: -30, max: 2 }))
  .map(([j, e]) => new D(`${2 * j + 1}e${e - 1}`).div(2));

describe('addRepeated(c, x, k) is the literal k-fold rounded addition', () => {
  it('random 28-digit cash and prices (rebucketing legs S·M), across decades and through zero', () => {
    fc.assert(
      fc.property(decimal(28, -30, 4), decimal(28, -30, 2), fc.integer({ min: 0, max: 3000 }), (c, x, k) => {
        expect(addRepeated(c, x, k).toString()).toBe(literal(c, x, k).toString());
        expect(addRepeated(c, x.neg(), k).toString()).toBe(literal(c, x.neg(), k).toString());
      }),
      { numRuns: 400 },
    );
  });

  it('exact ties (x/q = m + ½), including the parity flip of half-even', () => {
    fc.assert(
      fc.property(decimal(28, -27, 0), tie, fc.integer({ min: 0, max: 2000 }), (c, x, k) => {
        expect(addRepeated(c, x, k).toString()).toBe(literal(c, x, k).toString());
      }),
      { numRuns: 400 },
    );
  });

  it('short decimals (the exact path) and inputs with more than 28 digits', () => {
    fc.assert(
      fc.property(decimal(6, -4, 3), decimal(4, -3, 1), fc.integer({ min: 0, max: 500 }), (c, x, k) => {
        expect(addRepeated(c, x, k).toString()).toBe(literal(c, x, k).toString());
      }),
    );
    fc.assert(
      fc.property(decimal(34, -33, 0), decimal(30, -30, 0), fc.integer({ min: 0, max: 300 }), (c, x, k) => {
        expect(addRepeated(c, x, k).toString()).toBe(literal(c, x, k).toString());
      }),
    );
  });

  it('hand cases: a decade crossing, a zero crossing, a tie, a negligible x', () => {
    const cases: [string, string, number][] = [
      ['9.999999999999999999999999999', '0.0000000000000000000000000003', 50],
      ['0.3', '-0.1000000000000000000000000003', 7],
      ['1.000000000000000000000000000', '0.00000000000000000000000000005', 9],
      ['1.000000000000000000000000001', '0.00000000000000000000000000005', 9],
      ['1000000', '0.000000000000000000000000001', 1000],
      ['-2.5', '0.6666666666666666666666666667', 11],
    ];
    for (const [c, x, k] of cases)
      expect(addRepeated(new D(c), new D(x), k).toString(), `${c} + ${k}×${x}`).toBe(literal(new D(c), new D(x), k).toString());
  });
});

describe('exactPlus / exactMinus: the unrounded sum and difference', () => {
  const X = D.clone({ precision: 500 });
  it('equal the sum at precision 500 (no rounding), however far apart the exponents', () => {
    fc.assert(
      fc.property(decimal(28, -60, 20), decimal(34, -60, 20), (a, b) => {
        expect(exactPlus(a, b).eq(new X(a).plus(new X(b)))).toBe(true);
        expect(exactMinus(a, b).eq(new X(a).minus(new X(b)))).toBe(true);
        expect(exactPlus(a, exactMinus(b, a)).eq(b)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('a remainder D(28) must round: 20.83333333333333333333333333 − 9.963768115942028985507246375', () => {
    const paid = new D('20.83333333333333333333333333');
    const prev = new D('9.963768115942028985507246375');
    expect(paid.minus(prev).toString()).toBe('10.86956521739130434782608696'); // rounded up by 5·10⁻²⁸
    expect(exactMinus(paid, prev).toString()).toBe('10.869565217391304347826086955');
    expect(exactPlus(prev, exactMinus(paid, prev)).eq(paid)).toBe(true);
    expect(exactPlus(new D(0), paid).toString()).toBe(paid.toString());
  });
});
