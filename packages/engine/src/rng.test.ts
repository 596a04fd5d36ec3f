import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D } from './decimal';
import { dirichletAmounts } from './generators';
import { PyRandom, firstRandomOfKey, seed32, seedKey, substream, u, uMany, useMtSimd } from './rng';
import { mtSimdModuleBytes } from './mt-simd';

/*
 * Expected values: test/fixtures/kernel-and-examples.md §V6 (CPython 3.11 `random.Random`, gamma draws)
 * and §V4 (CRN substreams of docs/model.md §1.4). Doubles are compared with `toBe` (Object.is): bit for bit.
 */

const draws = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('PyRandom: CPython 3.11 MT19937 (§V6)', () => {
  it('Random(42).random() × 3', () => {
    const r = new PyRandom(42);
    expect(draws(3, () => r.random())).toEqual([0.6394267984578837, 0.025010755222666936, 0.27502931836911926]);
  });

  it('Random(42).getrandbits(32) × 3', () => {
    const r = new PyRandom(42);
    expect(draws(3, () => r.getrandbits(32))).toEqual([2746317213, 478163327, 107420369]);
  });

  it('Random(42).randint(1, 3) × 5', () => {
    const r = new PyRandom(42);
    expect(draws(5, () => r.randint(1, 3))).toEqual([3, 1, 1, 3, 2]);
  });

  it('Random(42).randrange(4) × 5', () => {
    const r = new PyRandom(42);
    expect(draws(5, () => r.randrange(4))).toEqual([0, 0, 2, 1, 1]);
  });

  it('Random(42).shuffle([0 … 9])', () => {
    const r = new PyRandom(42);
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    r.shuffle(x);
    expect(x).toEqual([7, 3, 2, 8, 5, 6, 9, 4, 0, 1]);
  });

  it('Random(42): shuffle [H1, H2, H3] then [H4, H5] from the same stream', () => {
    const r = new PyRandom(42);
    const a = ['H1', 'H2', 'H3'];
    const b = ['H4', 'H5'];
    r.shuffle(a);
    r.shuffle(b);
    expect(a).toEqual(['H2', 'H1', 'H3']);
    expect(b).toEqual(['H5', 'H4']);
  });

  it('Random(0).random()', () => {
    expect(new PyRandom(0).random()).toBe(0.8444218515250481);
    expect(seedKey(0)).toEqual([0]);
  });

  it('Random(2^32 + 5).random(): two-word key [5, 1]', () => {
    expect(seedKey(2 ** 32 + 5)).toEqual([5, 1]);
    expect(seedKey(2n ** 32n + 5n)).toEqual([5, 1]);
    expect(new PyRandom(2 ** 32 + 5).random()).toBe(0.15727238718789782);
    expect(new PyRandom(2n ** 32n + 5n).random()).toBe(0.15727238718789782);
  });

  it('shuffle of a list of length 0 or 1 consumes no draws (docs/model.md §1.3)', () => {
    const r = new PyRandom(42);
    const empty: number[] = [];
    const one = ['H1'];
    r.shuffle(empty);
    r.shuffle(one);
    expect(one).toEqual(['H1']);
    expect(r.random()).toBe(0.6394267984578837);
  });

  it('choice(s) = s[randbelow(len(s))]: Random(42) over 4 items follows randrange(4)', () => {
    const r = new PyRandom(42);
    const s = ['a', 'b', 'c', 'd'];
    // randrange(4) × 5 = 0, 0, 2, 1, 1 (§V6)
    expect(draws(5, () => r.choice(s))).toEqual(['a', 'a', 'c', 'b', 'b']);
  });

  it('rejects arguments outside the supported ranges', () => {
    const r = new PyRandom(1);
    expect(() => r.getrandbits(0)).toThrow(RangeError);
    expect(() => r.getrandbits(33)).toThrow(RangeError);
    expect(() => r.randbelow(0)).toThrow(RangeError);
    expect(() => r.choice([])).toThrow(RangeError);
    expect(() => r.gammavariate(0)).toThrow(RangeError);
  });
});

