import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { crExp, crLog, crPow } from './crmath';

/*
 * crLog, crExp and crPow against the correctly rounded value (round to nearest, ties to even).
 *
 * Reference: a private decimal.js clone at precision 60 evaluates ln / exp / pow of the EXACT input
 * (the double's full binary expansion written in decimal, never its shortest string), and the result
 * is rounded to the nearest double exactly, by comparing it with the exact midpoints between
 * neighbouring doubles. If the 60-digit value is too close to a midpoint to decide (exact dyadic
 * results of pow), the reference is recomputed at precision 2000, where such results are exact.
 */

const R60 = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const R2000 = Decimal.clone({ precision: 2000, rounding: Decimal.ROUND_HALF_EVEN });
const EXACT = Decimal.clone({ precision: 4000, rounding: Decimal.ROUND_HALF_EVEN });
type Dec = InstanceType<typeof R60>;

const view = new DataView(new ArrayBuffer(8));
function bitsOf(x: number): bigint {
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}
function fromBits(b: bigint): number {
  view.setBigUint64(0, b);
  return view.getFloat64(0);
}

/** |x| = mant·2^exp exactly, for finite x. */
function decompose(x: number): { mant: bigint; exp: number } {
  const b = bitsOf(Math.abs(x));
  const field = Number(b >> 52n);
  const frac = b & ((1n << 52n) - 1n);
  return field === 0 ? { mant: frac, exp: -1074 } : { mant: frac | (1n << 52n), exp: field - 1075 };
}

/** The exact decimal expansion of a finite double (up to 767 significant digits). */
function exactDecimal(x: number): string {
  if (x === 0) return '0';
  const { mant, exp } = decompose(x);
  const sign = x < 0 ? '-' : '';
  if (exp >= 0) return sign + (mant << BigInt(exp)).toString();
  const n = -exp;
  const digits = (mant * 5n ** BigInt(n)).toString().padStart(n + 1, '0');
  return `${sign}${digits.slice(0, digits.length - n)}.${digits.slice(digits.length - n)}`;
}

/** x·2^1076: an integer for every double and for every midpoint of two adjacent doubles. */
const scaled = (x: number): bigint => {
  const { mant, exp } = decompose(x);
  return mant << BigInt(exp + 1076);
};
const TWO_1076 = new EXACT(2).pow(1076);
const OVERFLOW = (1n << 2100n) - (1n << 2046n); // (2^1024 − 2^970)·2^1076: MAX_VALUE + half an ulp

/** The double nearest to v ≥ 0 (ties to even) and whether v lies within 10⁻⁵⁰ (relative) of a midpoint. */
function nearestNonNeg(v: Dec): { value: number; close: boolean } {
  if (v.isZero()) return { value: 0, close: false };
  const V = new EXACT(v).times(TWO_1076); // exact
  const cmp = (n: bigint) => V.cmp(new EXACT(n.toString()));
  const isClose = (n: bigint) => V.minus(n.toString()).abs().lte(V.times('1e-50'));
  if (cmp(OVERFLOW) >= 0) return { value: Infinity, close: isClose(OVERFLOW) };
  let c = Math.min(v.toNumber(), Number.MAX_VALUE);
  for (;;) {
    const odd = (bitsOf(c) & 1n) === 1n;
    if (c < Number.MAX_VALUE) {
      const mid = (scaled(c) + scaled(fromBits(bitsOf(c) + 1n))) / 2n;
      const k = cmp(mid);
      if (k > 0 || (k === 0 && odd)) {
        c = fromBits(bitsOf(c) + 1n);
        continue;
      }
    }
    if (c > 0) {
      const mid = (scaled(c) + scaled(fromBits(bitsOf(c) - 1n))) / 2n;
      const k = cmp(mid);
      if (k < 0 || (k === 0 && odd)) {
        c = fromBits(bitsOf(c) - 1n);
        continue;
      }
    }
    const up = c < Number.MAX_VALUE ? (scaled(c) + scaled(fromBits(bitsOf(c) + 1n))) / 2n : OVERFLOW;
    const down = c > 0 ? (scaled(c) + scaled(fromBits(bitsOf(c) - 1n))) / 2n : 0n;
    return { value: c, close: isClose(up) || (c > 0 && isClose(down)) };
  }
}

