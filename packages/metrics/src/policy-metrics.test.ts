import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RingEvent } from '@ring/engine';
import {
  COST_KEYS,
  CostRatesError,
  centsOf,
  exactDecimal,
  exactToString,
  policyMetricsFromEvents,
  ratioToDouble,
  resolveCostRates,
  sumBreakdown,
} from './policy-metrics';
import type { AgentPolicyMetrics, RunPolicyMetrics } from './policy-metrics';

const STATS = JSON.parse(readFileSync(new URL('../test/fixtures/stats.json', import.meta.url), 'utf8')) as {
  cost_rounding_cases: { units: string; cents: number }[];
};

// ---- hand-built event sequences --------------------------------------------------------------

interface Pay {
  id: string;
  debtor: string;
  creditor: string;
  amount: string;
  dueDay: number;
}

function setup(traders: string[], payables: Pay[], ticketSize = 1, desks: string[] = []): RingEvent {
  return {
    kind: 'setup',
    day: 0,
    runId: 'active_test',
    pairId: 'pair_test',
    profile: 'spec',
    regime: 'active',
    outsideMidRatio: '1',
    ticketSize,
    agents: [
      ...traders.map((id) => ({ id, type: 'trader' as const })),
      ...desks.map((id) => ({ id, type: (id.startsWith('dealer') ? 'dealer' : 'vbt') as 'dealer' | 'vbt' })),
    ],
    buckets: ['short', 'mid', 'long'],
    payables,
    holdings: [],
    cash: {},
  };
}

function trade(day: number, traderId: string, side: 'SELL' | 'BUY', price: string, face = '1'): RingEvent {
  const dv = { inventory: 0, cash: '0', bid: '0', ask: '0', midline: '0', kStar: 0, xStar: 0 };
  return {
    kind: 'trade',
    day,
    seq: 0,
    arrivalIndex: 1,
    bucket: 'short',
    side,
    traderId,
    ticketId: 'TKT_0',
    payableId: 'PAY_X',
    issuerId: 'X',
    maturityDay: day + 1,
    face,
    price,
    unitPrice: price,
    isPassthrough: false,
    passthroughReason: null,
    counterparty: 'dealer_short',
    dealerBefore: dv,
    dealerAfter: dv,
    vbtMidBefore: '1',
    vbtAskBefore: '1',
    vbtBidBefore: '1',
    traderCashBefore: '0',
    traderCashAfter: '0',
    traderSafetyMarginBefore: '0',
    traderSafetyMarginAfter: '0',
    isLiquidityDriven: side === 'SELL',
  };
}

function settled(day: number, p: Pay, receipts: { holder: string; tickets: number; amount: string }[] = []): RingEvent {
  return { kind: 'settled', day, payableId: p.id, debtor: p.debtor, dueDay: p.dueDay, amount: p.amount, via: 'gross', receipts };
}

function defaulted(day: number, p: Pay, paid: string, recoveries: { holder: string; tickets: number; amount: string }[]): RingEvent {
  return {
    kind: 'defaulted',
    day,
    payableId: p.id,
    debtor: p.debtor,
    dueDay: p.dueDay,
    amount: p.amount,
    paid,
    recoveryRate: '0',
    failFast: false,
    recoveries,
  };
}

const dayEnd = (day: number, traderCash: Record<string, string>): RingEvent => ({ kind: 'day_end', day, traderCash });
const runEnd = (finalDay: number): RingEvent => ({ kind: 'run_end', finalDay, endReason: 'horizon' });

function agent(m: RunPolicyMetrics, id: string): AgentPolicyMetrics {
  const a = m.agents.find((x) => x.agent_id === id);
  if (!a) throw new Error(`no agent ${id}`);
  return a;
}

// ---- exact arithmetic -------------------------------------------------------------------------

describe('cents(X): one rounding per component, ties away from zero (docs/policy-eval.md §1)', () => {
  it.each(STATS.cost_rounding_cases.map((c) => [c.units, c.cents] as const))(
    '%s units → %i cents (test/fixtures/stats.json)',
    (units, cents) => {
      expect(centsOf(units)).toBe(BigInt(cents));
    },
  );
  it('rounds half away from zero on both signs and handles exponent notation', () => {
    expect(centsOf('0.005')).toBe(1n);
    expect(centsOf('-0.005')).toBe(-1n);
    expect(centsOf('-0.0049999999999999999999999')).toBe(0n);
    expect(centsOf('0.015')).toBe(2n);
    expect(centsOf('1e-3')).toBe(0n);
    expect(centsOf('5e-3')).toBe(1n);
    expect(centsOf('12')).toBe(1200n);
  });
  it('parses and prints canonical decimals exactly', () => {
    expect(exactToString(exactDecimal('0.0100'))).toBe('0.01');
    expect(exactToString(exactDecimal('-1.50'))).toBe('-1.5');
    expect(exactToString(exactDecimal('1.214476908964025e-7'))).toBe('0.0000001214476908964025');
    expect(() => exactDecimal('abc')).toThrow(RangeError);
    expect(() => exactDecimal('.')).toThrow(RangeError);
  });
});

