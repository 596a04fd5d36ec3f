import { createHash } from 'node:crypto';
import { MSG, OUT, SEEDS, SLOT, createMtSimd } from './mt-simd';
import type { MtSimd } from './mt-simd';
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

const K256 = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);

/**
 * The first 32-bit word of SHA-256 of an ASCII string of at most 55 bytes (one block).
 * The `spec` order flow hashes hundreds of thousands of short purpose strings per run; a
 * one-block compression avoids the per-call overhead of node:crypto.
 */
function sha256FirstWordAscii(msg: string): number {
  const len = msg.length;
  W.fill(0);
  for (let i = 0; i < len; i++) W[i >> 2]! |= msg.charCodeAt(i) << (24 - 8 * (i & 3));
  W[len >> 2]! |= 0x80 << (24 - 8 * (len & 3));
  W[15] = len * 8;
  return sha256FirstWordOfW();
}

/** The first digest word of the one block in W[0..15] (a message already padded). */
function sha256FirstWordOfW(): number {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = 0x6a09e667 | 0,
    b = 0xbb67ae85 | 0,
    c = 0x3c6ef372 | 0,
    d = 0xa54ff53a | 0;
  let e = 0x510e527f | 0,
    f = 0x9b05688c | 0,
    g = 0x1f83d9ab | 0,
    h = 0x5be0cd19 | 0;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K256[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  return (a + 0x6a09e667) >>> 0;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range is the point
const ASCII_SHORT = /^[\x00-\x7f]{0,55}$/;

/** `seed32(runSeed, purpose)` of docs/model.md §1.4: the first 4 bytes (big-endian) of SHA-256("seed:purpose"). */
export function seed32(runSeed: number, purpose: string): number {
  const msg = `${runSeed}:${purpose}`;
  if (ASCII_SHORT.test(msg)) return sha256FirstWordAscii(msg);
  const h = createHash('sha256').update(msg, 'utf8').digest();
  return h.readUInt32BE(0);
}

/** A fresh CPython-compatible stream for a named `spec` substream (docs/model.md §1.4). */
export function substream(runSeed: number, purpose: string): PyRandom {
  return new PyRandom(seed32(runSeed, purpose));
}

const BASE_I32 = new Int32Array(BASE_STATE.buffer.slice(0));
const LOOP1 = new Int32Array(N);

function temper(y: number): number {
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

/**
 * The first random() of MT19937 seeded by init_by_array([s]). Equivalent to
 * `new PyRandom(s).random()`, computing only what the first two outputs need: the two seeding
 * passes are inherently sequential, the twist is needed for four words only.
 */
export function firstRandomOfKey(s: number): number {
  const base = BASE_I32;
  const m1 = LOOP1;
  // init_by_array pass 1 (key length 1: j stays 0)
  let prev = base[0]! | 0;
  m1[0] = prev;
  for (let i = 1; i < N; i++) {
    prev = ((base[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + s) | 0;
    m1[i] = prev;
  }
  m1[0] = prev; // mt[0] = mt[N-1]
  prev = ((m1[1]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + s) | 0;
  m1[1] = prev;
  // pass 2, starting at i = 2
  let w397 = 0;
  let w398 = 0;
  let w2 = 0;
  for (let i = 2; i < N; i++) {
    prev = ((m1[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) | 0;
    if (i === 2) w2 = prev;
    else if (i === 397) w397 = prev;
    else if (i === 398) w398 = prev;
  }
  // wrap: mt[0] = mt[N-1]; then i = 1
  const w1 = ((m1[1]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - 1) | 0;
  const w0 = 0x80000000 | 0;
  let y = (w0 & UPPER_MASK) | (w1 & LOWER_MASK);
  const o0 = temper(w397 ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0));
  y = (w1 & UPPER_MASK) | (w2 & LOWER_MASK);
  const o1 = temper(w398 ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0));
  return ((o0 >>> 5) * 67108864 + (o1 >>> 6)) * (1 / 9007199254740992);
}

const LANES = 8;
const LOOPW = new Int32Array(LANES * N);
const W2 = new Int32Array(LANES);
const W397 = new Int32Array(LANES);
const W398 = new Int32Array(LANES);
const FIRST = new Int32Array(LANES);

function finishFirst(w1: number, w2: number, w397: number, w398: number): number {
  const w0 = 0x80000000 | 0;
  let y = (w0 & UPPER_MASK) | (w1 & LOWER_MASK);
  const o0 = temper(w397 ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0));
  y = (w1 & UPPER_MASK) | (w2 & LOWER_MASK);
  const o1 = temper(w398 ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0));
  return ((o0 >>> 5) * 67108864 + (o1 >>> 6)) * (1 / 9007199254740992);
}

/**
 * {@link firstRandomOfKey} for 8 keys at once (`seeds[off .. off+7]`, results to
 * `out[off ..]`). The seeding passes are one long dependency chain per key; interleaving
 * independent chains lets the CPU overlap them, several times the throughput of single calls.
 */
export function firstRandomOfKeysWide(seeds: Uint32Array, off: number, out: Float64Array): void {
  const base = BASE_I32;
  const m = LOOPW;
  const s0 = seeds[off + 0]! | 0;
  const s1 = seeds[off + 1]! | 0;
  const s2 = seeds[off + 2]! | 0;
  const s3 = seeds[off + 3]! | 0;
  const s4 = seeds[off + 4]! | 0;
  const s5 = seeds[off + 5]! | 0;
  const s6 = seeds[off + 6]! | 0;
  const s7 = seeds[off + 7]! | 0;
  let p0 = base[0]! | 0;
  let p1 = p0;
  let p2 = p0;
  let p3 = p0;
  let p4 = p0;
  let p5 = p0;
  let p6 = p0;
  let p7 = p0;

  for (let i = 1; i < N; i++) {
    const b = base[i]!;
    const k = i * 8;
    p0 = ((b ^ Math.imul(p0 ^ (p0 >>> 30), 1664525)) + s0) | 0;
    p1 = ((b ^ Math.imul(p1 ^ (p1 >>> 30), 1664525)) + s1) | 0;
    p2 = ((b ^ Math.imul(p2 ^ (p2 >>> 30), 1664525)) + s2) | 0;
    p3 = ((b ^ Math.imul(p3 ^ (p3 >>> 30), 1664525)) + s3) | 0;
    p4 = ((b ^ Math.imul(p4 ^ (p4 >>> 30), 1664525)) + s4) | 0;
    p5 = ((b ^ Math.imul(p5 ^ (p5 >>> 30), 1664525)) + s5) | 0;
    p6 = ((b ^ Math.imul(p6 ^ (p6 >>> 30), 1664525)) + s6) | 0;
    p7 = ((b ^ Math.imul(p7 ^ (p7 >>> 30), 1664525)) + s7) | 0;
    m[k + 0] = p0;
    m[k + 1] = p1;
    m[k + 2] = p2;
    m[k + 3] = p3;
    m[k + 4] = p4;
    m[k + 5] = p5;
    m[k + 6] = p6;
    m[k + 7] = p7;
  }
  p0 = ((m[8 + 0]! ^ Math.imul(p0 ^ (p0 >>> 30), 1664525)) + s0) | 0;
  p1 = ((m[8 + 1]! ^ Math.imul(p1 ^ (p1 >>> 30), 1664525)) + s1) | 0;
  p2 = ((m[8 + 2]! ^ Math.imul(p2 ^ (p2 >>> 30), 1664525)) + s2) | 0;
  p3 = ((m[8 + 3]! ^ Math.imul(p3 ^ (p3 >>> 30), 1664525)) + s3) | 0;
  p4 = ((m[8 + 4]! ^ Math.imul(p4 ^ (p4 >>> 30), 1664525)) + s4) | 0;
  p5 = ((m[8 + 5]! ^ Math.imul(p5 ^ (p5 >>> 30), 1664525)) + s5) | 0;
  p6 = ((m[8 + 6]! ^ Math.imul(p6 ^ (p6 >>> 30), 1664525)) + s6) | 0;
  p7 = ((m[8 + 7]! ^ Math.imul(p7 ^ (p7 >>> 30), 1664525)) + s7) | 0;
  FIRST[0] = p0;
  FIRST[1] = p1;
  FIRST[2] = p2;
  FIRST[3] = p3;
  FIRST[4] = p4;
  FIRST[5] = p5;
  FIRST[6] = p6;
  FIRST[7] = p7;
  for (let i = 2; i < N; i++) {
    const k = i * 8;
    p0 = ((m[k + 0]! ^ Math.imul(p0 ^ (p0 >>> 30), 1566083941)) - i) | 0;
    p1 = ((m[k + 1]! ^ Math.imul(p1 ^ (p1 >>> 30), 1566083941)) - i) | 0;
    p2 = ((m[k + 2]! ^ Math.imul(p2 ^ (p2 >>> 30), 1566083941)) - i) | 0;
    p3 = ((m[k + 3]! ^ Math.imul(p3 ^ (p3 >>> 30), 1566083941)) - i) | 0;
    p4 = ((m[k + 4]! ^ Math.imul(p4 ^ (p4 >>> 30), 1566083941)) - i) | 0;
    p5 = ((m[k + 5]! ^ Math.imul(p5 ^ (p5 >>> 30), 1566083941)) - i) | 0;
    p6 = ((m[k + 6]! ^ Math.imul(p6 ^ (p6 >>> 30), 1566083941)) - i) | 0;
    p7 = ((m[k + 7]! ^ Math.imul(p7 ^ (p7 >>> 30), 1566083941)) - i) | 0;
    if (i === 2 || i === 397 || i === 398) {
      const dst = i === 2 ? W2 : i === 397 ? W397 : W398;
      dst[0] = p0;
      dst[1] = p1;
      dst[2] = p2;
      dst[3] = p3;
      dst[4] = p4;
      dst[5] = p5;
      dst[6] = p6;
      dst[7] = p7;
    }
  }
  out[off + 0] = finishFirst(((FIRST[0]! ^ Math.imul(p0 ^ (p0 >>> 30), 1566083941)) - 1) | 0, W2[0]!, W397[0]!, W398[0]!);
  out[off + 1] = finishFirst(((FIRST[1]! ^ Math.imul(p1 ^ (p1 >>> 30), 1566083941)) - 1) | 0, W2[1]!, W397[1]!, W398[1]!);
  out[off + 2] = finishFirst(((FIRST[2]! ^ Math.imul(p2 ^ (p2 >>> 30), 1566083941)) - 1) | 0, W2[2]!, W397[2]!, W398[2]!);
  out[off + 3] = finishFirst(((FIRST[3]! ^ Math.imul(p3 ^ (p3 >>> 30), 1566083941)) - 1) | 0, W2[3]!, W397[3]!, W398[3]!);
  out[off + 4] = finishFirst(((FIRST[4]! ^ Math.imul(p4 ^ (p4 >>> 30), 1566083941)) - 1) | 0, W2[4]!, W397[4]!, W398[4]!);
  out[off + 5] = finishFirst(((FIRST[5]! ^ Math.imul(p5 ^ (p5 >>> 30), 1566083941)) - 1) | 0, W2[5]!, W397[5]!, W398[5]!);
  out[off + 6] = finishFirst(((FIRST[6]! ^ Math.imul(p6 ^ (p6 >>> 30), 1566083941)) - 1) | 0, W2[6]!, W397[6]!, W398[6]!);
  out[off + 7] = finishFirst(((FIRST[7]! ^ Math.imul(p7 ^ (p7 >>> 30), 1566083941)) - 1) | 0, W2[7]!, W397[7]!, W398[7]!);
}

/** `u(runSeed, purpose)`: the first random() of a named substream (docs/model.md §1.4). */
export function u(runSeed: number, purpose: string): number {
  return firstRandomOfKey(seed32(runSeed, purpose));
}

let simdKernel: MtSimd | null | undefined;
let simdAllowed = true;

/** The WebAssembly SIMD seeding kernel, instantiated on first use; null where unavailable or disabled. */
function mtSimd(): MtSimd | null {
  if (!simdAllowed) return null;
  if (simdKernel === undefined) simdKernel = createMtSimd(BASE_STATE, K256);
  return simdKernel;
}

/** Tests only: force the JavaScript path (false) or allow the SIMD kernel again (true); returns whether SIMD is in use. */
export function useMtSimd(allowed: boolean): boolean {
  simdAllowed = allowed;
  return mtSimd() !== null;
}

/**
 * `u(runSeed, prefix + key)` for many keys, in order: the batched form of {@link u} used for
 * the per-agent priority keys of one arrival.
 */
export function uMany(runSeed: number, prefix: string, keys: readonly string[]): Float64Array {
  const n = keys.length;
  const padded = Math.ceil(n / LANES) * LANES;
  const out = new Float64Array(padded);
  const seeds = new Uint32Array(padded);
  const head = `${runSeed}:${prefix}`;
  // The message words of the shared head are laid out once; each key only adds its own bytes.
  const hl = head.length;
  const headWords = ASCII_SHORT.test(head) ? new Int32Array(16) : null;
  if (headWords) for (let i = 0; i < hl; i++) headWords[i >> 2]! |= head.charCodeAt(i) << (24 - 8 * (i & 3));
  const simd = mtSimd();
  const mem = simd?.mem;
  const s = SEEDS / 4;
  const o = OUT / 4;
  const r = SLOT / 4;
  const m = MSG / 4;
  /** The first random() of lanes [0, count) of the last seeding call, into out[at …]. */
  const readOut = (at: number, count: number): void => {
    for (let l = 0; l < count; l++) out[at + l] = finishFirst(mem![o + l]!, mem![o + r + l]!, mem![o + 2 * r + l]!, mem![o + 3 * r + l]!);
  };
  let i = 0;
  if (simd && mem && headWords) {
    // 32 keys per batch while more than 16 remain: SHA-256 and both seeding passes in WebAssembly.
    const other: number[] = []; // lanes whose message is not one ASCII block: hashed in JavaScript
    for (; n - i > 16; i += 32) {
      other.length = 0;
      for (let l = 0; l < 32; l++) {
        const k = i + l;
        const block = k < n && messageWords(headWords, hl, keys[k]!);
        if (!block) W.fill(0, 0, 16);
        if (k < n && !block) other.push(l);
        for (let w = 0; w < 16; w++) mem[m + 32 * w + l] = W[w]!;
      }
      simd.sha32();
      for (const l of other) mem[s + l] = seed32(runSeed, prefix + keys[i + l]!) | 0;
      simd.seed32();
      readOut(i, Math.min(32, n - i));
    }
  }
  for (let k = i; k < n; k++) {
    const key = keys[k]!;
    seeds[k] = headWords && messageWords(headWords, hl, key) ? sha256FirstWordOfW() : seed32(runSeed, prefix + key);
  }
  if (simd && mem) {
    for (; i < n; i += LANES) {
      for (let l = 0; l < LANES; l++) mem[s + l] = seeds[i + l]! | 0;
      simd.seed8();
      readOut(i, LANES);
    }
  } else {
    for (; i < n; i += LANES) firstRandomOfKeysWide(seeds, i, out);
  }
  return out.subarray(0, n);
}

/**
 * Lay out head + key as one padded SHA-256 block in W[0..15]; false (W unspecified) when the
 * message is not ASCII or does not fit one block.
 */
function messageWords(headWords: Int32Array, hl: number, key: string): boolean {
  const len = hl + key.length;
  if (len > 55 || !ASCII_SHORT.test(key)) return false;
  W.set(headWords);
  W.fill(0, 16);
  for (let i = 0; i < key.length; i++) {
    const at = hl + i;
    W[at >> 2]! |= key.charCodeAt(i) << (24 - 8 * (at & 3));
  }
  W[len >> 2]! |= 0x80 << (24 - 8 * (len & 3));
  W[15] = len * 8;
  return true;
}