describe('gammavariate(α, 1) (§V6, reference streams Random(seed))', () => {
  it('seed 42, c = 1 (exponential branch)', () => {
    const r = new PyRandom(42);
    expect(draws(5, () => r.gammavariate(1))).toEqual([
      1.020060287274801, 0.02532883904273889, 0.3216240640749656, 0.25258618567011354, 1.333592672808083,
    ]);
  });

  it('seed 43, c = 0.2 (GS branch, α < 1)', () => {
    const r = new PyRandom(43);
    expect(draws(5, () => r.gammavariate(0.2))).toEqual([
      1.214476908964025e-7, 8.809859301565504e-5, 0.19492537508212882, 0.02726224643787958, 3.6797090913041443e-9,
    ]);
  });

  it('seed 42, c = 0.2 (GS branch, α < 1)', () => {
    const r = new PyRandom(42);
    expect(draws(5, () => r.gammavariate(0.2))).toEqual([
      0.15244665981337352, 0.0022441852689479543, 0.30898872189180504, 0.8061671732878366, 0.01906881355303833,
    ]);
  });

  // The Cheng branch (α > 1: c = 2 and c = 5 for seeds 45 and 46) has only q vectors in §V6:
  // checked through dirichletAmounts (also in generators.test.ts).
  it.each([
    [
      45,
      '2',
      [
        '2596.078850192340134231141664',
        '1135.715936738239360655687850',
        '2687.098243288497792673555544',
        '2896.829585003825109003387420',
        '684.277384777097603436227522',
      ],
    ],
    [
      46,
      '5',
      [
        '2709.675732461458377376929491',
        '1603.007478043715006774232816',
        '2691.529775575298366784533181',
        '1870.637371993402958849548560',
        '1125.149641926125290214755952',
      ],
    ],
  ] as const)('seed %i, c = %s (Cheng branch, α > 1) through dirichletAmounts', (seed, c, q) => {
    const got = dirichletAmounts(new PyRandom(seed), 5, new D(c), new D(10000), new D(0));
    got.forEach((g, i) => expect(g.eq(q[i]!), `q_${i} = ${g.toString()}`).toBe(true));
  });

  it('spec stream ring:dirichlet, run seed 42, c = 1', () => {
    const r = substream(42, 'ring:dirichlet');
    expect(draws(5, () => r.gammavariate(1))).toEqual([
      0.2583532353519055, 0.9824121823992235, 1.1266780669217555, 0.9421851483960827, 0.009887971134038677,
    ]);
  });

  it('spec stream ring:dirichlet, run seed 43, c = 0.2', () => {
    const r = substream(43, 'ring:dirichlet');
    expect(draws(5, () => r.gammavariate(0.2))).toEqual([
      0.0003122240749064694, 0.12226195122781444, 0.08347564076459055, 4.652291127919114e-12, 0.047079739264910166,
    ]);
  });

  it('spec stream ring:dirichlet, run seed 44, c = 0.5', () => {
    const r = substream(44, 'ring:dirichlet');
    expect(draws(5, () => r.gammavariate(0.5))).toEqual([
      0.1366824204245712, 0.10772756315647812, 0.3967891223073431, 0.001441119202628298, 2.0885618715049166,
    ]);
  });

  it('weights print as the reference repr (shortest round-trip digits)', () => {
    // §3.1 step 2: String(w) carries Python's repr digits, possibly in exponent form.
    const r = new PyRandom(43);
    expect(String(r.gammavariate(0.2))).toBe('1.214476908964025e-7');
  });
});

