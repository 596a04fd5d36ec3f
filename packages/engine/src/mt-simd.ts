/**
 * The CRN pick keys of the `spec` order flow in WebAssembly SIMD: the one-block SHA-256 that turns
 * a purpose string into a seed (`sha32`, 32 messages), and the MT19937 seeding passes of
 * `firstRandomOfKey` (init_by_array([s]) for a one-word key) for 8 or 32 keys at once (`seed8`,
 * `seed32`: 2 or 8 interleaved i32x4 vectors of four keys each).
 *
 * Why: the `spec` order flow draws one CRN priority key per eligible trader per arrival, and each
 * key needs both full seeding passes (1,247 dependent multiply–xor steps). That chain cannot be
 * shortened, only run for several keys side by side; four 32-bit lanes per instruction do that
 * better than interleaved scalar JavaScript. The module is assembled here from its instructions
 * (no binary blob to trust) and validated before use; where WebAssembly SIMD is unavailable the
 * caller keeps the JavaScript path, which gives the same numbers (property-tested).
 *
 * Memory layout (two 64 KiB pages, all little-endian i32):
 * - BASE    [0, 2496):        the MT state after init_genrand(19650218), 624 words
 * - SEEDS   [2560, 2688):     up to 32 keys s
 * - OUT     [2816, 3328):     rows w1, w2, w397, w398 of 32 words each — what the first two outputs need
 * - SCRATCH [4096, 83968):    pass-1 state; index i at SCRATCH + 16·V·i, vector j (keys 4j … 4j+3) at +16·j
 * - KTAB    [84096, 84352):   the SHA-256 round constants
 * - MSG     [84352, 86400):   32 padded message blocks, transposed (see MSG)
 * - WS      [86400, 87424):   the message schedule of the vector being hashed
 */

export const BASE = 0;
export const SEEDS = 2560;
export const OUT = 2816;
/** Bytes between the w1, w2, w397 and w398 rows of OUT (32 keys each). */
export const SLOT = 128;
const SCRATCH = 4096;
/** SHA-256 round constants K[0..63] (written by the caller, like BASE). */
export const KTAB = 84096;
/** 32 one-block SHA-256 messages, transposed: word w of key k at MSG + 4·(32·w + k). */
export const MSG = 84352;
const WS = 86400; // message schedule of one vector of 4 keys: W[i] at WS + 16·i
const N = 624;
const PAGES = 2; // SCRATCH + 624 · 128 bytes for seed32, then KTAB, MSG, WS

// ---- a minimal WebAssembly encoder ----------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const str = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v | 0)],
  i32Add: [0x6a],
  i32Shl: [0x74],
  i32Eq: [0x46],
  i32LtU: [0x49],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  simd: (code: number, ...imm: number[]) => [0xfd, ...uleb(code), ...imm],
};
const memarg = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];
const v128Load = (offset: number) => op.simd(0x00, ...memarg(4, offset));
const v128Store = (offset: number) => op.simd(0x0b, ...memarg(4, offset));
const load32Splat = (offset: number) => op.simd(0x09, ...memarg(2, offset));
const i32x4Splat = op.simd(0x11);
const v128Xor = op.simd(0x51);
const i32x4ShrU = op.simd(0xad);
const i32x4Add = op.simd(0xae);
const i32x4Sub = op.simd(0xb1);
const i32x4Mul = op.simd(0xb5);
const i32x4Shl = op.simd(0xab);
const v128Or = op.simd(0x50);
const v128Bitselect = op.simd(0x52);

/**
 * The body of `seed{4V}()`: V independent vectors of four keys each, interleaved so that the
 * multiply latency of one vector's chain is hidden behind the others.
 */
