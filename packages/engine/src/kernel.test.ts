import { describe, expect, it } from 'vitest';
import { D } from './decimal';
import { computeKernel, updateAnchors, vbtQuotes } from './kernel';
import type { KernelState } from './kernel';

/*
 * Expected values: test/fixtures/kernel-and-examples.md §V0 (single kernel states), §V1/§V3 (kernel
 * states along the worked trade sequences), §V2 (anchor updates, R4 continuation) and the §V6
 * day-0 dealer kernels of the `spec` initial state. A value written as a fraction a/b is compared
 * with new D(a).div(b) only where it is exact (1/5, 1/4, 1/2); every non-terminating value uses
 * the 28-digit string of the D table (model evaluation order). D values are compared by value.
 */

const M_MIN = new D('0.02');

/** A vector value: a decimal string, or [a, b] for the exact fraction a/b. */
type V = string | [number, number];
const val = (v: V): D => (typeof v === 'string' ? new D(v) : new D(v[0]).div(v[1]));

function expectD(got: D, want: V, what: string): void {
  const w = val(want);
  expect(got.eq(w), `${what}: got ${got.toString()}, want ${w.toString()}`).toBe(true);
}

interface Row {
  a: number;
  C: string;
  M: string;
  O: string;
  S: number;
  V: string;
  K: number;
  X: number;
  lambda: V;
  I: V;
  p: V;
  bid: V;
  ask: V;
  A: string;
  B: string;
  pins: [boolean, boolean];
}

