import { describe, expect, it } from 'vitest';
import { D } from '../../decimal';
import { RiskAssessor, buyPremiumOf, expectedValue, kappaPrior, spreadFactor } from './risk';

/*
 * bilancio2026 vectors B1 (test/fixtures/bilancio2026-vectors.md): the risk assessor's unit
 * cases with lookback 5, base premium 0, urgency 0.30, buy premium 0.01 and prior 0.15 unless a
 * case says otherwise, and the κ prior.
 */

const d = (x: string | number) => new D(x);
const assessor = (over: Partial<{ lookback: number; prior: string; base: string; urgency: string; issuerSpecific: boolean }> = {}) =>
  new RiskAssessor({
    lookback: over.lookback ?? 5,
    prior: d(over.prior ?? '0.15'),
    basePremium: d(over.base ?? '0'),
    urgency: d(over.urgency ?? '0.30'),
    issuerSpecific: over.issuerSpecific ?? false,
  });
const frac = (n: number, m: number) => new D(n).div(m);

describe('B1 default probability', () => {
  it('no history gives the prior 0.15', () => {
    expect(assessor().defaultProb(0).eq('0.15')).toBe(true);
  });
  it('successes on days 0..9 queried on day 10 use the window 5–9: 1/7', () => {
    const r = assessor();
    for (let day = 0; day < 10; day++) r.record(day, 'A', false);
    expect(r.defaultProb(10).eq(frac(1, 7))).toBe(true);
  });
  it('defaults on days 0..9: 6/7', () => {
    const r = assessor();
    for (let day = 0; day < 10; day++) r.record(day, 'A', true);
    expect(r.defaultProb(10).eq(frac(6, 7))).toBe(true);
  });
  it('lookback 3, defaults on days 0–4 and successes on days 7–9, on day 10: 1/5', () => {
    const r = assessor({ lookback: 3 });
    for (let day = 0; day <= 4; day++) r.record(day, 'A', true);
    for (let day = 7; day <= 9; day++) r.record(day, 'B', false);
    expect(r.defaultProb(10).eq(frac(1, 5))).toBe(true);
  });
  it('issuer-specific: A (5 defaults) 6/7, B (5 successes) 1/7, unknown C the system-wide rate 1/2', () => {
    const r = assessor({ issuerSpecific: true });
    for (let day = 0; day < 5; day++) {
      r.record(day, 'A', true);
      r.record(day, 'B', false);
    }
    expect(r.defaultProb(5, 'A').eq(frac(6, 7))).toBe(true);
    expect(r.defaultProb(5, 'B').eq(frac(1, 7))).toBe(true);
    expect(r.defaultProb(5, 'C').eq(frac(1, 2))).toBe(true);
    const two = assessor({ issuerSpecific: true });
    two.record(0, 'A', true);
    two.record(0, 'B', false);
    expect(two.defaultProb(1, 'C').eq(frac(1, 2))).toBe(true);
  });
  it('the profile ignores issuers: one system-wide p', () => {
    const r = assessor();
    for (let day = 0; day < 5; day++) r.record(day, 'A', true);
    expect(r.defaultProb(5, 'B').eq(r.defaultProb(5, 'A'))).toBe(true);
  });
});

describe('B1 expected value and thresholds', () => {
  it('face 100 with no history: EV 85', () => {
    const r = assessor();
    expect(expectedValue(d(100), r.defaultProb(0)).eq(85)).toBe(true);
  });
  it('base 0.05 with shortfall 0: 0.05', () => {
    expect(assessor({ base: '0.05' }).sellThreshold(d(100), d(0), d(50)).eq('0.05')).toBe(true);
  });
  it('wealth ≤ 0: −1.0', () => {
    expect(assessor().sellThreshold(d(0), d(10), d(0)).eq(-1)).toBe(true);
    expect(assessor().sellThreshold(d(-5), d(10), d(2)).eq(-1)).toBe(true);
  });
  it('base 0.10, urgency 0.20, cash 100, shortfall 75, assets 50: 0.0', () => {
    expect(assessor({ base: '0.10', urgency: '0.20' }).sellThreshold(d(100), d(75), d(50)).eq(0)).toBe(true);
  });
});