function body(V: number): number[] {
  const S = (j: number) => j;
  const P = (j: number) => V + j;
  const C = 2 * V;
  const B = 2 * V + 1;
  const IV = 2 * V + 2;
  const I = 2 * V + 3;
  const A = 2 * V + 4;
  const stride = 16 * V; // bytes per state index in SCRATCH
  const shift = Math.log2(stride);
  const mix = (p: number): number[] => [
    ...op.localGet(p),
    ...op.localGet(p),
    ...op.i32Const(30),
    ...i32x4ShrU,
    ...v128Xor,
    ...op.localGet(C),
    ...i32x4Mul,
  ];
  const each = (f: (j: number) => number[]): number[] => Array.from({ length: V }, (_, j) => f(j)).flat();
  const code: number[] = [
    // pass 1: prev = (base[i] ^ mix(prev, 1664525)) + s, i = 1 … 623, from prev = base[0]
    ...op.i32Const(1664525),
    ...i32x4Splat,
    ...op.localSet(C),
    ...each((j) => [...op.i32Const(0), ...v128Load(SEEDS + 16 * j), ...op.localSet(S(j))]),
    ...op.i32Const(0),
    ...load32Splat(BASE),
    ...op.localSet(B),
    ...each((j) => [...op.localGet(B), ...op.localSet(P(j))]),
    ...op.i32Const(1),
    ...op.localSet(I),
    ...op.loop,
    ...op.localGet(I),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...load32Splat(BASE),
    ...op.localSet(B),
    ...each((j) => [...op.localGet(B), ...mix(P(j)), ...v128Xor, ...op.localGet(S(j)), ...i32x4Add, ...op.localSet(P(j))]),
    ...op.localGet(I),
    ...op.i32Const(shift),
    ...op.i32Shl,
    ...op.localSet(A),
    ...each((j) => [...op.localGet(A), ...op.localGet(P(j)), ...v128Store(SCRATCH + 16 * j)]),
    ...op.localGet(I),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localTee(I),
    ...op.i32Const(N),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    // the wrap (mt[0] = mt[N−1]) and step i = 1 again: m1[1] = (m1[1] ^ mix(prev)) + s
    ...each((j) => [
      ...op.i32Const(0),
      ...op.i32Const(0),
      ...v128Load(SCRATCH + stride + 16 * j),
      ...mix(P(j)),
      ...v128Xor,
      ...op.localGet(S(j)),
      ...i32x4Add,
      ...op.localTee(P(j)),
      ...v128Store(SCRATCH + stride + 16 * j),
    ]),
    // pass 2: prev = (m1[i] ^ mix(prev, 1566083941)) − i, i = 2 … 623; keep w2, w397, w398
    ...op.i32Const(1566083941),
    ...i32x4Splat,
    ...op.localSet(C),
    ...op.i32Const(2),
    ...op.localSet(I),
    ...op.loop,
    ...op.localGet(I),
    ...i32x4Splat,
    ...op.localSet(IV),
    ...op.localGet(I),
    ...op.i32Const(shift),
    ...op.i32Shl,
    ...op.localSet(A),
    ...each((j) => [
      ...op.localGet(A),
      ...v128Load(SCRATCH + 16 * j),
      ...mix(P(j)),
      ...v128Xor,
      ...op.localGet(IV),
      ...i32x4Sub,
      ...op.localSet(P(j)),
    ]),
  ];
  for (const [at, slot] of [
    [2, 1],
    [397, 2],
    [398, 3],
  ] as const) {
    code.push(
      ...op.localGet(I),
      ...op.i32Const(at),
      ...op.i32Eq,
      ...op.if,
      ...each((j) => [...op.i32Const(0), ...op.localGet(P(j)), ...v128Store(OUT + SLOT * slot + 16 * j)]),
      ...op.end,
    );
  }
  code.push(
    ...op.localGet(I),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localTee(I),
    ...op.i32Const(N),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    // the wrap and i = 1: w1 = (m1[1] ^ mix(prev)) − 1
    ...each((j) => [
      ...op.i32Const(0),
      ...op.i32Const(0),
      ...v128Load(SCRATCH + stride + 16 * j),
      ...mix(P(j)),
      ...v128Xor,
      ...op.i32Const(1),
      ...i32x4Splat,
      ...i32x4Sub,
      ...v128Store(OUT + 16 * j),
    ]),
    ...op.end,
  );
  const locals = vec([
    [2 * V + 3, V128],
    [2, I32],
  ]);
  const fn = [...locals, ...code];
  return [...uleb(fn.length), ...fn];
}