describe('CRN substreams (§V4, docs/model.md §1.4)', () => {
  const rows: [number, string, number, number][] = [
    [42, 'ring:dirichlet', 1722059231, 0.227677627647073],
    [42, 'flow:0:1', 1636662689, 0.7273828218339545],
    [42, 'flow:3:2', 3214181461, 0.25171024499237304],
    [42, 'pick:3:2:SELL:H17', 3968738354, 0.7503980328144322],
    [42, 'issuer:3:2:H17', 3758684965, 0.640339583173741],
    [43, 'ring:dirichlet', 3836496423, 0.185378997194108],
    [0, 'ring:dirichlet', 1790659970, 0.5818080351334173],
    [7, 'flow:0:1', 1562613229, 0.9486305824866259],
    [7, 'flow:0:2', 2915040003, 0.25377729141030125],
    [7, 'flow:0:3', 4058321999, 0.8111366877683824],
  ];

  it.each(rows)('seed %i, purpose %s: seed32 = %i, first random() = %d', (seed, purpose, s32, first) => {
    expect(seed32(seed, purpose)).toBe(s32);
    expect(substream(seed, purpose).random()).toBe(first);
    expect(u(seed, purpose)).toBe(first);
  });

  it('ring:dirichlet of seed 42: second random() = 0.6255931289558355', () => {
    const r = substream(42, 'ring:dirichlet');
    r.random();
    expect(r.random()).toBe(0.6255931289558355);
  });

  it('side draws Z of seed 7 at π_sell = 0.5 are 0, 1, 0 (Z = 1 iff u < π_sell)', () => {
    const z = [1, 2, 3].map((n) => (u(7, `flow:0:${n}`) < 0.5 ? 1 : 0));
    expect(z).toEqual([0, 1, 0]);
  });

  it('issuer draw: ⌊u(42, issuer:3:2:H17)·5⌋ = 3', () => {
    expect(Math.floor(u(42, 'issuer:3:2:H17') * 5)).toBe(3);
  });

  it('property: u(seed, purpose) = substream(seed, purpose).random()', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.string({ maxLength: 70 }), (seed, purpose) => {
        expect(u(seed, purpose)).toBe(substream(seed, purpose).random());
      }),
      { numRuns: 200 },
    );
  });

  it('property: seed32 = first 4 bytes (big-endian) of SHA-256("seed:purpose"), for ASCII and non-ASCII, short and long purposes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 20 })),
        (seed, purpose) => {
          const h = createHash('sha256').update(`${seed}:${purpose}`, 'utf8').digest();
          expect(seed32(seed, purpose)).toBe(h.readUInt32BE(0));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: seed32 agrees with node:crypto at every message length around the one-block boundary (0 … 64 bytes)', () => {
    for (let len = 0; len <= 64; len++) {
      const purpose = 'x'.repeat(len);
      const h = createHash('sha256').update(`9:${purpose}`, 'utf8').digest();
      expect(seed32(9, purpose)).toBe(h.readUInt32BE(0));
    }
  });

  it('property: the fast first-draw paths equal a full PyRandom (firstRandomOfKey, uMany)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (s) => {
        expect(firstRandomOfKey(s)).toBe(new PyRandom(s).random());
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.stringMatching(/^H[1-9][0-9]{0,3}$/), { maxLength: 20 }),
        (seed, ids) => {
          const got = Array.from(uMany(seed, 'pick:3:2:SELL:', ids));
          expect(got).toEqual(ids.map((id) => u(seed, `pick:3:2:SELL:${id}`)));
        },
      ),
      { numRuns: 100 },
    );
    // any key: ASCII or not, messages on both sides of the one-block limit (55 bytes), any prefix length
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.string({ maxLength: 40 }),
        fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 45 }),
        (seed, prefix, ids) => {
          expect(Array.from(uMany(seed, prefix, ids))).toEqual(ids.map((id) => u(seed, `${prefix}${id}`)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the WebAssembly SIMD seeding kernel (mt-simd.ts)', () => {
  it('is valid WebAssembly and in use on this runtime (Node ≥ 20 has SIMD)', () => {
    const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm.validate(mtSimdModuleBytes())).toBe(true);
    expect(useMtSimd(true)).toBe(true);
  });

  it('property: uMany gives the same keys with and without SIMD, for any number of keys (8- and 32-key batches)', () => {
    try {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          fc.integer({ min: 0, max: 90 }),
          fc.integer({ min: 0, max: 30 }),
          (seed, n, t) => {
            const ids = Array.from({ length: n }, (_, i) => `H${i + 1}`);
            useMtSimd(true);
            const simd = Array.from(uMany(seed, `pick:${t}:1:BUY:`, ids));
            useMtSimd(false);
            const js = Array.from(uMany(seed, `pick:${t}:1:BUY:`, ids));
            expect(simd).toEqual(js);
            if (n > 0) expect(simd[n - 1]).toBe(new PyRandom(seed32(seed, `pick:${t}:1:BUY:H${n}`)).random());
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      useMtSimd(true);
    }
  });
});