describe('B1 should_sell (face 1)', () => {
  const p = d('0.15');
  it('base 0.02, no history, bid 0.90, cash 100, shortfall 0: accept (needs ≥ 0.87)', () => {
    const r = assessor({ base: '0.02' });
    expect(r.shouldSell(d(1), d('0.90'), p, d(100), d(0), d(0))).toBe(true);
    expect(r.shouldSell(d(1), d('0.87'), p, d(100), d(0), d(0))).toBe(true);
    expect(r.shouldSell(d(1), d('0.8699'), p, d(100), d(0), d(0))).toBe(false);
  });
  it('bid 0.70: reject', () => {
    expect(assessor({ base: '0.02' }).shouldSell(d(1), d('0.70'), p, d(100), d(0), d(0))).toBe(false);
  });
  it('base 0.10, urgency 0.50, cash 100, shortfall 90, assets 0: threshold −0.35, a bid of 0.50 is accepted', () => {
    const r = assessor({ base: '0.10', urgency: '0.50' });
    expect(r.sellThreshold(d(100), d(90), d(0)).eq('-0.35')).toBe(true);
    expect(r.shouldSell(d(1), d('0.50'), p, d(100), d(90), d(0))).toBe(true);
    expect(r.shouldSell(d(1), d('0.4999'), p, d(100), d(90), d(0))).toBe(false);
  });
});

describe('B1 should_buy (face 1, buy premium 0.01 unless stated)', () => {
  const p = d('0.15');
  it('ask 0.70, cash 100, assets 50: threshold 0.1225, EV 0.85 ≥ 0.8225, accept', () => {
    const r = assessor();
    expect(r.shouldBuy(d(1), d('0.70'), p, d(100), d(50), d('0.01'))).toBe(true);
    expect(r.shouldBuy(d(1), d('0.7275'), p, d(100), d(50), d('0.01'))).toBe(true);
    expect(r.shouldBuy(d(1), d('0.7276'), p, d(100), d(50), d('0.01'))).toBe(false);
  });
  it('ask 0.90: reject', () => {
    expect(assessor().shouldBuy(d(1), d('0.90'), p, d(100), d(50), d('0.01'))).toBe(false);
  });
  it('buy premium 0.05, face 10, ask 0.60, cash 100, assets 50: 7.625 ≤ 8.5, accept; premium 0.15: 8.625 > 8.5, reject', () => {
    const r = assessor();
    expect(r.shouldBuy(d(10), d('0.60'), p, d(100), d(50), d('0.05'))).toBe(true);
    expect(r.shouldBuy(d(10), d('0.60'), p, d(100), d(50), d('0.15'))).toBe(false);
    // the boundary: premium 0.1375 gives exactly 8.5
    expect(r.shouldBuy(d(10), d('0.60'), p, d(100), d(50), d('0.1375'))).toBe(true);
  });
  it('buy premium 0.05, cash 100, assets 400: liquidity factor 0.8, threshold 0.17; ask 0.70 is rejected (0.85 < 0.87)', () => {
    const r = assessor();
    expect(r.shouldBuy(d(1), d('0.70'), p, d(100), d(400), d('0.05'))).toBe(false);
    expect(r.shouldBuy(d(1), d('0.68'), p, d(100), d(400), d('0.05'))).toBe(true);
  });
  it('total wealth ≤ 0 rejects; without cash only the buy premium applies', () => {
    const r = assessor();
    expect(r.shouldBuy(d(1), d('0.01'), p, d(-10), d(5), d('0.01'))).toBe(false);
    expect(r.shouldBuy(d(1), d('0.84'), p, d(0), d(50), d('0.01'))).toBe(true);
    expect(r.shouldBuy(d(1), d('0.8401'), p, d(0), d(50), d('0.01'))).toBe(false);
  });
  it('the buy premium of the trader profile is 0.01 + 0.02·riskAversion', () => {
    expect(buyPremiumOf(d(0)).eq('0.01')).toBe(true);
    expect(buyPremiumOf(d(1)).eq('0.03')).toBe(true);
  });
});

describe('B1 κ prior and spread factor (κ is the reference κ = money/debt)', () => {
  it.each([
    ['0', '0.2'],
    ['0.25', '0.14'],
    ['0.5', '0.1'],
    ['1', '0.05'],
    ['2', '0.05'],
    ['4', '0.05'],
  ])('P_prior(%s) = %s', (k, want) => {
    expect(kappaPrior(d(k)).eq(want)).toBe(true);
  });
  it('f_κ = 1 + 0.5·max(0, 1 − κ)/(1 + κ): 1.3 at 0.25, 1 at κ ≥ 1', () => {
    expect(spreadFactor(d('0.25')).eq('1.3')).toBe(true);
    expect(spreadFactor(d('1')).eq(1)).toBe(true);
    expect(spreadFactor(d('4')).eq(1)).toBe(true);
  });
});