/**
 * The body of `sha32()`: the first digest word of SHA-256 of 32 one-block messages (already padded,
 * at MSG), written to SEEDS as the keys of `seed32()`. One vector of four messages at a time; the
 * rounds have enough independent work of their own.
 */
function shaBody(): number[] {
  const [a, b, c, d, e, f, g, h, T1, T2, X] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const I = 11;
  const J = 12;
  const A = 13;
  const MB = 14;
  const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const rotr = (x: number, n: number): number[] => [
    ...op.localGet(x),
    ...op.i32Const(n),
    ...i32x4ShrU,
    ...op.localGet(x),
    ...op.i32Const(32 - n),
    ...i32x4Shl,
    ...v128Or,
  ];
  const sigma = (x: number, r1: number, r2: number, r3: number, shiftOnly: boolean): number[] => [
    ...rotr(x, r1),
    ...rotr(x, r2),
    ...v128Xor,
    ...(shiftOnly ? [...op.localGet(x), ...op.i32Const(r3), ...i32x4ShrU] : rotr(x, r3)),
    ...v128Xor,
  ];
  const load = (offset: number) => [...op.localGet(A), ...v128Load(offset)];
  const code: number[] = [
    ...op.i32Const(0),
    ...op.localSet(J),
    ...op.loop,
    ...op.localGet(J),
    ...op.i32Const(4),
    ...op.i32Shl,
    ...op.localSet(MB),
    // W[0..15] of this vector's four messages
    ...Array.from({ length: 16 }, (_, w) => [
      ...op.i32Const(0),
      ...op.localGet(MB),
      ...v128Load(MSG + 128 * w),
      ...v128Store(WS + 16 * w),
    ]).flat(),
    // W[16..63]
    ...op.i32Const(16),
    ...op.localSet(I),
    ...op.loop,
    ...op.localGet(I),
    ...op.i32Const(4),
    ...op.i32Shl,
    ...op.localSet(A),
    ...load(WS - 15 * 16),
    ...op.localSet(X),
    ...sigma(X, 7, 18, 3, true),
    ...op.localSet(T1),
    ...load(WS - 2 * 16),
    ...op.localSet(X),
    ...sigma(X, 17, 19, 10, true),
    ...op.localSet(T2),
    ...op.localGet(A),
    ...load(WS - 16 * 16),
    ...op.localGet(T1),
    ...i32x4Add,
    ...load(WS - 7 * 16),
    ...i32x4Add,
    ...op.localGet(T2),
    ...i32x4Add,
    ...v128Store(WS),
    ...op.localGet(I),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localTee(I),
    ...op.i32Const(64),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    // the 64 rounds from the initial hash value
    ...H0.flatMap((v, k) => [...op.i32Const(v), ...i32x4Splat, ...op.localSet(k)]),
    ...op.i32Const(0),
    ...op.localSet(I),
    ...op.loop,
    ...op.localGet(I),
    ...op.i32Const(4),
    ...op.i32Shl,
    ...op.localSet(A),
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i]
    ...sigma(e, 6, 11, 25, false),
    ...op.localGet(f),
    ...op.localGet(g),
    ...op.localGet(e),
    ...v128Bitselect,
    ...i32x4Add,
    ...op.localGet(h),
    ...i32x4Add,
    ...op.localGet(I),
    ...op.i32Const(2),
    ...op.i32Shl,
    ...load32Splat(KTAB),
    ...i32x4Add,
    ...load(WS),
    ...i32x4Add,
    ...op.localSet(T1),
    // T2 = Σ0(a) + Maj(a, b, c); Maj picks c where a and b differ, else b
    ...sigma(a, 2, 13, 22, false),
    ...op.localGet(c),
    ...op.localGet(b),
    ...op.localGet(a),
    ...op.localGet(b),
    ...v128Xor,
    ...v128Bitselect,
    ...i32x4Add,
    ...op.localSet(T2),
    ...op.localGet(g),
    ...op.localSet(h),
    ...op.localGet(f),
    ...op.localSet(g),
    ...op.localGet(e),
    ...op.localSet(f),
    ...op.localGet(d),
    ...op.localGet(T1),
    ...i32x4Add,
    ...op.localSet(e),
    ...op.localGet(c),
    ...op.localSet(d),
    ...op.localGet(b),
    ...op.localSet(c),
    ...op.localGet(a),
    ...op.localSet(b),
    ...op.localGet(T1),
    ...op.localGet(T2),
    ...i32x4Add,
    ...op.localSet(a),
    ...op.localGet(I),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localTee(I),
    ...op.i32Const(64),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    // the first digest word: a + H0[0]
    ...op.localGet(MB),
    ...op.localGet(a),
    ...op.i32Const(H0[0]!),
    ...i32x4Splat,
    ...i32x4Add,
    ...v128Store(SEEDS),
    ...op.localGet(J),
    ...op.i32Const(1),
    ...op.i32Add,
    ...op.localTee(J),
    ...op.i32Const(8),
    ...op.i32LtU,
    ...op.brIf(0),
    ...op.end,
    ...op.end,
  ];
  const locals = vec([
    [11, V128],
    [4, I32],
  ]);
  const fn = [...locals, ...code];
  return [...uleb(fn.length), ...fn];
}

