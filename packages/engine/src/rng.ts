import { createHash } from 'node:crypto';
import { crExp, crLog, crPow } from './crmath';

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** The state of CPython's init_genrand(19650218), shared by every init_by_array call. */
const BASE_STATE: Uint32Array = (() => {
  const mt = new Uint32Array(N);
  mt[0] = 19650218;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1]!;
    mt[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
  }
  return mt;
})();

function initByArray(mt: Uint32Array, key: readonly number[]): void {
  mt.set(BASE_STATE);
  const keyLength = key.length;
  let i = 1;
  let j = 0;
  for (let k = N > keyLength ? N : keyLength; k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1664525)) + key[j]! + j) >>> 0;
    i++;
    j++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
    if (j >= keyLength) j = 0;
  }
  for (let k = N - 1; k > 0; k--) {
    const prev = mt[i - 1]!;
    mt[i] = ((mt[i]! ^ Math.imul((prev ^ (prev >>> 30)) >>> 0, 1566083941)) - i) >>> 0;
    i++;
    if (i >= N) {
      mt[0] = mt[N - 1]!;
      i = 1;
    }
  }
  mt[0] = 0x80000000;
}

/** The 32-bit words of a non-negative integer seed, least significant first (CPython `random.seed(int)`). */
export function seedKey(seed: number | bigint): number[] {
  let n = typeof seed === 'bigint' ? seed : BigInt(seed);
  if (n < 0n) n = -n;
  if (n === 0n) return [0];
  const key: number[] = [];
  while (n > 0n) {
    key.push(Number(n & 0xffffffffn));
    n >>= 32n;
  }
  return key;
}

function bitLength(n: number): number {
  return 32 - Math.clz32(n);
}

const LOG4 = crLog(4);
const SG_MAGICCONST = 1 + crLog(4.5);

/**
 * CPython 3.11 `random.Random`, bit for bit: MT19937 with init_by_array seeding and the
 * float, integer, shuffle and gamma methods the model uses.
 */
export class PyRandom {
  private readonly mt = new Uint32Array(N);
  private mti = N;

  constructor(seed: number | bigint) {
    initByArray(this.mt, seedKey(seed));
  }

  /** genrand_uint32 of the reference MT19937. */
  nextUint32(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.mti = 0;
    }
    let y = mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A double in [0, 1) with 53 random bits. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  }

  /** getrandbits(k) for 1 ≤ k ≤ 32. */
  getrandbits(k: number): number {
    if (!(k >= 1 && k <= 32)) throw new RangeError(`getrandbits: k must be in 1..32, got ${k}`);
    return this.nextUint32() >>> (32 - k);
  }

  /** CPython `_randbelow_with_getrandbits(n)`: k = bit length of n (not n − 1). */
  randbelow(n: number): number {
    if (!(Number.isSafeInteger(n) && n >= 1 && n < 2 ** 32)) throw new RangeError(`randbelow: n must be in 1..2^32-1, got ${n}`);
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  randrange(n: number): number {
    return this.randbelow(n);
  }

  randint(a: number, b: number): number {
    return a + this.randbelow(b - a + 1);
  }

  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new RangeError('choice: empty sequence');
    return seq[this.randbelow(seq.length)]!;
  }

  /** In-place Fisher–Yates exactly as CPython 3.11 `shuffle`. */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
  }

  /** CPython `gammavariate(alpha, 1)`. */
  gammavariate(alpha: number): number {
    if (!(alpha > 0)) throw new RangeError(`gammavariate: alpha must be > 0, got ${alpha}`);
    if (alpha > 1) {
      const ainv = Math.sqrt(2 * alpha - 1);
      const bbb = alpha - LOG4;
      const ccc = alpha + ainv;
      for (;;) {
        const u1 = this.random();
        if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
        const u2 = 1 - this.random();
        const v = crLog(u1 / (1 - u1)) / ainv;
        const x = alpha * crExp(v);
        const z = u1 * u1 * u2;
        const r = bbb + ccc * v - x;
        if (r + SG_MAGICCONST - 4.5 * z >= 0 || r >= crLog(z)) return x;
      }
    }
    if (alpha === 1) return -crLog(1 - this.random());
    for (;;) {
      const u = this.random();
      const b = (Math.E + alpha) / Math.E;
      const p = b * u;
      const x = p <= 1 ? crPow(p, 1 / alpha) : -crLog((b - p) / alpha);
      const u1 = this.random();
      if (p > 1) {
        if (u1 <= crPow(x, alpha - 1)) return x;
      } else if (u1 <= crExp(-x)) {
        return x;
      }
    }
  }
}

/** `seed32(runSeed, purpose)` of model §1.4: the first 4 bytes (big-endian) of SHA-256("seed:purpose"). */
export function seed32(runSeed: number, purpose: string): number {
  const h = createHash('sha256').update(`${runSeed}:${purpose}`, 'utf8').digest();
  return h.readUInt32BE(0);
}

/** A fresh CPython-compatible stream for a named `spec` substream (model §1.4). */
export function substream(runSeed: number, purpose: string): PyRandom {
  return new PyRandom(seed32(runSeed, purpose));
}

const scratch = new Uint32Array(N);
const KEY1: number[] = [0];

/**
 * `u(runSeed, purpose)`: the first random() of a named substream. Hot path of the `spec`
 * order flow, so it computes only the four state words the first two outputs need.
 */
export function u(runSeed: number, purpose: string): number {
  KEY1[0] = seed32(runSeed, purpose);
  const mt = scratch;
  initByArray(mt, KEY1);
  const out = (kk: number): number => {
    const y0 = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
    let y = mt[kk + M]! ^ (y0 >>> 1) ^ (y0 & 1 ? MATRIX_A : 0);
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  const a = out(0) >>> 5;
  const b = out(1) >>> 6;
  return (a * 67108864 + b) * (1 / 9007199254740992);
}
