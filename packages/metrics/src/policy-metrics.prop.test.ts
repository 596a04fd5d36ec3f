import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { simulate } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { COST_KEYS, centsOf, createPolicyMetricsCollector, exactDecimal, ratioToDouble, sumBreakdown } from './policy-metrics';

/** A finite double as an exact fraction num / 2^k. */
function toFraction(x: number): [bigint, bigint] {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return e >= 0 ? [sign * (mant << BigInt(e)), 1n] : [sign * mant, 1n << BigInt(-e)];
}

function neighbour(x: number, dir: 1 | -1): number {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  let bits = buf.getBigUint64(0);
  bits = x >= 0 ? bits + BigInt(dir) : bits - BigInt(dir);
  buf.setBigUint64(0, bits);
  return buf.getFloat64(0);
}

/** |n/d − x| as an exact fraction compared across candidates: returns numerator over a common positive denominator. */
function dist(n: bigint, d: bigint, x: number): [bigint, bigint] {
  const [p, q] = toFraction(x);
  const num = n * q - p * d;
  const den = d * q;
  return [num < 0n ? -num : num, den < 0n ? -den : den];
}
const lessEq = (a: [bigint, bigint], b: [bigint, bigint]) => a[0] * b[1] <= b[0] * a[1];

describe('ratioToDouble is the nearest double to the exact rational', () => {
  it('no neighbouring double is closer (random big operands)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 200n), max: 1n << 200n }), fc.bigInt({ min: 1n, max: 1n << 200n }), (n, d) => {
        const x = ratioToDouble(n, d);
        if (n === 0n) return x === 0;
        const here = dist(n, d, x);
        return lessEq(here, dist(n, d, neighbour(x, 1))) && lessEq(here, dist(n, d, neighbour(x, -1)));
      }),
      { numRuns: 500 },
    );
  });
  it('equals one IEEE division for safe integers', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        (a, b) => ratioToDouble(BigInt(a), BigInt(b)) === a / b,
      ),
    );
  });
});

describe('centsOf', () => {
  it('is within half a cent of 100·X and rounds ties away from zero', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 12 }), (m, e) => {
        const c = centsOf({ m, e });
        // 2·|100·m − c·10^e| ≤ 10^e, and on an exact tie c is the one further from zero
        const scale = 10n ** BigInt(e);
        const diff = 100n * m - c * scale;
        const twice = 2n * (diff < 0n ? -diff : diff);
        if (twice > scale) return false;
        if (twice === scale && e > 0) return m > 0n ? c * scale > 100n * m : c * scale < 100n * m;
        return true;
      }),
    );
  });
  it('parses what it prints', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (m) => centsOf(exactDecimal(`${m}`)) === m * 100n));
  });
});

const scenarioArb = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  nAgents: fc.integer({ min: 3, max: 12 }),
  kappa: fc.constantFrom('0.5', '1', '2', '4'),
  mu: fc.constantFrom('0', '0.5', '1'),
  graceDays: fc.integer({ min: 0, max: 3 }),
  clearing: fc.constantFrom('gross', 'gross+multilateral') as fc.Arbitrary<'gross' | 'gross+multilateral'>,
  overdraft: fc.option(fc.record({ limit: fc.constantFrom('0', '5', '50'), rateBpsPerDay: fc.constantFrom('0', '10', '25') }), {
    nil: null,
  }),
  maxDays: fc.option(fc.integer({ min: 1, max: 12 }), { nil: null }),
  regime: fc.constantFrom('active', 'passive') as fc.Arbitrary<'active' | 'passive'>,
});

describe('policy metrics of random spec runs', () => {
  it('rates in [0, 1], delay ≥ 0, components ≥ 0 except the offset, breakdown sums to the cost, system = Σ agents', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input: RunConfigInput = {
          profile: 'spec',
          seed: s.seed,
          nAgents: s.nAgents,
          allowSmallRing: true,
          qTotal: String(s.nAgents * 10),
          kappa: s.kappa,
          concentration: '1',
          mu: s.mu,
          graceDays: s.graceDays,
          clearing: s.clearing,
          overdraft: s.overdraft,
          maxDays: s.maxDays,
          regime: s.regime,
        };
        const c = createPolicyMetricsCollector({ overdraftRateBpsPerDay: s.overdraft?.rateBpsPerDay ?? '0' });
        const result = simulate(input, { observer: c.observer });
        const m = c.finish();
        expect(m.final_day).toBe(result.finalDay);
        expect(m.agents.length).toBe(s.nAgents);
        for (const a of [...m.agents, m.system]) {
          for (const r of [a.settlement_rate, a.payoff_rate, a.default_rate]) {
            expect(r).toBeGreaterThanOrEqual(0);
            expect(r).toBeLessThanOrEqual(1);
          }
          expect(a.avg_delay).toBeGreaterThanOrEqual(0);
          if (s.graceDays === 0) expect(a.avg_delay).toBe(0);
          for (const k of COST_KEYS) if (k !== 'investment_pnl_offset') expect(a.cost_breakdown[k] >= 0n).toBe(true);
          expect(sumBreakdown(a.cost_breakdown)).toBe(a.cost);
          if (s.graceDays === 0) {
            expect(a.cost_breakdown.delay_cost).toBe(0n);
            expect(a.cost_breakdown.eod_penalty).toBe(0n);
          }
        }
        for (const k of COST_KEYS) expect(m.system.cost_breakdown[k]).toBe(m.agents.reduce((x, a) => x + a.cost_breakdown[k], 0n));
        expect(m.system.cost).toBe(m.agents.reduce((x, a) => x + a.cost, 0n));
        if (s.regime === 'passive') for (const a of m.agents) expect(a.cost_breakdown.investment_pnl_offset).toBe(0n);
        // Settlement counts agree with the engine's payable outcomes (due by the final day).
        const due = result.payables.filter((p) => p.dueDay <= result.finalDay);
        expect(m.system.n_matured).toBe(due.length);
        expect(m.system.n_settled).toBe(due.filter((p) => p.status === 'settled').length);
        expect(m.system.n_defaulted).toBe(due.filter((p) => p.status === 'defaulted').length);
        // Determinism: the same run gives the same metrics.
        const c2 = createPolicyMetricsCollector({ overdraftRateBpsPerDay: s.overdraft?.rateBpsPerDay ?? '0' });
        simulate(input, { observer: c2.observer });
        expect(c2.finish()).toEqual(m);
        // The kinds the collector says it reads are enough: the engine building only those gives the same metrics.
        const c3 = createPolicyMetricsCollector({ overdraftRateBpsPerDay: s.overdraft?.rateBpsPerDay ?? '0' });
        simulate(input, { observer: c3.observer, events: c3.events });
        expect(c3.finish()).toEqual(m);
      }),
      { numRuns: 60 },
    );
  });
});
