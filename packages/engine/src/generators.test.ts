import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { D } from './decimal';
import { dirichletAmounts, dueDayLead, dueDays, largestRemainder, roundHalfEvenDouble } from './generators';
import { PyRandom, seed32, substream } from './rng';

/*
 * Expected values: test/fixtures/kernel-and-examples.md §V6 (Dirichlet amounts, `spec` ring amounts,
 * due days) and docs/model.md §3.1–§3.3 (rules).
 */

const Q = new D(10000);

/** Every q_i equals the vector's decimal by value (decimal.js drops trailing zeros the vectors may keep). */
function expectAmounts(got: D[], want: string[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g.eq(want[i]!), `q_${i} = ${g.toString()}, want ${want[i]}`).toBe(true));
}

describe('Dirichlet amounts, paper2025 streams Random(seed), N = 5, Q = 10000 (§V6)', () => {
  const rows: [number, string, string[]][] = [
    [
      42,
      '1',
      [
        '3454.093978293322074287675494',
        '85.76766638805158355470443772',
        '1089.072633112209385013132770',
        '855.2988816514735947471751382',
        '4515.766840554943362397312160',
      ],
    ],
    [43, '0.2', ['0.01', '3.963480283715193825233580202', '8769.525760718099457173645130', '1226.505129623574159785123292', '0.01']],
    [
      42,
      '0.2',
      [
        '1182.751339776711616602100225',
        '17.41142204627366218535350693',
        '2397.276694949049490777456815',
        '6254.615912591788701688457050',
        '147.944630636176528746632403',
      ],
    ],
    [
      44,
      '0.5',
      [
        '1583.650822533829872234487310',
        '7573.236017140729697532001420',
        '481.0382968327504444108813445',
        '129.1137458210481043941287711',
        '232.961117671641881428501155',
      ],
    ],
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
    [
      93,
      '0.2',
      [
        '5263.057747434110231486184333',
        '1.718402171870419087897681824',
        '14.00145074648993129383738011',
        '9.841335147926742810054523567',
        '4711.381064499602675322026081',
      ],
    ],
  ];

  it.each(rows)('seed %i, c = %s', (seed, c, q) => {
    expectAmounts(dirichletAmounts(new PyRandom(seed), 5, new D(c), Q, new D(0)), q);
  });

  it('seed 43, c = 0.2: the two 0.01 come from the final ensure-positive guard, so Σq exceeds Q', () => {
    const q = dirichletAmounts(new PyRandom(43), 5, new D('0.2'), Q, new D(0));
    const want = rows[1]![2].reduce((s, v) => s.plus(v), new D(0));
    const sum = q.reduce((s, v) => s.plus(v), new D(0));
    expect(sum.eq(want)).toBe(true);
    expect(sum.gt(Q)).toBe(true);
  });

  it('monotonicity m = 1 sorts the amounts descending, m = −1 ascending, with no further draws (§3.1 step 5)', () => {
    const want = rows[0]![2].map((s) => new D(s));
    const desc = [...want].sort((a, b) => b.comparedTo(a));
    const asc = [...want].sort((a, b) => a.comparedTo(b));
    const r1 = new PyRandom(42);
    expectAmounts(dirichletAmounts(r1, 5, new D(1), Q, new D(1)), desc.map(String));
    const r2 = new PyRandom(42);
    expectAmounts(dirichletAmounts(r2, 5, new D(1), Q, new D(-1)), asc.map(String));
    // No swaps were drawn: both streams are where five gamma draws leave them.
    const ref = new PyRandom(42);
    for (let i = 0; i < 5; i++) ref.gammavariate(1);
    const next = ref.random();
    expect(r1.random()).toBe(next);
    expect(r2.random()).toBe(next);
  });

  it('monotonicity m = 0.5: round-half-even((1 − |m|)·N·(N − 1)) = 10 adjacent swaps drawn with randrange(N − 1) after the gammas', () => {
    const sorted = rows[0]![2].map((s) => new D(s)).sort((a, b) => b.comparedTo(a));
    const ref = new PyRandom(42);
    for (let i = 0; i < 5; i++) ref.gammavariate(1);
    for (let k = 0; k < 10; k++) {
      const j = ref.randrange(4);
      [sorted[j], sorted[j + 1]] = [sorted[j + 1]!, sorted[j]!];
    }
    const r = new PyRandom(42);
    expectAmounts(dirichletAmounts(r, 5, new D(1), Q, new D('0.5')), sorted.map(String));
    expect(r.random()).toBe(ref.random());
  });
});