function nearest(v: Dec): { value: number; close: boolean } {
  if (v.isNeg()) {
    const r = nearestNonNeg(v.neg());
    return { value: -r.value, close: r.close };
  }
  return nearestNonNeg(v);
}

/** Correctly rounded f(exact inputs): precision 60, or 2000 when 60 digits cannot decide. */
function reference(f: (D: typeof R60, ...args: Dec[]) => Dec, ...xs: number[]): number {
  const at = (D: typeof R60) => f(D, ...xs.map((x) => new D(exactDecimal(x))));
  const r = nearest(at(R60));
  return r.close ? nearest(at(R2000)).value : r.value;
}
const refLog = (x: number) => reference((_D, a) => a!.ln(), x);
const refExp = (x: number) => reference((_D, a) => a!.exp(), x);
const refPow = (x: number, y: number) => reference((_D, a, b) => a!.pow(b!), x, y);

/** Object.is: −0 ≠ 0 and NaN = NaN, bit-for-bit comparison of the results. */
function same(got: number, want: number, what: string): void {
  expect(Object.is(got, want), `${what}: got ${got}, want ${want}`).toBe(true);
}

// Arbitraries
const positiveFinite = fc.bigInt({ min: 1n, max: 0x7fefffffffffffffn }).map(fromBits); // every positive double, subnormals included
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const inRange = (min: number, max: number) => fc.double({ min, max, noNaN: true });

describe('the reference itself', () => {
  it('exact expansions and known correctly rounded values', () => {
    expect(new R60(exactDecimal(0.1)).eq('0.1000000000000000055511151231257827021181583404541015625')).toBe(true);
    expect(new EXACT(exactDecimal(Number.MIN_VALUE)).eq(new EXACT(2).pow(-1074))).toBe(true);
    expect(exactDecimal(2 ** 70)).toBe('1180591620717411303424');
    same(refLog(2), Math.LN2, 'ln 2');
    same(refLog(10), Math.LN10, 'ln 10');
    same(refExp(1), Math.E, 'e');
    same(refPow(2, 0.5), Math.SQRT2, '√2');
    same(refPow(0.5, 1075), 0, '2^−1075 is a tie between 0 and 2^−1074: even');
    same(refPow(94906267, 2), 9007199515875288, 'odd 54-bit square is a tie: even');
  });
});

describe('crLog equals the correctly rounded value', () => {
  it('every positive finite double, by bit pattern (subnormals included)', () => {
    fc.assert(
      fc.property(positiveFinite, (x) => same(crLog(x), refLog(x), `crLog(${x})`)),
      { numRuns: 300 },
    );
  });

  it('values near 1: 1 + k·2⁻⁵² and 1 − k·2⁻⁵³', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 24 }), fc.boolean(), (k, above) => {
        const x = above ? 1 + k * 2 ** -52 : 1 - k * 2 ** -53;
        same(crLog(x), refLog(x), `crLog(${x})`);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(inRange(0.5, 2), (x) => same(crLog(x), refLog(x), `crLog(${x})`)),
      { numRuns: 200 },
    );
  });

  it('powers of two 2^k, k = −1074 … 1023 (every third, and both ends)', () => {
    for (let k = -1074; k <= 1023; k += 3) same(crLog(2 ** k), refLog(2 ** k), `crLog(2^${k})`);
    same(crLog(2 ** 1023), refLog(2 ** 1023), 'crLog(2^1023)');
  });

  it('edge cases: 1, subnormals, the normal boundary, the largest doubles, specials', () => {
    same(crLog(1), 0, 'crLog(1)');
    const xs = [
      2,
      0.5,
      Math.E,
      10,
      3,
      1e-7,
      0.9999999,
      1 + 2 ** -52,
      1 - 2 ** -53,
      1 + 2 ** -51,
      1 - 2 ** -52,
      Number.MIN_VALUE,
      3 * Number.MIN_VALUE,
      2 ** -1022 - 2 ** -1074,
      2 ** -1022,
      2 ** -1022 + 2 ** -1074,
      Number.MAX_VALUE,
      fromBits(0x7fefffffffffffffn - 1n),
      2 ** 1023 * 1.9999999999999,
      1e300,
      1e-300,
    ];
    for (const x of xs) same(crLog(x), refLog(x), `crLog(${x})`);
    same(crLog(0), -Infinity, 'crLog(0)');
    same(crLog(Infinity), Infinity, 'crLog(∞)');
    same(crLog(-1), NaN, 'crLog(−1)');
    same(crLog(NaN), NaN, 'crLog(NaN)');
  });

  it('the largest doubles: the top binade (Math.log2 rounds to 1024 there)', () => {
    for (let i = 0n; i < 400n; i += 7n) {
      const x = fromBits(0x7fefffffffffffffn - i);
      same(crLog(x), refLog(x), `crLog(${x})`);
    }
  });
});

