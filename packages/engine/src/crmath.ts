/**
 * `log`, `exp` and `pow` for doubles that round once from about 100 bits.
 *
 * V8's Math.log/exp/pow are accurate to about one ulp but not correctly rounded, while the
 * reference gamma draws were made with glibc, whose results agree with correct rounding on the
 * reference vectors (docs/model.md §1.3). A last-ulp difference in a gamma weight changes Dirichlet
 * amounts in their 17th digit, so the gamma generator uses these instead. Each function evaluates
 * in double-double arithmetic (about 100 bits) and rounds once, to the nearest double or, below
 * 2^−1022, directly to the subnormal grid.
 *
 * That is the correctly rounded result unless the exact value lies within about 2^−100 (relative)
 * of a midpoint between two doubles, where the double-double error can decide the side: known cases
 * are exp(2^−53) (returns 1, not 1 + 2^−52) and exact midpoints of pow such as 94906273² (need not tie
 * to even). `crmath.prop.test.ts` checks equality with a 60-digit reference on random and edge
 * inputs and keeps those cases as expected failures. No `cr` function is claimed correctly rounded
 * for every input.
 */

type DD = [number, number];

const SPLITTER = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
}

function ddMul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddMulD(a: DD, b: number): DD {
  const [p, e] = twoProd(a[0], b);
  return quickTwoSum(p, e + a[1] * b);
}

function ddDiv(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  let r = ddAdd(a, ddMulD(b, -q1));
  const q2 = r[0] / b[0];
  r = ddAdd(r, ddMulD(b, -q2));
  const q3 = r[0] / b[0];
  return ddAdd(quickTwoSum(q1, q2), [q3, 0]);
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];
const SQRT2 = Math.SQRT2;
const TWO54 = 2 ** 54;

/** Reciprocals 1/(2k+1) as double-doubles, for the atanh series. */
const ODD_RECIP: DD[] = Array.from({ length: 40 }, (_, k) => ddDiv([1, 0], [2 * k + 1, 0]));
/** Reciprocal factorials 1/n! for the exp series. */
const INV_FACT: DD[] = (() => {
  const out: DD[] = [[1, 0]];
  for (let n = 1; n < 16; n++) out.push(ddDiv(out[n - 1]!, [n, 0]));
  return out;
})();

function frexp(x: number): [number, number] {
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    x *= TWO54;
    e -= 54;
  }
  const k = Math.floor(Math.log2(x));
  // x · 2^−k, not x / 2^k: Math.log2 of the largest doubles rounds to 1024 and 2^1024 overflows,
  // while 2^−1024 is an exact (subnormal) power of two and the product stays exact.
  let m = x * 2 ** -k;
  e += k;
  // log2 can be off by one near powers of two
  if (m >= 2) {
    m /= 2;
    e += 1;
  } else if (m < 1) {
    m *= 2;
    e -= 1;
  }
  return [m, e];
}

/** ln(x) as a double-double, x > 0 finite. */
function ddLog(x: number): DD {
  let [m, e] = frexp(x);
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  const num: DD = [m - 1, 0];
  const den = twoSum(m, 1);
  const s = ddDiv(num, den);
  const s2 = ddMul(s, s);
  let sum: DD = ODD_RECIP[ODD_RECIP.length - 1]!;
  for (let k = ODD_RECIP.length - 2; k >= 0; k--) sum = ddAdd(ddMul(sum, s2), ODD_RECIP[k]!);
  const lnm = ddMulD(ddMul(s, sum), 2);
  return ddAdd(ddMulD(LN2, e), lnm);
}

/**
 * v·2^k rounded once to the grid of spacing 2^−1074, ties to even, for k ≤ −1022 and v in
 * [0.7, 1.5): every such result is subnormal or in the first normal binade, where that is the
 * spacing of the doubles. Rounding the double-double to 53 bits and then to the grid would round
 * twice; instead v is scaled to units of 2^−1074 (exactly: powers of two) and rounded to an integer.
 */
function roundToSubnormalGrid(v: DD, k: number): number {
  const scale = 2 ** (k + 1074); // k ≥ −1077 here (arguments below −746 return 0 earlier)
  const w0 = v[0] * scale;
  const w1 = v[1] * scale;
  let n = Math.floor(w0);
  const d = w0 - n; // exact: w0 < 2^53
  if (d > 0.75) n += 1;
  else if (d >= 0.25) {
    // d − 0.5 is exact (Sterbenz); the sign of the rounded sum is the sign of the exact one
    const s = d - 0.5 + w1;
    if (s > 0 || (s === 0 && n % 2 === 1)) n += 1;
  }
  return n * 2 ** -1074;
}

/** exp of a double-double argument, rounded once to a double. */
function ddExpToDouble(y: DD): number {
  if (y[0] > 709.8) return Infinity;
  if (y[0] < -746) return 0;
  const k = Math.round(y[0] / LN2[0]);
  const r = ddAdd(y, ddMulD(LN2, -k));
  const rs: DD = [r[0] / 1024, r[1] / 1024];
  // expm1 of the reduced argument by Taylor series, then (1 + e)^2 - 1 = 2e + e^2, ten times
  let sum: DD = INV_FACT[INV_FACT.length - 1]!;
  for (let n = INV_FACT.length - 2; n >= 1; n--) sum = ddAdd(ddMul(sum, rs), INV_FACT[n]!);
  let em1 = ddMul(sum, rs);
  for (let i = 0; i < 10; i++) em1 = ddAdd(ddMulD(em1, 2), ddMul(em1, em1));
  const v = ddAdd(em1, [1, 0]);
  const hi = v[0] + v[1];
  if (k > 1000) return hi * 2 ** 1000 * 2 ** (k - 1000);
  if (k <= -1022) return roundToSubnormalGrid(v, k);
  if (k < -1000) {
    // a normal result: scale the double-double (exactly), add (the one rounding), rescale (exact)
    const scale = 2 ** (k + 1000);
    return (v[0] * scale + v[1] * scale) * 2 ** -1000;
  }
  const scale = 2 ** k;
  return v[0] * scale + v[1] * scale;
}

/** Natural logarithm, rounded once from a double-double (see the module comment for the exceptions). */
export function crLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  if (x === 1) return 0;
  const r = ddLog(x);
  return r[0] + r[1];
}

/** Exponential, rounded once from a double-double (see the module comment for the exceptions). */
export function crExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 1;
  return ddExpToDouble([x, 0]);
}

/** x^y for x ≥ 0 (the cases the gamma generator needs), rounded once from a double-double (see the module comment). */
export function crPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (Number.isNaN(x) || Number.isNaN(y) || x < 0) return x ** y;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (x === 1) return 1;
  if (x === Infinity) return y > 0 ? Infinity : 0;
  return ddExpToDouble(ddMulD(ddLog(x), y));
}