describe('spec ring amounts: stream ring:dirichlet, largest remainder (§V6)', () => {
  const rows: [number, string, number, string[], bigint[], bigint[]][] = [
    [
      42,
      '1',
      1722059231,
      [
        '778.2857149284674660673498682',
        '2959.503745681953620564884526',
        '3394.102820558909359889517509',
        '2838.320336169233178792387206',
        '29.787382661436374685860891',
      ],
      [778n, 2960n, 3394n, 2838n, 30n],
      [780n, 2960n, 3400n, 2840n, 20n],
    ],
    [
      43,
      '0.2',
      3836496423,
      [
        '12.33455629039249768294104614',
        '4830.014854057790206384736703',
        '3297.743744443360828031005079',
        '0.01',
        '1859.896845208456467901317173',
      ],
      [12n, 4830n, 3298n, 0n, 1860n],
      [20n, 4820n, 3300n, 0n, 1860n],
    ],
    [
      44,
      '0.5',
      4055217330,
      [
        '500.4478452726979941836238905',
        '394.4327784851421657148128796',
        '1452.800299186520939940428022',
        '5.276501524454935770191871647',
        '7647.042575531183964390943336',
      ],
      [501n, 394n, 1453n, 5n, 7647n],
      [500n, 400n, 1460n, 0n, 7640n],
    ],
  ];

  describe.each(rows)('run seed %i, c = %s', (seed, c, s32, q, tickets1, amounts20) => {
    const amounts = () => dirichletAmounts(substream(seed, 'ring:dirichlet'), 5, new D(c), Q, new D(0));

    it('seed32 of ring:dirichlet', () => {
      expect(seed32(seed, 'ring:dirichlet')).toBe(s32);
    });

    it('q', () => {
      expectAmounts(amounts(), q);
    });

    it('tickets for S = 1 (U = 10000 units)', () => {
      expect(largestRemainder(10000n, amounts())).toEqual(tickets1);
    });

    it('amounts for S = 20 (U = 500 units of 20)', () => {
      expect(largestRemainder(500n, amounts()).map((n) => n * 20n)).toEqual(amounts20);
    });
  });
});