describe('crExp equals the correctly rounded value (but for near-midpoint cases)', () => {
  it('arguments with normal results: −708.39 … 709.78', () => {
    fc.assert(
      fc.property(inRange(-708.39, 709.78), (x) => same(crExp(x), refExp(x), `crExp(${x})`)),
      { numRuns: 300 },
    );
  });

  it('small arguments: ±[2⁻⁶⁰, 2⁻²⁰] and ±[2⁻²⁰, 1]', () => {
    const small = fc.tuple(fc.oneof(inRange(2 ** -60, 2 ** -20), inRange(2 ** -20, 1)), fc.boolean()).map(([x, neg]) => (neg ? -x : x));
    fc.assert(
      fc.property(small, (x) => same(crExp(x), refExp(x), `crExp(${x})`)),
      { numRuns: 300 },
    );
  });

  it('underflow and overflow: results 0 and ∞ where the correctly rounded value is', () => {
    fc.assert(
      fc.property(inRange(-1e6, -745.14), (x) => same(crExp(x), 0, `crExp(${x})`)),
      { numRuns: 100 },
    );
    fc.assert(
      fc.property(inRange(709.79, 1e6), (x) => same(crExp(x), Infinity, `crExp(${x})`)),
      { numRuns: 100 },
    );
  });

  it('edge cases: 0, ±1, the overflow and underflow thresholds, tiny arguments, specials', () => {
    same(crExp(0), 1, 'crExp(0)');
    same(crExp(-0), 1, 'crExp(−0)');
    const xs = [
      1,
      -1,
      0.5,
      100,
      -100,
      700,
      -700,
      709.782712893384,
      709.7827128933841,
      709.78,
      -745.1332191019411,
      -745.1332191019412,
      -745.2,
      -746,
      -1000,
      2 ** -54,
      -(2 ** -54),
      2 ** -60,
      -(2 ** -60),
      -(2 ** -53),
      2 ** -52,
      -(2 ** -52),
      1e-300,
      -1e-300,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
    ];
    for (const x of xs) same(crExp(x), refExp(x), `crExp(${x})`);
    same(crExp(Infinity), Infinity, 'crExp(∞)');
    same(crExp(-Infinity), 0, 'crExp(−∞)');
    same(crExp(NaN), NaN, 'crExp(NaN)');
  });

  // Results below 2^−1022 lie on the subnormal grid: rounded once, directly to that grid (they were
  // once rounded to 53 bits first, which misrounded about 1 in 10 results near 2^−1022).
  it('subnormal results (−745.13 < x < −708.40) are rounded once', () => {
    for (const x of [-708.4526237414154, -708.4560588143253, -708.4092194329568, -709.033611242922]) {
      same(crExp(x), refExp(x), `crExp(${x})`);
    }
    fc.assert(
      fc.property(inRange(-745.13, -708.4), (x) => same(crExp(x), refExp(x), `crExp(${x})`)),
      { numRuns: 300 },
    );
  });

  // KNOWN LIMIT (documented in crmath.ts and the README): exp(2^−53) = 1 + 2^−53 + 2^−107 + … lies 2^−107 above the
  // midpoint of 1 and 1 + 2^−52; the double-double sum loses the 2^−107 and the result ties to 1.
  it.fails('KNOWN LIMIT: crExp(2⁻⁵³) = 1 + 2⁻⁵²', () => {
    same(crExp(2 ** -53), 1 + 2 ** -52, 'crExp(2^−53)');
  });
});