describe('ratioToDouble: exact rationals converted once to the nearest double', () => {
  it('agrees with one IEEE division for small integers', () => {
    for (const [a, b] of [
      [1, 3],
      [2, 3],
      [7, 10],
      [0, 5],
      [5, 5],
      [123456789, 1000],
    ] as const) {
      expect(ratioToDouble(BigInt(a), BigInt(b))).toBe(a / b);
    }
  });
  it('is correctly rounded where converting the operands first would double-round', () => {
    // n/d lies just above the midpoint between 1 and 1 + 2^-52, but Number(n) and Number(d)
    // round to the same double (2^80), so one IEEE division of the converted operands gives 1.
    const d = (1n << 80n) - (1n << 25n);
    const n = (1n << 80n) + (1n << 27n) - 1n;
    expect(Number(n)).toBe(Number(d));
    expect(Number(n) / Number(d)).toBe(1);
    expect(ratioToDouble(n, d)).toBe(1 + 2 ** -52);
    // exactly half-way: ties to even (1)
    expect(ratioToDouble((1n << 80n) + (1n << 27n), 1n << 80n)).toBe(1);
    // just below half-way
    expect(ratioToDouble((1n << 80n) + (1n << 27n) - 1n, 1n << 80n)).toBe(1);
    expect(ratioToDouble(-1n, 3n)).toBe(-1 / 3);
    expect(ratioToDouble(1n, -3n)).toBe(-1 / 3);
    expect(() => ratioToDouble(1n, 0n)).toThrow(RangeError);
  });
});

describe('resolveCostRates', () => {
  it('fills the SimCash-adapted defaults', () => {
    expect(resolveCostRates()).toEqual({
      delayRatePerDay: '0.0001',
      deadlinePenalty: { mode: 'fixed', amountCents: '50000' },
      eodPenalty: { mode: 'fixed', amountCents: '10000' },
    });
  });
  it.each([
    [{ delayRatePerDay: '-1' }, 'costRates.delayRatePerDay'],
    [{ delayRatePerDay: 'x' }, 'costRates.delayRatePerDay'],
    [{ deadlinePenalty: { mode: 'fixed', amountCents: 1.5 } }, 'costRates.deadlinePenalty.amountCents'],
    [{ deadlinePenalty: { mode: 'flat', amountCents: 1 } }, 'costRates.deadlinePenalty.mode'],
    [{ eodPenalty: { mode: 'rate', bps: '-3' } }, 'costRates.eodPenalty.bps'],
    [{ eodPenalty: { mode: 'rate', bps: '3', extra: 1 } }, 'costRates.eodPenalty.extra'],
    [{ delayRate: '1' }, 'costRates.delayRate'],
  ])('rejects %j naming %s', (input, field) => {
    try {
      resolveCostRates(input as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CostRatesError);
      expect((e as CostRatesError).field).toBe(field);
      expect((e as CostRatesError).code).toBe('COST_RATES_INVALID');
    }
  });
});

// ---- the worked example of docs/policy-eval.md §6 -----------------------------------------------------