/** The module's bytes: the exported memory `mem` and the functions `seed8()` and `seed32()`. */
export function mtSimdModuleBytes(): Uint8Array {
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, 0x00, 0x00]])), // type 0: [] → []
    ...section(3, vec([[0x00], [0x00], [0x00]])), // funcs 0, 1, 2 have type 0
    ...section(5, vec([[0x00, ...uleb(PAGES)]])), // memory 0
    ...section(
      7,
      vec([
        [...str('mem'), 0x02, 0x00],
        [...str('seed8'), 0x00, 0x00],
        [...str('seed32'), 0x00, 0x01],
        [...str('sha32'), 0x00, 0x02],
      ]),
    ),
    ...section(10, vec([body(2), body(8), shaBody()])),
  ]);
}

/** The part of the WebAssembly JS API used here (the engine's lib settings have no DOM or wasm types). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/**
 * An instantiated kernel: write 8 (or 32) seeds at SEEDS, call `seed8()` (or `seed32()`), read
 * w1, w2, w397, w398 of key l at OUT + SLOT·k + 4·l bytes, k = 0 … 3.
 */
export interface MtSimd {
  readonly mem: Int32Array;
  readonly seed8: () => void;
  readonly seed32: () => void;
  /** SHA-256 first words of the 32 messages at MSG, written to SEEDS. */
  readonly sha32: () => void;
}

/**
 * Instantiate the kernel with the given base state, or return null where WebAssembly SIMD is not
 * available (the caller then uses JavaScript).
 */
export function createMtSimd(baseState: Uint32Array, sha256K: Int32Array): MtSimd | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm) return null;
    const bytes = mtSimdModuleBytes();
    if (!wasm.validate(bytes)) return null;
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    const memory = instance.exports.mem as { buffer: ArrayBuffer };
    const mem = new Int32Array(memory.buffer);
    mem.set(new Int32Array(baseState.buffer, baseState.byteOffset, baseState.length), BASE / 4);
    mem.set(sha256K, KTAB / 4);
    const fn = (name: string) => instance.exports[name] as () => void;
    return { mem, seed8: fn('seed8'), seed32: fn('seed32'), sha32: fn('sha32') };
  } catch {
    return null;
  }
}