// §V0, with the non-terminating entries replaced by the 28-digit strings of the D table.
const TH = '0.3333333333333333333333333333';
const V0: Record<string, Row> = {
  'K1 balanced': {
    a: 2,
    C: '2',
    M: '1',
    O: '0.30',
    S: 1,
    V: '4',
    K: 4,
    X: 4,
    lambda: [1, 5],
    I: '0.06',
    p: '1',
    bid: '0.97',
    ask: '1.03',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K2 fractional capacity': {
    a: 2,
    C: '1.97',
    M: '1',
    O: '0.30',
    S: 1,
    V: '3.97',
    K: 3,
    X: 3,
    lambda: [1, 4],
    I: '0.075',
    p: '0.97',
    bid: '0.9325',
    ask: '1.0075',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K3 zero cash': {
    a: 2,
    C: '0',
    M: '1',
    O: '0.30',
    S: 1,
    V: '2',
    K: 2,
    X: 2,
    lambda: TH,
    I: '0.09999999999999999999999999999',
    p: '0.925',
    bid: '0.8750000000000000000000000000',
    ask: '0.9750000000000000000000000000',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K4 small capacity': {
    a: 1,
    C: '0',
    M: '1',
    O: '0.30',
    S: 1,
    V: '1',
    K: 1,
    X: 1,
    lambda: [1, 2],
    I: '0.15',
    p: '0.95',
    bid: '0.875',
    ask: '1.025',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K5 empty dealer': {
    a: 0,
    C: '0',
    M: '1',
    O: '0.30',
    S: 1,
    V: '0',
    K: 0,
    X: 0,
    lambda: '1',
    I: '0.30',
    p: '1',
    bid: '0.85',
    ask: '1.15',
    A: '1.15',
    B: '0.85',
    pins: [true, true],
  },
  'K6 x = 0, X* = 4': {
    a: 0,
    C: '4',
    M: '1',
    O: '0.30',
    S: 1,
    V: '4',
    K: 4,
    X: 4,
    lambda: [1, 5],
    I: '0.06',
    p: '1.10',
    bid: '1.07',
    ask: '1.13',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K7 x = X*': {
    a: 4,
    C: '0',
    M: '1',
    O: '0.30',
    S: 1,
    V: '4',
    K: 4,
    X: 4,
    lambda: [1, 5],
    I: '0.06',
    p: '0.90',
    bid: '0.87',
    ask: '0.93',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K8 M = 0.80': {
    a: 2,
    C: '2',
    M: '0.80',
    O: '0.30',
    S: 1,
    V: '3.60',
    K: 4,
    X: 4,
    lambda: [1, 5],
    I: '0.06',
    p: '0.80',
    bid: '0.77',
    ask: '0.83',
    A: '0.95',
    B: '0.65',
    pins: [false, false],
  },
  'K9 G (M = M_min)': {
    a: 2,
    C: '2',
    M: '0.02',
    O: '0.30',
    S: 1,
    V: '2',
    K: 0,
    X: 0,
    lambda: '1',
    I: '0.30',
    p: '0.02',
    bid: '0',
    ask: '0.17',
    A: '0.17',
    B: '0',
    pins: [true, true],
  },
  'K10 G (Example 9)': {
    a: 3,
    C: '2.00',
    M: '0.01',
    O: '0.01',
    S: 1,
    V: '2.00',
    K: 0,
    X: 0,
    lambda: '1',
    I: '0.01',
    p: '0.01',
    bid: '0.005',
    ask: '0.015',
    A: '0.015',
    B: '0.005',
    pins: [true, true],
  },
  'K11 large inventory': {
    a: 100,
    C: '0',
    M: '1',
    O: '0.30',
    S: 1,
    V: '100',
    K: 100,
    X: 100,
    lambda: '0.009900990099009900990099009901',
    I: '0.002970297029702970297029702970',
    p: '0.8529411764705882352941176470',
    bid: '0.8514560279557367501456027955',
    ask: '0.8544263249854397204426324985',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K12 wide O': {
    a: 2,
    C: '2',
    M: '1',
    O: '1',
    S: 1,
    V: '4',
    K: 4,
    X: 4,
    lambda: [1, 5],
    I: '0.2',
    p: '1',
    bid: '0.9',
    ask: '1.1',
    A: '1.5',
    B: '0.5',
    pins: [false, false],
  },
  'K13 low M': {
    a: 2,
    C: '2',
    M: '0.10',
    O: '0.05',
    S: 1,
    V: '2.20',
    K: 22,
    X: 22,
    lambda: '0.04347826086956521739130434783',
    I: '0.002173913043478260869565217392',
    p: '0.1187500000000000000000000000',
    bid: '0.1176630434782608695652173913',
    ask: '0.1198369565217391304347826087',
    A: '0.125',
    B: '0.075',
    pins: [false, false],
  },
  'K14 S = 5': {
    a: 2,
    C: '20',
    M: '1',
    O: '0.30',
    S: 5,
    V: '30',
    K: 6,
    X: 30,
    lambda: '0.1428571428571428571428571429',
    I: '0.04285714285714285714285714287',
    p: '1.0375',
    bid: '1.016071428571428571428571429',
    ask: '1.058928571428571428571428571',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K15 V formula': {
    a: 3,
    C: '7',
    M: '0.50',
    O: '0.30',
    S: 1,
    V: '8.50',
    K: 17,
    X: 17,
    lambda: '0.05555555555555555555555555556',
    I: '0.01666666666666666666666666667',
    p: '0.5868421052631578947368421052',
    bid: '0.5785087719298245614035087719',
    ask: '0.5951754385964912280701754385',
    A: '0.65',
    B: '0.35',
    pins: [false, false],
  },
  'K16 floor': {
    a: 1,
    C: '1.99',
    M: '1',
    O: '0.30',
    S: 1,
    V: '2.99',
    K: 2,
    X: 2,
    lambda: TH,
    I: '0.09999999999999999999999999999',
    p: '1',
    bid: '0.9500000000000000000000000000',
    ask: '1.050000000000000000000000000',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K17 Ex.1 long dealer': {
    a: 1,
    C: '1',
    M: '1',
    O: '0.30',
    S: 1,
    V: '2',
    K: 2,
    X: 2,
    lambda: TH,
    I: '0.09999999999999999999999999999',
    p: '1',
    bid: '0.9500000000000000000000000000',
    ask: '1.050000000000000000000000000',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K18 Ex.1/2 mid (O = 0.20)': {
    a: 1,
    C: '1',
    M: '1',
    O: '0.20',
    S: 1,
    V: '2',
    K: 2,
    X: 2,
    lambda: TH,
    I: '0.06666666666666666666666666666',
    p: '1',
    bid: '0.9666666666666666666666666667',
    ask: '1.033333333333333333333333333',
    A: '1.10',
    B: '0.90',
    pins: [false, false],
  },
  'K19 Ex.2 long (O = 0.40)': {
    a: 1,
    C: '1',
    M: '1',
    O: '0.40',
    S: 1,
    V: '2',
    K: 2,
    X: 2,
    lambda: TH,
    I: '0.1333333333333333333333333333',
    p: '1',
    bid: '0.9333333333333333333333333334',
    ask: '1.066666666666666666666666667',
    A: '1.20',
    B: '0.80',
    pins: [false, false],
  },
  'K20 Ex.2 short after settlement': {
    a: 0,
    C: '2',
    M: '1',
    O: '0.20',
    S: 1,
    V: '2',
    K: 2,
    X: 2,
    lambda: TH,
    I: '0.06666666666666666666666666666',
    p: '1.05',
    bid: '1.016666666666666666666666667',
    ask: '1.083333333333333333333333333',
    A: '1.10',
    B: '0.90',
    pins: [false, false],
  },
  'K21 Ex.6A capacity binding': {
    a: 2,
    C: '0.10',
    M: '1',
    O: '0.30',
    S: 1,
    V: '2.10',
    K: 2,
    X: 2,
    lambda: TH,
    I: '0.09999999999999999999999999999',
    p: '0.925',
    bid: '0.8750000000000000000000000000',
    ask: '0.9750000000000000000000000000',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K22 Ex.6B S = 5': {
    a: 0,
    C: '3.40',
    M: '1',
    O: '0.30',
    S: 5,
    V: '3.40',
    K: 0,
    X: 0,
    lambda: '1',
    I: '0.30',
    p: '1',
    bid: '0.85',
    ask: '1.15',
    A: '1.15',
    B: '0.85',
    pins: [true, true],
  },
  'K23 Ex.7': {
    a: 4,
    C: '0.90',
    M: '1',
    O: '0.30',
    S: 1,
    V: '4.90',
    K: 4,
    X: 4,
    lambda: [1, 5],
    I: '0.06',
    p: '0.90',
    bid: '0.87',
    ask: '0.93',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
  'K25 Ex.13B start': {
    a: 4,
    C: '0.02',
    M: '1',
    O: '0.30',
    S: 1,
    V: '4.02',
    K: 4,
    X: 4,
    lambda: [1, 5],
    I: '0.06',
    p: '0.90',
    bid: '0.87',
    ask: '0.93',
    A: '1.15',
    B: '0.85',
    pins: [false, false],
  },
};

function kernelOf(r: Pick<Row, 'a' | 'C' | 'M' | 'O' | 'S'>, clampK = true, clipB = true): KernelState {
  const M = new D(r.M);
  const O = new D(r.O);
  const { A, B } = vbtQuotes(M, O, clipB);
  return computeKernel({ a: r.a, C: new D(r.C), M, O, A, B, S: r.S, mMin: M_MIN, clampK });
}

describe('L1 kernel, single states (§V0)', () => {
  for (const [name, r] of Object.entries(V0)) {
    // paper2025 runs this kernel without the K* clamp: identical rows. (The paper-era literal
    // V = M·a + C, K* = ⌊V/M⌋ differs only for S ≠ 1 — K14, K22 — and its dealer is always empty.)
    for (const clampK of [true, false]) {
      it(`${name}${clampK ? '' : ' (paper2025: no K* clamp)'}`, () => {
        const M = new D(r.M);
        const O = new D(r.O);
        const q = vbtQuotes(M, O, true);
        expectD(q.A, r.A, 'A');
        expectD(q.B, r.B, 'B');
        const k = kernelOf(r, clampK);
        expect(k.x).toBe(r.S * r.a);
        expectD(k.V, r.V, 'V');
        expect(k.kStar).toBe(r.K);
        expect(k.xStar).toBe(r.X);
        expectD(k.lambda, r.lambda, 'λ');
        expectD(k.I, r.I, 'I');
        expectD(k.midline, r.p, 'p');
        expectD(k.bid, r.bid, 'bid');
        expectD(k.ask, r.ask, 'ask');
        expect([k.pinnedAsk, k.pinnedBid]).toEqual(r.pins);
        expect(k.guard).toBe(M.lte(M_MIN));
      });
    }
  }

  it('K24 = K2', () => {
    const k = kernelOf(V0['K2 fractional capacity']!);
    expectD(k.bid, '0.9325', 'bid');
    expectD(k.ask, '1.0075', 'ask');
  });

  it('operation order: I = λ·O with λ = 1/3, O = 0.30 is 0.09999999999999999999999999999, not 0.1 (docs/model.md §13.2)', () => {
    const k = kernelOf(V0['K3 zero cash']!);
    expect(k.I.toString()).toBe('0.09999999999999999999999999999');
    expect(k.I.eq('0.1')).toBe(false);
  });

  it('interior quotes never clip in the literal kernel (Example 7): with V = 4.90 (X* = 4), a(0) < A and b(X* − S) > B; gaps 0.07 at x = 1 and x = 3', () => {
    for (let a = 0; a <= 4; a++) {
      const k = kernelOf({ a, C: new D('4.90').minus(a).toString(), M: '1', O: '0.30', S: 1 });
      expect(k.kStar).toBe(4);
      expect(k.pinnedAsk || k.pinnedBid).toBe(false);
      if (a === 1) {
        expectD(k.ask, '1.08', 'ask at x = 1');
        expectD(new D('1.15').minus(k.ask), '0.07', 'gap to A');
      }
      if (a === 3) {
        expectD(k.bid, '0.92', 'bid at x = 3');
        expectD(k.bid.minus('0.85'), '0.07', 'gap to B');
      }
    }
  });
});

describe('kernel states along the worked trade sequences (§V1, §V3)', () => {
  type S = { a: number; C: string; M?: string; O?: string; S?: number; V?: string; K?: number; lambda?: V; I?: V; p?: V; bid?: V; ask?: V };
  const states: [string, S][] = [
    ['T1 step 1 (3, 1.03)', { a: 3, C: '1.03', V: '4.03', K: 4, lambda: '0.2', p: '0.95', bid: '0.92', ask: '0.98' }],
    ['T1 step 2 (2, 2.01)', { a: 2, C: '2.01', V: '4.01', K: 4, lambda: '0.2', p: '1', bid: '0.97', ask: '1.03' }],
    ['T1 step 3 (3, 1.04)', { a: 3, C: '1.04', V: '4.04', K: 4, lambda: '0.2', p: '0.95', bid: '0.92', ask: '0.98' }],
    ['T2 step 1 (1, 3.03)', { a: 1, C: '3.03', p: '1.05', bid: '1.02', ask: '1.08' }],
    ['T2 step 2 (0, 4.11)', { a: 0, C: '4.11', p: '1.10', bid: '1.07', ask: '1.13' }],
    ['T2 variant M = 0.80 after one BUY (1, 2.83)', { a: 1, C: '2.83', M: '0.80', ask: '0.88' }],
    [
      'T4A after the SELL (3, 1.0375)',
      { a: 3, C: '1.0375', V: '4.0375', K: 4, lambda: '0.2', I: '0.06', p: '0.95', bid: '0.92', ask: '0.98' },
    ],
    [
      'T4B after the BUY (3, 0.95)',
      { a: 3, C: '0.95', V: '3.95', K: 3, lambda: '0.25', I: '0.075', p: '0.91', bid: '0.8725', ask: '0.9475' },
    ],
    ['T6 buy 1 (3, 1.83)', { a: 3, C: '1.83', bid: '0.92', ask: '0.98' }],
    ['T6 buy 2 (2, 2.81)', { a: 2, C: '2.81', bid: '0.97', ask: '1.03' }],
    ['T6 buy 3 (1, 3.84)', { a: 1, C: '3.84', bid: '1.02', ask: '1.08' }],
    ['E1 DL after A1’s sale (2, 0.05)', { a: 2, C: '0.05', p: '0.925', bid: '0.875', ask: '0.975' }],
    ['E1 DL after the internal sale (1, 1.05)', { a: 1, C: '1.05', bid: '0.95', ask: '1.05' }],
    [
      'E1 DM after the internal purchase (2, 0.00), O = 0.20',
      {
        a: 2,
        C: '0.00',
        O: '0.20',
        K: 2,
        p: '0.95',
        I: '0.06666666666666666666666666666',
        bid: '0.9166666666666666666666666667',
        ask: '0.9833333333333333333333333333',
      },
    ],
    ['E2 DM (0, 2.05)', { a: 0, C: '2.05', K: 2, p: '1.075', bid: '1.025', ask: '1.125' }],
    [
      'E2 DL (0, 2.066666666666666666666666667), O = 0.40',
      {
        a: 0,
        C: '2.066666666666666666666666667',
        O: '0.40',
        p: '1.10',
        bid: '1.033333333333333333333333333',
        ask: '1.166666666666666666666666667',
      },
    ],
  ];

  it.each(states)('%s', (_name, s) => {
    const k = kernelOf({ a: s.a, C: s.C, M: s.M ?? '1', O: s.O ?? '0.30', S: s.S ?? 1 });
    if (s.V !== undefined) expectD(k.V, s.V, 'V');
    if (s.K !== undefined) expect(k.kStar).toBe(s.K);
    if (s.lambda !== undefined) expectD(k.lambda, s.lambda, 'λ');
    if (s.I !== undefined) expectD(k.I, s.I, 'I');
    if (s.p !== undefined) expectD(k.midline, s.p, 'p');
    if (s.bid !== undefined) expectD(k.bid, s.bid, 'bid');
    if (s.ask !== undefined) expectD(k.ask, s.ask, 'ask');
  });

  it('T1 executed at the kernel’s own quotes: SELL at bid, BUY at ask, SELL at bid; equity at mid E = V = C + M·x goes 4 → 4.03 → 4.01 → 4.04', () => {
    // Each step trades at the quote the kernel computed for the previous state (cash legs S × price,
    // docs/model.md §5.4), so the sequence of states, prices and equities is the kernel's, not the table's.
    let a = 2;
    let C = new D(2);
    let k = kernelOf({ a, C: C.toString(), M: '1', O: '0.30', S: 1 });
    const equity = [k.V.toString()];
    const prices: string[] = [];
    for (const side of ['SELL', 'BUY', 'SELL'] as const) {
      const price = side === 'SELL' ? k.bid : k.ask;
      prices.push(price.toString());
      a += side === 'SELL' ? 1 : -1;
      C = side === 'SELL' ? C.minus(price) : C.plus(price);
      k = kernelOf({ a, C: C.toString(), M: '1', O: '0.30', S: 1 });
      equity.push(k.V.toString());
    }
    expect(prices).toEqual(['0.97', '0.98', '0.97']);
    expect(equity).toEqual(['4', '4.03', '4.01', '4.04']);
  });
});

describe('spec initial state: day-0 dealer kernels, seed 42 (§V6)', () => {
  const rows: [string, number, string, number, string, string, string, string, string, string][] = [
    [
      'short',
      747,
      '0.2',
      1494,
      '0.0006688963210702341137123745819',
      '0.0001337792642140468227424749164',
      '0.9999331103678929765886287625',
      '1.000066889632107023411371237',
      '1.1',
      '0.9',
    ],
    [
      'mid',
      1043,
      '0.3',
      2086,
      '0.0004791566842357450886439865836',
      '0.0001437470052707235265931959751',
      '0.9999281264973646382367034020',
      '1.000071873502635361763296598',
      '1.15',
      '0.85',
    ],
    [
      'long',
      709,
      '0.4',
      1418,
      '0.0007047216349541930937279774489',
      '0.0002818886539816772374911909796',
      '0.9998590556730091613812544045',
      '1.000140944326990838618745595',
      '1.2',
      '0.8',
    ],
  ];
  it.each(rows)('%s: a = C = %i, O = %s', (_b, a, O, vk, lambda, I, bid, ask, A, B) => {
    const k = kernelOf({ a, C: String(a), M: '1', O, S: 1 });
    expectD(k.V, String(vk), 'V');
    expect(k.kStar).toBe(vk);
    expect(k.xStar).toBe(vk);
    expectD(k.midline, '1', 'p');
    expectD(k.lambda, lambda, 'λ');
    expectD(k.I, I, 'I');
    expectD(k.bid, bid, 'bid');
    expectD(k.ask, ask, 'ask');
    const q = vbtQuotes(new D(1), new D(O), true);
    expectD(q.A, A, 'A');
    expectD(q.B, B, 'B');
  });
});

describe('anchor updates and VBT quotes (§V2, docs/model.md §6)', () => {
  const phiM = new D(1);
  const phiO = new D('0.6');
  const oMin = new D(0);
  const R4_LOSS = '0.6666666666666666666666666667';

  const rows: [string, string, string, string, string, string, string][] = [
    // case, ℓ, M after, O after, A, B (no clip), B (clip)
    ['R1', '0.625', '0.375', '0.675', '0.7125', '0.0375', '0.0375'],
    ['R2', '0.4', '0.6', '0.54', '0.87', '0.33', '0.33'],
    [
      'R4',
      R4_LOSS,
      '0.3333333333333333333333333333',
      '0.7000000000000000000000000000',
      '0.6833333333333333333333333333',
      '-0.0166666666666666666666666667',
      '0',
    ],
  ];

  it.each(rows)('%s: (1, 0.30) with ℓ = %s', (_c, loss, M1, O1, A, Bno, Bclip) => {
    const up = updateAnchors(new D(1), new D('0.30'), new D(loss), phiM, phiO, oMin);
    expectD(up.M, M1, 'M');
    expectD(up.O, O1, 'O');
    const noClip = vbtQuotes(up.M, up.O, false);
    const clip = vbtQuotes(up.M, up.O, true);
    expectD(noClip.A, A, 'A');
    expectD(clip.A, A, 'A (clip)');
    expectD(noClip.B, Bno, 'B without clip');
    expectD(clip.B, Bclip, 'B with clip');
  });

  it('R3/R4 loss rate 1 − R with R = 1/3 in D is 0.6666666666666666666666666667', () => {
    expect(new D(1).minus(new D(1).div(3)).toString()).toBe(R4_LOSS);
  });

  it('R4 continuation: a = 0, C = 2.00 with the updated anchors; K* = ⌊6.000000000000000000000000001⌋ = 6; identical with and without the B clip', () => {
    const up = updateAnchors(new D(1), new D('0.30'), new D(R4_LOSS), phiM, phiO, oMin);
    expect(new D(2).div(up.M).toString()).toBe('6.000000000000000000000000001');
    for (const clip of [false, true]) {
      const { A, B } = vbtQuotes(up.M, up.O, clip);
      const k = computeKernel({ a: 0, C: new D('2.00'), M: up.M, O: up.O, A, B, S: 1, mMin: M_MIN, clampK: true });
      expectD(k.V, '2', 'V');
      expect(k.kStar).toBe(6);
      expect(k.xStar).toBe(6);
      expectD(k.lambda, '0.1428571428571428571428571429', 'λ');
      expectD(k.I, '0.1000000000000000000000000000', 'I');
      expectD(k.midline, '0.5958333333333333333333333333', 'p(0)');
      expectD(k.bid, '0.5458333333333333333333333333', 'bid');
      expectD(k.ask, '0.6458333333333333333333333333', 'ask');
      expect(k.pinnedAsk).toBe(false);
      expect(k.pinnedBid).toBe(false);
    }
  });

  it('M is floored at 0 (RES-25) and O at O_min', () => {
    const up = updateAnchors(new D('0.5'), new D('0.30'), new D('0.75'), phiM, phiO, oMin);
    expectD(up.M, '0', 'M');
    expectD(up.O, '0.75', 'O');
    const shrink = updateAnchors(new D(1), new D('0.30'), new D('0.1'), phiM, new D('-1'), new D('0.25'));
    expectD(shrink.O, '0.25', 'O floored at O_min');
  });

  it('paper2025 fixed anchors: B = 0.90 / 0.85 / 0.80 and A = 1.10 / 1.15 / 1.20 (docs/model.md §6.3)', () => {
    const got = ['0.20', '0.30', '0.40'].map((O) => vbtQuotes(new D(1), new D(O), true));
    ['0.90', '0.85', '0.80'].forEach((b, i) => expectD(got[i]!.B, b, 'B'));
    ['1.10', '1.15', '1.20'].forEach((a, i) => expectD(got[i]!.A, a, 'A'));
  });
});