describe('worked example of docs/policy-eval.md §6 (trader H7)', () => {
  const own: Pay = { id: 'PAY_7', debtor: 'H7', creditor: 'H8', amount: '40', dueDay: 4 };
  const h6: Pay = { id: 'PAY_6', debtor: 'H6', creditor: 'H7', amount: '10', dueDay: 5 };
  const events = (): RingEvent[] => [
    setup(['H6', 'H7', 'H8'], [h6, own], 1, ['dealer_short', 'vbt_short']),
    trade(0, 'H7', 'BUY', '1.03'),
    trade(2, 'H7', 'SELL', '0.9375'),
    trade(3, 'H7', 'SELL', '0.9375'),
    defaulted(4, own, '10', [{ holder: 'H8', tickets: 40, amount: '10' }]),
    defaulted(5, h6, '6', [
      { holder: 'H7', tickets: 5, amount: '3' },
      { holder: 'vbt_short', tickets: 5, amount: '3' },
    ]),
    trade(6, 'H7', 'BUY', '0.975'),
    runEnd(6),
  ];

  it('gives the cents of the specification: 13 + 1 + 200 + 50000 = 50214', () => {
    const h7 = agent(policyMetricsFromEvents(events()), 'H7');
    expect(h7.cost_breakdown).toEqual({
      delay_cost: 0n,
      overdraft_cost: 13n,
      deadline_penalty: 50000n,
      eod_penalty: 0n,
      credit_loss: 200n,
      investment_pnl_offset: 1n,
    });
    expect(h7.cost).toBe(50214n);
    expect(h7.cost_units.overdraft_cost).toBe('0.125');
    expect(h7.cost_units.investment_pnl_offset).toBe('0.005');
    expect(h7.cost_units.credit_loss).toBe('2');
  });

  it('rate-mode deadline penalty with 10000 bps charges the shortfall: 30 units = 3000 cents', () => {
    const h7 = agent(policyMetricsFromEvents(events(), { costRates: { deadlinePenalty: { mode: 'rate', bps: '10000' } } }), 'H7');
    expect(h7.cost_breakdown.deadline_penalty).toBe(3000n);
    expect(h7.cost).toBe(3000n + 13n + 1n + 200n);
  });

  it('settlement metrics of H7: one matured liability, defaulted with 10 of 40 paid', () => {
    const h7 = agent(policyMetricsFromEvents(events()), 'H7');
    expect(h7.n_matured).toBe(1);
    expect(h7.n_defaulted).toBe(1);
    expect(h7.settlement_rate).toBe(0);
    expect(h7.payoff_rate).toBe(0.25);
    expect(h7.default_rate).toBe(0.75);
    expect(h7.avg_delay).toBe(0);
    expect(h7.avg_days_to_default).toBe(0);
  });

  it('desks never receive costs; holders other than the trader are not charged its credit loss', () => {
    const m = policyMetricsFromEvents(events());
    expect(m.agents.map((a) => a.agent_id)).toEqual(['H6', 'H7', 'H8']);
    expect(agent(m, 'H8').cost_breakdown.credit_loss).toBe(3000n); // 40 − 10 units
    expect(agent(m, 'H6').cost_breakdown.deadline_penalty).toBe(50000n);
  });

  it('system figures are sums over traders and ratios of sums', () => {
    const m = policyMetricsFromEvents(events());
    for (const k of COST_KEYS) expect(m.system.cost_breakdown[k]).toBe(m.agents.reduce((s, a) => s + a.cost_breakdown[k], 0n));
    expect(m.system.cost).toBe(m.agents.reduce((s, a) => s + a.cost, 0n));
    expect(sumBreakdown(m.system.cost_breakdown)).toBe(m.system.cost);
    // H6 paid 6 of 10, H7 10 of 40; H8 issued nothing: (6 + 10)/(10 + 40)
    expect(m.system.payoff_rate).toBe(16 / 50);
    expect(m.system.settlement_rate).toBe(0);
    expect(agent(m, 'H8').settlement_rate).toBe(1); // nothing matured (EC-05)
    expect(agent(m, 'H8').default_rate).toBe(0);
  });
});

// ---- grace, horizon and overdraft examples of §6 ----------------------------------------------

describe('grace example of docs/policy-eval.md §6 (g = 2)', () => {
  const L: Pay = { id: 'PAY_1', debtor: 'H1', creditor: 'H2', amount: '40', dueDay: 5 };
  it('paid on day 7 after being unpaid at the ends of days 5 and 6: delay 1 cent, avg_delay 2.0', () => {
    const m = policyMetricsFromEvents([setup(['H1', 'H2'], [L]), settled(7, L), runEnd(7)]);
    const h1 = agent(m, 'H1');
    expect(h1.cost_units.delay_cost).toBe('0.008');
    expect(h1.cost_breakdown.delay_cost).toBe(1n);
    expect(h1.avg_delay).toBe(2);
    expect(h1.settlement_rate).toBe(1);
    expect(h1.cost_breakdown.eod_penalty).toBe(0n);
    expect(h1.cost).toBe(1n);
  });
  it('horizon cut at maxDays = 7 (final day 6): delay 1 cent and eod_penalty 10000, matured and not settled', () => {
    const m = policyMetricsFromEvents([setup(['H1', 'H2'], [L]), runEnd(6)]);
    const h1 = agent(m, 'H1');
    expect(h1.cost_breakdown.delay_cost).toBe(1n);
    expect(h1.cost_breakdown.eod_penalty).toBe(10000n);
    expect(h1.cost_breakdown.deadline_penalty).toBe(0n);
    expect(h1.n_matured).toBe(1);
    expect(h1.n_open).toBe(1);
    expect(h1.settlement_rate).toBe(0);
    expect(h1.default_rate).toBe(1);
    expect(h1.cost).toBe(10001n);
  });
  it('eod rate mode charges the remaining face', () => {
    const m = policyMetricsFromEvents([setup(['H1', 'H2'], [L]), runEnd(6)], { costRates: { eodPenalty: { mode: 'rate', bps: '25' } } });
    expect(agent(m, 'H1').cost_breakdown.eod_penalty).toBe(10n); // 40 × 0.0025 = 0.1 units
  });
  it('a default at the end of grace is charged delay for the g overdue ends of day and the deadline penalty', () => {
    const m = policyMetricsFromEvents([
      setup(['H1', 'H2'], [L]),
      defaulted(7, L, '0', [{ holder: 'H2', tickets: 40, amount: '0' }]),
      runEnd(7),
    ]);
    const h1 = agent(m, 'H1');
    expect(h1.cost_units.delay_cost).toBe('0.008');
    expect(h1.cost_breakdown.deadline_penalty).toBe(50000n);
    expect(h1.avg_days_to_default).toBe(2);
    expect(agent(m, 'H2').cost_breakdown.credit_loss).toBe(4000n);
  });
});

