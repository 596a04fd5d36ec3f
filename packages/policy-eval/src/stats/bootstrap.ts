import { D, canon, seed32 } from '@ring/engine';
import { ceilDiv, floorDiv } from './cents';

const MASK64 = (1n << 64n) - 1n;
const M_HI = 0x2545f491;
const M_LO = 0x4f6cdd1d;

/** The full 64-bit product of two unsigned 32-bit integers as [hi, lo] (unsigned). */
function mul32(a: number, b: number): [number, number] {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const mid = a1 * b0 + a0 * b1 + Math.floor(p00 / 0x10000); // exact: < 2^34
  const lo = (mid % 0x10000) * 0x10000 + (p00 % 0x10000);
  const hi = a1 * b1 + Math.floor(mid / 0x10000);
  return [hi >>> 0, lo >>> 0];
}

/**
 * xorshift64* (docs/policy-eval.md §9): `x ^= x >> 12; x ^= (x << 25) mod 2⁶⁴; x ^= x >> 27;` output
 * `(x · 0x2545F4914F6CDD1D) mod 2⁶⁴`. A zero state is replaced by 1. The state is kept as two
 * 32-bit halves so that drawing indices needs no BigInt arithmetic.
 */
export class XorShift64Star {
  private hi: number;
  private lo: number;
  constructor(seed: bigint | number) {
    let s = BigInt(seed) & MASK64;
    if (s === 0n) s = 1n;
    this.hi = Number(s >> 32n) >>> 0;
    this.lo = Number(s & 0xffffffffn) >>> 0;
  }

