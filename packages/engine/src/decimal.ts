import { Decimal } from 'decimal.js'; // named: the default import is the CJS module object under Node16 ESM type resolution

/**
 * The decimal clone the arithmetic ring's numbers are computed with: 28 significant digits, round
 * half-even, never exponent notation. Every model quantity that the spec calls "D" is an instance of
 * this clone, and every ring package computes with this same clone (exported from the package root)
 * so that every package rounds alike; the global Decimal configuration is never touched.
 */
export const D = Decimal.clone({
  precision: 28,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
/** An instance of the ring's decimal clone `D`. */
export type D = InstanceType<typeof D>;

export const ZERO = new D(0);
export const ONE = new D(1);

/** A D value from a decimal string, an integer, or another D. Non-integral numbers are refused. */
export function dec(x: string | number | bigint | D): D {
  if (typeof x === 'number') {
    if (!Number.isInteger(x)) throw new TypeError(`dec(): non-integral number ${x}; pass a string`);
    return new D(x);
  }
  if (typeof x === 'bigint') return new D(x.toString());
  return new D(x);
}

/** The shortest round-trip decimal of a double, as a D (Python `Decimal(repr(x))`). */
export function fromDouble(x: number): D {
  return new D(String(x));
}

/**
 * Canonical decimal string (docs/model.md §2.5): plain, no trailing zeros, `0` for zero (never `-0`).
 * decimal.js with toExpNeg/toExpPos configured already prints plainly without trailing zeros.
 */
export function canon(x: D | string | number): string {
  const d = x instanceof D ? x : dec(x as string | number);
  if (d.isZero()) return '0';
  return d.toString();
}

/** Half-even rounding of a D to an integer D. */
export function roundHalfEven(x: D): D {
  return x.toDecimalPlaces(0, D.ROUND_HALF_EVEN);
}

export function dmin(a: D, b: D): D {
  return a.lte(b) ? a : b;
}
export function dmax(a: D, b: D): D {
  return a.gte(b) ? a : b;
}

const PRECISION = 28;
const POW10: bigint[] = [1n];
/** 10^n as a bigint (cached). */
function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1]! * 10n);
  return POW10[n]!;
}
const LO = pow10(PRECISION - 1) + 1n;
const HI = pow10(PRECISION) - 1n;

/** x = coefficient · 10^exponent, exactly (from decimal.js's base-10^7 digit words). */
function scaled(x: D): [bigint, number] {
  const d = x.d;
  if (!d || d.length === 0 || d[0] === 0) return [0n, 0];
  let digits = String(d[0]);
  for (let i = 1; i < d.length; i++) digits += String(d[i]).padStart(7, '0');
  const coef = BigInt(digits);
  return [x.s < 0 ? -coef : coef, x.e - (digits.length - 1)];
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * a + b without rounding: the exact sum, however many digits it needs (constructing a D from a
 * string never rounds). Only for amounts that a specification rule requires to add up exactly.
 */
export function exactPlus(a: D, b: D): D {
  const [ac, ae] = scaled(a);
  const [bc, be] = scaled(b);
  if (ac === 0n) return new D(b);
  if (bc === 0n) return new D(a);
  const m = Math.min(ae, be);
  return new D(`${ac * pow10(ae - m) + bc * pow10(be - m)}e${m}`);
}

/** a − b without rounding (see {@link exactPlus}). */
export function exactMinus(a: D, b: D): D {
  return exactPlus(a, b.neg());
}

/**
 * `c + x + x + … (k times)`, each addition rounded to 28 significant digits, half-even, as written
 * (the spec's operation order: rebucketing and desk booking move tickets one by one).
 *
 * Computed in closed form rather than k decimal additions: while the running sum s stays inside one
 * decade, every rounded result is a multiple of the same quantum q = 10^(exp(s) − 27), so each step
 * adds the same integer number of quanta (round-half-even of x/q; on an exact tie the parity rule
 * makes the first step differ at most, and every later step equal). The steps of a chunk are taken
 * at once; at a decade boundary, or when s is zero, one addition is done literally. Bit-identical to
 * the literal loop (property-tested against it).
 */
export function addRepeated(c: D, x: D, k: number): D {
  if (k <= 0) return c;
  if (k <= 4) {
    let out = c;
    for (let i = 0; i < k; i++) out = out.plus(x);
    return out;
  }
  const [xc, xe] = scaled(x);
  const [cc, ce] = scaled(c);
  // When no partial sum needs more than 28 digits nothing is ever rounded: one exact sum.
  const m = Math.min(ce, xe);
  const C = cc * pow10(ce - m);
  const X = xc * pow10(xe - m);
  const K = BigInt(k);
  if ((C < 0n ? -C : C) + K * (X < 0n ? -X : X) < pow10(PRECISION)) return new D(`${C + K * X}e${m}`);
  // Otherwise the first addition literally (it also rounds a c of more than 28 digits), then chunks.
  let s = c.plus(x);
  let rem = k - 1;
  if (xc === 0n) return s;
  while (rem > 0) {
    if (s.isZero()) {
      s = s.plus(x);
      rem--;
      continue;
    }
    const E = s.e - (PRECISION - 1);
    const [sc, se] = scaled(s);
    let n: bigint;
    if (se >= E) n = sc * pow10(se - E);
    else {
      const d = pow10(E - se);
      if (sc % d !== 0n) {
        s = s.plus(x);
        rem--;
        continue;
      }
      n = sc / d;
    }
    // y = x / q = m + f, 0 ≤ f < 1
    let m: bigint;
    let up = false;
    let tie = false;
    if (xe >= E) m = xc * pow10(xe - E);
    else {
      const d = pow10(E - xe);
      m = floorDiv(xc, d);
      const twice = 2n * (xc - m * d);
      up = twice > d;
      tie = twice === d;
    }
    let r1: bigint;
    let rs: bigint;
    if (!tie) r1 = rs = up ? m + 1n : m;
    else {
      r1 = ((n + m) & 1n) === 0n ? m : m + 1n;
      rs = (m & 1n) === 0n ? m : m + 1n;
    }
    const n1 = n + r1;
    const mag1 = n > 0n ? n1 : -n1;
    if (mag1 < LO || mag1 > HI) {
      s = s.plus(x);
      rem--;
      continue;
    }
    // Every result must keep its magnitude in [10^27 + 1, 10^28 − 1] quanta: then the exact sum
    // before rounding is in the same decade and was rounded to the quantum q.
    let steps = BigInt(rem);
    const grow = n > 0n ? rs : -rs; // change of the magnitude per step
    if (grow !== 0n) {
      const room = grow > 0n ? (HI - mag1) / grow : (mag1 - LO) / -grow;
      if (room + 1n < steps) steps = room + 1n;
    }
    const nK = n1 + (steps - 1n) * rs;
    s = new D(`${nK}e${E}`);
    rem -= Number(steps);
  }
  return s;
}
