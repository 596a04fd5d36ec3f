import { Decimal } from 'decimal.js'; // named: the default import is the CJS module object under Node16 ESM type resolution

/**
 * The engine's private decimal type: 28 significant digits, round half-even, never exponent notation.
 * Every model quantity that the spec calls "D" is an instance of this clone; the global Decimal
 * configuration is never touched.
 */
export const D = Decimal.clone({
  precision: 28,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
/** An instance of the engine's private decimal clone. */
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
 * Canonical decimal string (model §2.5): plain, no trailing zeros, `0` for zero (never `-0`).
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

/**
 * `c + x + x + … (k times)`, each addition rounded to 28 digits as written. When every partial sum
 * is exactly representable (few decimals, small magnitude) the single product `c + k·x` gives the
 * same value; otherwise the additions are carried out one by one.
 */
export function addRepeated(c: D, x: D, k: number): D {
  if (k <= 0) return c;
  const places = Math.max(c.decimalPlaces(), x.decimalPlaces());
  const bound = c.abs().plus(x.abs().times(k));
  if (bound.lt(new D(10).pow(27 - places))) return c.plus(x.times(k));
  let out = c;
  for (let i = 0; i < k; i++) out = out.plus(x);
  return out;
}
