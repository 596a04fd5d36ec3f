import { describe, expect, it } from 'vitest';
import { D } from '../../decimal';
import { canInteriorBuy, canInteriorSell, kernel26, vbtQuotes26 } from './kernel';

/*
 * The reference's kernel with the par cap (docs/model-bilancio2026.md §4): the worked kernel
 * states of the contract's HEAD column (bid, ask ≤ 1, ask ≥ bid, VBT A ≤ 1, V and K* in units of
 * S) and the day-0 dealer states of bilancio2026 vectors B2.
 */

const d = (x: string | number) => new D(x);
function state(a: number, C: string, M: string, O: string, S: string) {
  const q = vbtQuotes26(d(M), d(O));
  return { q, k: kernel26(a, d(C), d(M), d(O), q.A, q.B, d(S)) };
}

describe('par-capped kernel (HEAD values of the worked kernel states)', () => {
  it('K1 (a 2, C 2, M 1, O 0.30): bid 0.97, ask 1 = A, ask pinned', () => {
    const { q, k } = state(2, '2', '1', '0.30', '1');
    expect(q.A.eq(1) && q.B.eq('0.85')).toBe(true);
    expect(k.kStar).toBe(4);
    expect(k.bid.eq('0.97') && k.ask.eq(1)).toBe(true);
    expect(k.pinnedAsk).toBe(true);
    expect(k.pinnedBid).toBe(false);
  });
  it.each([
    ['K2', 2, '1.97'],
    ['K4', 1, '0'],
    ['K16', 1, '1.99'],
    ['K17', 1, '1'],
  ])('%s: ask capped at 1', (_name, a, C) => {
    const { k } = state(a, C, '1', '0.30', '1');
    expect(k.ask.eq(1)).toBe(true);
  });
  it('K5 empty dealer: ask = A = 1', () => {
    const { k } = state(0, '0', '1', '0.30', '1');
    expect(k.ask.eq(1) && k.bid.eq('0.85')).toBe(true);
  });
  it('K6 (a 0, C 4): bid capped at 1, ask 1', () => {
    const { k } = state(0, '4', '1', '0.30', '1');
    expect(k.bid.eq(1) && k.ask.eq(1)).toBe(true);
  });
  it('K11 (a 100, C 0): unchanged by the cap', () => {
    const { k } = state(100, '0', '1', '0.30', '1');
    expect(k.bid.eq('0.8514560279557367501456027955')).toBe(true);
    expect(k.ask.eq('0.8544263249854397204426324985')).toBe(true);
  });
  it('K14 (S = 5, a 2, C 20): x 10, V 30, K* 6, X* 30, λ 1/7, p 1.0375, bid 1, ask 1', () => {
    const { k } = state(2, '20', '1', '0.30', '5');
    expect(k.x.eq(10) && k.V.eq(30) && k.kStar === 6 && k.xStar.eq(30)).toBe(true);
    expect(k.lambda.eq('0.1428571428571428571428571429')).toBe(true);
    expect(k.midline.eq('1.0375')).toBe(true);
    expect(k.bid.eq(1) && k.ask.eq(1)).toBe(true);
  });
  it('K18, K19, K20: bids 0.9666…667, 0.9333…334, 1; asks 1', () => {
    expect(state(1, '1', '1', '0.20', '1').k.bid.eq('0.9666666666666666666666666667')).toBe(true);
    expect(state(1, '1', '1', '0.40', '1').k.bid.eq('0.9333333333333333333333333334')).toBe(true);
    const k20 = state(0, '2', '1', '0.20', '1').k;
    expect(k20.bid.eq(1) && k20.ask.eq(1)).toBe(true);
  });
  it('K22 (S = 5, C 3.40): K* 0, X* 0, λ 1, I 0.30, p 1, bid 0.85 = B, ask 1; no interior trade', () => {
    const { k } = state(0, '3.40', '1', '0.30', '5');
    expect(k.kStar === 0 && k.xStar.eq(0) && k.lambda.eq(1) && k.I.eq('0.3') && k.midline.eq(1)).toBe(true);
    expect(k.bid.eq('0.85') && k.pinnedBid && k.ask.eq(1)).toBe(true);
    expect(canInteriorBuy(k, d('3.40'))).toBe(false);
    expect(canInteriorSell(k)).toBe(false);
  });
  it('guard (M ≤ 0.02): quotes pinned to the VBT, no interior trade either way', () => {
    const { q, k } = state(3, '2', '0.02', '0.30', '1');
    expect(k.guard && k.bid.eq(q.B) && k.ask.eq(q.A) && k.pinnedAsk && k.pinnedBid).toBe(true);
    expect(canInteriorBuy(k, d(1000))).toBe(false);
    expect(canInteriorSell(k)).toBe(false);
  });
});

describe('bilancio2026 vectors B2: day-0 dealer states (ledger cash, not yet pooled)', () => {
  const M = '0.855';
  it.each([
    // bucket, O, a, C, V, K*, X*, λ, I, p, bid, ask
    [
      'short',
      '0.04',
      2,
      '545',
      '579.2',
      33,
      660,
      '0.02941176470588235294117647059',
      '0.001176470588235294117647058824',
      '0.8715714285714285714285714286',
      '0.8709831932773109243697478992',
      '0.8721596638655462184873949580',
    ],
    [
      'mid',
      '0.08',
      2,
      '538',
      '572.2',
      33,
      660,
      '0.02941176470588235294117647059',
      '0.002352941176470588235294117647',
      '0.8881428571428571428571428572',
      '0.8869663865546218487394957984',
      '0.8893193277310924369747899160',
    ],
    [
      'long',
      '0.12',
      1,
      '100',
      '117.1',
      6,
      120,
      '0.1428571428571428571428571429',
      '0.01714285714285714285714285715',
      '0.885',
      '0.8764285714285714285714285714',
      '0.8935714285714285714285714286',
    ],
  ] as const)('%s', (_b, O, a, C, V, kStar, xStar, lambda, I, p, bid, ask) => {
    const { q, k } = state(a, C, M, O, '20');
    expect(k.x.eq(20 * a) && k.V.eq(V) && k.kStar === kStar && k.xStar.eq(xStar)).toBe(true);
    expect(k.lambda.eq(lambda) && k.I.eq(I) && k.midline.eq(p)).toBe(true);
    expect(k.bid.eq(bid) && k.ask.eq(ask)).toBe(true);
    expect(k.bid.lte(k.ask) && k.ask.lt(q.A) && k.bid.gt(q.B)).toBe(true);
  });
  it('after pooling the short dealer (a 2, C 394.33…) has K* 25, X* 500, λ 1/26 and ask 0.8713247863247863247863247864', () => {
    const C = d(545).plus(538).plus(100).div(3);
    expect(C.eq('394.3333333333333333333333333')).toBe(true);
    const { k } = state(2, C.toString(), M, '0.04', '20');
    expect(k.V.eq('428.5333333333333333333333333')).toBe(true);
    expect(k.kStar === 25 && k.xStar.eq(500) && k.lambda.eq(d(1).div(26))).toBe(true);
    expect(k.ask.eq('0.8713247863247863247863247864')).toBe(true);
  });
});