describe('due days, deterministic lead–lag (§V6, docs/model.md §3.2)', () => {
  const mus = ['0', '0.25', '0.5', '0.75', '1'] as const;
  const table: [number, number, number[][]][] = [
    [
      5,
      10,
      [
        [1, 1, 1, 1, 1],
        [9, 1, 3, 5, 7],
        [7, 1, 5, 9, 3],
        [4, 1, 8, 5, 2],
        [2, 1, 10, 9, 8],
      ],
    ],
    [
      10,
      10,
      [
        Array(10).fill(1),
        [9, 1, 3, 5, 7, 9, 1, 3, 5, 7],
        [7, 1, 5, 9, 3, 7, 1, 5, 9, 3],
        [4, 1, 8, 5, 2, 9, 6, 3, 10, 7],
        [2, 1, 10, 9, 8, 7, 6, 5, 4, 3],
      ],
    ],
    [5, 5, [Array(5).fill(1), [5, 1, 2, 3, 4], [4, 1, 3, 5, 2], [3, 1, 4, 2, 5], [2, 1, 5, 4, 3]]],
  ];

  for (const [n, T, byMu] of table) {
    for (const [k, mu] of mus.entries()) {
      for (const exact of [true, false]) {
        it(`N = ${n}, T = ${T}, μ = ${mu}, ${exact ? 'exact (spec)' : 'double (paper2025)'} lead`, () => {
          expect(dueDays(n, T, new D(mu), exact)).toEqual(byMu[k]);
        });
      }
    }
  }

  it('leads for T = 10: 0, 2, 4 (round-half-even of 4.5), 7 (6.75), 9 — both variants', () => {
    for (const exact of [true, false]) {
      expect(mus.map((mu) => dueDayLead(new D(mu), 10, exact))).toEqual([0, 2, 4, 7, 9]);
    }
  });

  it('μ = 0.5, T = 10 gives lead 4, not 5 (banker’s rounding, docs/model.md §13.4)', () => {
    expect(dueDayLead(new D('0.5'), 10, true)).toBe(4);
    expect(dueDayLead(new D('0.5'), 10, false)).toBe(4);
  });

  it('the exact (spec) and double (paper2025) leads differ off the grid: μ = 0.7, T = 46', () => {
    // exact: 0.7·45 = 31.5, half-even → 32; double: Number('0.7')·45 = 31.499999999999996 → 31
    expect(Number('0.7') * 45 < 31.5).toBe(true);
    expect(dueDayLead(new D('0.7'), 46, true)).toBe(32);
    expect(dueDayLead(new D('0.7'), 46, false)).toBe(31);
  });

  it('T ≤ 1: every due day is 1', () => {
    expect(dueDays(4, 1, new D('0.5'), true)).toEqual([1, 1, 1, 1]);
    expect(dueDays(4, 1, new D('1'), false)).toEqual([1, 1, 1, 1]);
  });

  it('property: due days lie in 1 … T; lead 0 puts every due day on day 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 100 }),
        fc.boolean(),
        (n, T, muPct, exact) => {
          const mu = new D(muPct).div(100);
          const due = dueDays(n, T, mu, exact);
          expect(due).toHaveLength(n);
          for (const d of due) expect(d >= 1 && d <= T).toBe(true);
          if (T > 1 && dueDayLead(mu, T, exact) === 0) expect(due.every((d) => d === 1)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('half-even rounding of a double (Python round, docs/model.md §1.2)', () => {
  it('ties go to the even neighbour; other values to the nearest', () => {
    const cases: [number, number][] = [
      [0.5, 0],
      [1.5, 2],
      [2.5, 2],
      [3.5, 4],
      [4.5, 4],
      [5.5, 6],
      [6.75, 7],
      [2.25, 2],
      [0, 0],
      [7, 7],
    ];
    for (const [x, want] of cases) expect(roundHalfEvenDouble(x), String(x)).toBe(want);
  });

  it('0.5 × 9 in doubles is 4.5 exactly and rounds to 4', () => {
    expect(roundHalfEvenDouble(Number('0.5') * 9)).toBe(4);
  });
});

describe('largestRemainder (docs/model.md §3.3 step 2)', () => {
  it('ties go to the lower index', () => {
    expect(largestRemainder(1n, [1n, 1n])).toEqual([1n, 0n]);
    expect(largestRemainder(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(largestRemainder(1n, [new D('0.5'), new D('0.5')])).toEqual([1n, 0n]);
  });

  /** Exact rational quotas U·w_i/W as (num, den), from decimal strings, independent of the implementation. */
  function quotas(units: bigint, weights: string[]): { num: bigint; den: bigint }[] {
    const ints = weights.map((w) => {
      const [ip, fp = ''] = w.split('.');
      return BigInt(ip! + fp.padEnd(30, '0'));
    });
    const total = ints.reduce((a, b) => a + b, 0n);
    return ints.map((w) => ({ num: units * w, den: total }));
  }

  const weightArb = fc.array(
    fc
      .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 999_999 }))
      .map(([i, f]) => `${i}.${String(f).padStart(6, '0')}`),
    { minLength: 1, maxLength: 30 },
  );

  it('property: sums to units; each n_i within 1 of its quota (⌊quota⌋ or ⌊quota⌋ + 1); extra units go to the largest fractional parts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000n }), weightArb, (units, ws) => {
        const total = ws.reduce((s, w) => s.plus(w), new D(0));
        fc.pre(total.gt(0));
        const n = largestRemainder(
          units,
          ws.map((w) => new D(w)),
        );
        expect(n.reduce((a, b) => a + b, 0n)).toBe(units);
        const qs = quotas(units, ws);
        const fl = qs.map((q) => q.num / q.den);
        n.forEach((ni, i) => expect(ni === fl[i] || ni === fl[i]! + 1n).toBe(true));
        // Remainders r_i = num − ⌊quota⌋·den share the denominator: every index that got an extra unit
        // has a remainder ≥ that of every index that did not (> for a lower index that did not).
        const rem = qs.map((q, i) => q.num - fl[i]! * q.den);
        for (let i = 0; i < n.length; i++) {
          if (n[i] !== fl[i]! + 1n) continue;
          for (let j = 0; j < n.length; j++) {
            if (n[j] !== fl[j]) continue;
            if (j < i) expect(rem[i]! > rem[j]!).toBe(true);
            else expect(rem[i]! >= rem[j]!).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: integer weights that divide the units evenly are reproduced exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 5 }), (ws, k) => {
        const sum = ws.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        const n = largestRemainder(
          BigInt(sum * k),
          ws.map((w) => BigInt(w)),
        );
        expect(n).toEqual(ws.map((w) => BigInt(w * k)));
      }),
      { numRuns: 200 },
    );
  });
});