describe('horizon exclusion (R-07)', () => {
  it('a liability due after the final day is excluded from matured and from every penalty', () => {
    const L: Pay = { id: 'PAY_1', debtor: 'H1', creditor: 'H2', amount: '40', dueDay: 9 };
    const m = policyMetricsFromEvents([setup(['H1', 'H2'], [L]), runEnd(6)]);
    const h1 = agent(m, 'H1');
    expect(h1.n_matured).toBe(0);
    expect(h1.settlement_rate).toBe(1);
    expect(h1.cost).toBe(0n);
    expect(m.system.n_matured).toBe(0);
  });
});

describe('overdraft example of docs/policy-eval.md §6', () => {
  it('−15 at the ends of days 5 … 9 at 10 bps per day: 0.075 units → 8 cents', () => {
    const L: Pay = { id: 'PAY_1', debtor: 'H1', creditor: 'H2', amount: '40', dueDay: 5 };
    const ev: RingEvent[] = [setup(['H1', 'H2'], [L])];
    for (let d = 0; d < 5; d++) ev.push(dayEnd(d, { H1: '25', H2: '0' }));
    ev.push(settled(5, L));
    for (let d = 5; d <= 9; d++) ev.push(dayEnd(d, { H1: '-15', H2: '40' }));
    ev.push(runEnd(9));
    const h1 = agent(policyMetricsFromEvents(ev, { overdraftRateBpsPerDay: '10' }), 'H1');
    expect(h1.cost_units.overdraft_cost).toBe('0.075');
    expect(h1.cost_breakdown.overdraft_cost).toBe(8n);
    // without a facility (rate 0) no interest accrues
    expect(agent(policyMetricsFromEvents(ev), 'H1').cost_breakdown.overdraft_cost).toBe(0n);
  });
});

describe('recovery allocation (R-03 figures as events)', () => {
  it('R = 0.3 on 100 tickets held 50/30/20: credit losses 3500, 2100, 1400 cents (Σ 7000)', () => {
    const L: Pay = { id: 'PAY_1', debtor: 'I', creditor: 'A', amount: '100', dueDay: 1 };
    const m = policyMetricsFromEvents([
      setup(['I', 'A', 'B', 'C'], [L]),
      defaulted(1, L, '30', [
        { holder: 'A', tickets: 50, amount: '15' },
        { holder: 'B', tickets: 30, amount: '9' },
        { holder: 'C', tickets: 20, amount: '6' },
      ]),
      runEnd(1),
    ]);
    expect(['A', 'B', 'C'].map((id) => agent(m, id).cost_breakdown.credit_loss)).toEqual([3500n, 2100n, 1400n]);
    expect(m.system.cost_breakdown.credit_loss).toBe(7000n);
    expect(agent(m, 'I').payoff_rate).toBe(0.3);
  });
});

describe('collector guards', () => {
  it('finish() without setup or run_end throws', () => {
    expect(() => policyMetricsFromEvents([])).toThrow(/setup/);
    expect(() => policyMetricsFromEvents([setup(['H1', 'H2'], [])])).toThrow(/run_end/);
  });
  it('rejects an invalid overdraft rate naming the field', () => {
    expect(() => policyMetricsFromEvents([], { overdraftRateBpsPerDay: '-1' })).toThrow(/overdraftRateBpsPerDay/);
  });
});