  /** Advance the state and return the output as [hi, lo] 32-bit halves. */
  private step(): [number, number] {
    let hi = this.hi;
    let lo = this.lo;
    // x ^= x >> 12
    lo = (lo ^ ((lo >>> 12) | (hi << 20))) >>> 0;
    hi = (hi ^ (hi >>> 12)) >>> 0;
    // x ^= x << 25 (mod 2^64)
    hi = (hi ^ ((hi << 25) | (lo >>> 7))) >>> 0;
    lo = (lo ^ (lo << 25)) >>> 0;
    // x ^= x >> 27
    lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
    hi = (hi ^ (hi >>> 27)) >>> 0;
    this.hi = hi;
    this.lo = lo;
    // (x · M) mod 2^64 = lo·M_lo + ((hi·M_lo + lo·M_hi) mod 2^32)·2^32
    const [pHi, pLo] = mul32(lo, M_LO);
    const cross = (Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
    return [(pHi + cross) >>> 0, pLo];
  }

  /** The next 64-bit output as a BigInt. */
  next(): bigint {
    const [hi, lo] = this.step();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** An index in 0 … n − 1: output mod n (the spec's rule; the tiny modulo bias is part of the contract). */
  nextIndex(n: number): number {
    const [hi, lo] = this.step();
    if (n <= 0x100000) {
      // (hi·2^32 + lo) mod n with every intermediate below 2^53.
      const r32 = 0x100000000 % n;
      return ((((hi % n) * r32) % n) + (lo % n)) % n;
    }
    return Number(((BigInt(hi) << 32n) | BigInt(lo)) % BigInt(n));
  }
}

/** Default number of bootstrap resamples (docs/policy-eval.md §9). */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;

/** The 0-based order-statistic positions of a 95% percentile interval over B sorted resample sums. */
export function percentileIndices(B: number): { lower: number; upper: number } {
  if (!Number.isSafeInteger(B) || B < 1) throw new RangeError(`bootstrap: B must be an integer ≥ 1 (got ${B})`);
  return { lower: Math.floor(0.025 * B), upper: Math.ceil(0.975 * B) - 1 };
}

/** Result of a percentile bootstrap. */
export interface BootstrapInterval<T> {
  readonly B: number;
  /** The xorshift64* start state actually used. */
  readonly seed: number;
  readonly lowerSum: T;
  readonly upperSum: T;
  readonly ci95: readonly [T, T];
}

const LIMB_BITS = 24;
const LIMB = 1 << LIMB_BITS;

/**
 * B resample sums of `xs` (exact BigInts, sorted ascending). Each resample draws n indices with
 * `rng.nextIndex(n)`. The values are split into signed base-2^24 limbs summed in doubles, which is
 * exact for n < 2^29 draws and avoids BigInt arithmetic per draw; the sums are reassembled once
 * per resample.
 */
function resampleSums(xs: readonly bigint[], B: number, rng: XorShift64Star): bigint[] {
  const n = xs.length;
  let maxAbs = 0n;
  for (const x of xs) {
    const a = x < 0n ? -x : x;
    if (a > maxAbs) maxAbs = a;
  }
  let k = 1;
  while (maxAbs >> BigInt(LIMB_BITS * k) > 0n) k++;
  const limbs = new Float64Array(n * k);
  xs.forEach((x, i) => {
    const neg = x < 0n;
    let a = neg ? -x : x;
    for (let j = 0; j < k; j++) {
      const v = Number(a & BigInt(LIMB - 1));
      limbs[i * k + j] = neg ? -v : v;
      a >>= BigInt(LIMB_BITS);
    }
  });
  const acc = new Float64Array(k);
  const sums: bigint[] = new Array<bigint>(B);
  for (let b = 0; b < B; b++) {
    acc.fill(0);
    for (let d = 0; d < n; d++) {
      const base = rng.nextIndex(n) * k;
      for (let j = 0; j < k; j++) acc[j]! += limbs[base + j]!;
    }
    let s = 0n;
    for (let j = k - 1; j >= 0; j--) s = (s << BigInt(LIMB_BITS)) + BigInt(acc[j]!);
    sums[b] = s;
  }
  return sums.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Percentile-bootstrap CI of the mean of integer-cent deltas (docs/policy-eval.md §9, option
 * `ci: "percentile"`): state x₀ = seed32(iterSeed, "percentile-bootstrap"); each resample draws N
 * indices (output mod N) and records the integer sum; lower = ⌊sum_[⌊0.025B⌋]/N⌋, upper =
 * ⌈sum_[⌈0.975B⌉−1]/N⌉. Null for N < 2.
 */
export function percentileBootstrapCents(
  deltas: readonly (number | bigint)[],
  iterSeed: number,
  B = DEFAULT_BOOTSTRAP_RESAMPLES,
): BootstrapInterval<number> | null {
  const n = deltas.length;
  if (n < 2) return null;
  const xs = deltas.map((d) => BigInt(d));
  const seed = seed32(iterSeed, 'percentile-bootstrap');
  const sums = resampleSums(xs, B, new XorShift64Star(seed));
  const { lower, upper } = percentileIndices(B);
  const N = BigInt(n);
  const lo = sums[lower]!;
  const hi = sums[upper]!;
  return {
    B,
    seed,
    lowerSum: Number(lo),
    upperSum: Number(hi),
    ci95: [Number(floorDiv(lo, N)), Number(ceilDiv(hi, N))],
  };
}

// ---- decimal (D) samples ---------------------------------------------------------------------

/** Decimal strings as BigInt numerators over one common power of ten (exact). */
export function toFixedPoint(values: readonly string[]): { nums: bigint[]; scale: number } {
  let scale = 0;
  const parts = values.map((v) => {
    const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(v.trim());
    if (!m) throw new RangeError(`expected a plain decimal string, got ${JSON.stringify(v)}`);
    const frac = m[3] ?? '';
    if (frac.length > scale) scale = frac.length;
    return { neg: m[1] === '-', int: m[2]!, frac };
  });
  const nums = parts.map((p) => {
    const b = BigInt(p.int + p.frac.padEnd(scale, '0'));
    return p.neg ? -b : b;
  });
  return { nums, scale };
}

/** num/10^scale as a D. */
export function fixedToD(num: bigint, scale: number): D {
  return new D(num.toString()).div(new D(10).pow(scale));
}

/**
 * Percentile bootstrap of the mean of decimal samples (D strings, e.g. trading effects Δ): the
 * procedure of {@link percentileBootstrapCents} with exact fixed-point sums, and bounds sum/N as
 * D values (28 significant digits) instead of integers. `seed` is the xorshift64* start state
 * (callers derive it with seed32 from a seed and a purpose string). Null for N < 2.
 */
export function percentileBootstrapDecimal(
  values: readonly string[],
  seed: number,
  B = DEFAULT_BOOTSTRAP_RESAMPLES,
): BootstrapInterval<string> | null {
  const n = values.length;
  if (n < 2) return null;
  const { nums, scale } = toFixedPoint(values);
  const sums = resampleSums(nums, B, new XorShift64Star(seed));
  const { lower, upper } = percentileIndices(B);
  const lo = fixedToD(sums[lower]!, scale);
  const hi = fixedToD(sums[upper]!, scale);
  return { B, seed, lowerSum: canon(lo), upperSum: canon(hi), ci95: [canon(lo.div(n)), canon(hi.div(n))] };
}