describe('crPow equals the correctly rounded value (x ≥ 0; but for near-midpoint cases)', () => {
  it('x over every positive double, y scaled so that the result is a normal double', () => {
    fc.assert(
      fc.property(positiveFinite, inRange(-1, 1), (x, t) => {
        const lx = Math.abs(Math.log2(x));
        const y = lx === 0 ? t * 1000 : (t * 1000) / Math.max(lx, 1);
        const r = refPow(x, y);
        fc.pre(r >= 2 ** -1022 && r < Infinity);
        same(crPow(x, y), r, `crPow(${x}, ${y})`);
      }),
      { numRuns: 300 },
    );
  });

  it('the gamma generator’s calls: p^(1/α) for p ∈ (0, 1], α ∈ (0, 1), and x^(α − 1) for x ≥ 1', () => {
    fc.assert(
      fc.property(inRange(2 ** -53, 1), inRange(0.05, 0.9999), (p, alpha) => {
        const y = 1 / alpha;
        const r = refPow(p, y);
        fc.pre(r >= 2 ** -1022);
        same(crPow(p, y), r, `crPow(${p}, ${y})`);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(inRange(1, 50), inRange(0.05, 0.9999), (x, alpha) =>
        same(crPow(x, alpha - 1), refPow(x, alpha - 1), `crPow(${x}, ${alpha - 1})`),
      ),
      { numRuns: 200 },
    );
  });

  it('integer exponents of 53-bit mantissas', () => {
    fc.assert(
      fc.property(inRange(1e-3, 1e3), fc.integer({ min: -40, max: 40 }), (x, n) => same(crPow(x, n), refPow(x, n), `crPow(${x}, ${n})`)),
      { numRuns: 200 },
    );
  });

  it('exact results: 2^k for every k with a normal result, √(m²) = m', () => {
    for (let k = -1022; k <= 1023; k++) same(crPow(2, k), 2 ** k, `crPow(2, ${k})`);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 26 }), (m) => same(crPow(m * m, 0.5), m, `crPow(${m * m}, 0.5)`)),
      { numRuns: 200 },
    );
  });

  it('edge cases and special values', () => {
    fc.assert(
      fc.property(finite, (x) => same(crPow(x, 0), 1, `crPow(${x}, 0)`)),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(finite, (y) => same(crPow(1, y), 1, `crPow(1, ${y})`)),
      { numRuns: 50 },
    );
    fc.assert(
      fc.property(positiveFinite, (x) => same(crPow(x, 1), x, `crPow(${x}, 1)`)),
      { numRuns: 100 },
    );
    same(crPow(NaN, 0), 1, 'crPow(NaN, 0)');
    same(crPow(0, 2), 0, 'crPow(0, 2)');
    same(crPow(0, -1), Infinity, 'crPow(0, −1)');
    same(crPow(Infinity, 2), Infinity, 'crPow(∞, 2)');
    same(crPow(Infinity, -2), 0, 'crPow(∞, −2)');
    same(crPow(0.5, 1075), 0, 'crPow(0.5, 1075): tie to even');
    for (const [x, y] of [
      [2, 0.5],
      [9, 0.5],
      [10, -5],
      [10, 22],
      [0.1, 3],
      [1.0000001, 1e7],
      [0.5, 1074],
      [2, -1074],
      [Math.E, Math.PI],
    ] as const) {
      same(crPow(x, y), refPow(x, y), `crPow(${x}, ${y})`);
    }
  });

  it('subnormal results are rounded once', () => {
    for (const [x, y] of [
      [0.5992824869002779, 1386.4294099343515],
      [0.7342653185379846, 2298.6702657867204],
      [0.18956469895518457, 426.62724964888304],
    ] as const) {
      same(crPow(x, y), refPow(x, y), `crPow(${x}, ${y})`);
    }
    fc.assert(
      fc.property(inRange(0.05, 0.95), inRange(-1074, -1022), (x, target) => {
        const y = target / Math.log2(x); // x^y ≈ 2^target: a subnormal or first-binade result
        same(crPow(x, y), refPow(x, y), `crPow(${x}, ${y})`);
      }),
      { numRuns: 300 },
    );
  });

  // KNOWN LIMIT (documented in crmath.ts and the README): exact results that are midpoints (an odd 54-bit square)
  // must tie to even; the double-double approximation falls on either side.
  it.fails('KNOWN LIMIT: exact midpoints tie to even (odd 27-bit integers squared)', () => {
    for (const x of [94906273, 97660033, 133761487]) same(crPow(x, 2), x * x, `crPow(${x}, 2)`);
  });
});
