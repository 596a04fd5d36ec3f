/**
 * Ring tests R-01 … R-07 of docs/policy-eval.md §12 on explicit scenarios (docs/model.md §3.3): S = 1, no desk
 * holdings unless stated, small rings allowed. Expected values are the specification's.
 */
import { describe, expect, it } from 'vitest';
import { D, simulate } from '@ring/engine';
import type { DefaultedEvent, RingEvent, RunConfigInput, SettledEvent, TradeEvent } from '@ring/engine';
import { createPolicyMetricsCollector } from '@ring/metrics';
import { comparePolicies } from './compare';
import { DEFAULT_POLICY, PASSIVE_POLICY } from './policy';

type Trader = { id: string; cash: string };
type Payable = { debtor: string; creditor: string; amount: string; dueDay: number };

function scenario(traders: Trader[], payables: Payable[], extra: Partial<RunConfigInput> = {}): RunConfigInput {
  return {
    profile: 'spec',
    seed: 11,
    kappa: '1',
    concentration: '1',
    mu: '0',
    allowSmallRing: true,
    dealerShare: '0',
    vbtShare: '0',
    scenario: { traders, payables },
    ...extra,
  };
}

/** Deterministic evaluation with the same policy in both arms (settlement only, unless `policy` says otherwise). */
function evaluate(input: RunConfigInput, policy = PASSIVE_POLICY) {
  return comparePolicies({ scenario: input, oldPolicy: policy, newPolicy: policy, mode: 'deterministic' });
}

function run(input: RunConfigInput, overdraftRate = '0') {
  const events: RingEvent[] = [];
  const c = createPolicyMetricsCollector({ overdraftRateBpsPerDay: overdraftRate });
  const result = simulate(input, {
    observer: (e) => {
      events.push(e);
      c.observer(e);
    },
  });
  return { events, result, metrics: c.finish() };
}

function ring(
  n: number,
  orientation: 'forward' | 'reverse',
  cash: (i: number) => string,
  due: (i: number) => number,
): RunConfigInput & { ids: string[] } {
  const ids = Array.from({ length: n }, (_, i) => `H${i + 1}`);
  const payables = ids.map((id, i) => ({
    debtor: id,
    creditor: ids[(orientation === 'forward' ? i + 1 : i - 1 + n) % n]!,
    amount: '1',
    dueDay: due(i),
  }));
  return {
    ...scenario(
      ids.map((id, i) => ({ id, cash: cash(i) })),
      payables,
    ),
    ids,
  };
}

describe('R-01: equal-face ring with zero cash, all due on day 1', () => {
  for (const n of [3, 4, 7]) {
    for (const orientation of ['forward', 'reverse'] as const) {
      const { ids, ...input } = ring(
        n,
        orientation,
        () => '0',
        () => 1,
      );
      it(`n = ${n}, ${orientation}: gross+multilateral clears everything with zero cash`, () => {
        const e = evaluate({ ...input, clearing: 'gross+multilateral' });
        expect(e.settlement_rate).toBe(1);
        expect(e.payoff_rate).toBe(1);
        expect(e.default_rate).toBe(0);
        expect(e.delta).toBe('0');
        expect(Object.keys(e.agent_stats)).toEqual(ids);
        for (const id of ids) {
          expect(e.agent_stats[id]!.cost).toBe(0n);
          expect(e.agent_stats[id]!.settlement_rate).toBe(1);
        }
        expect(e.system_cost).toBe(0n);
      });
      it(`n = ${n}, ${orientation}: gross settles nothing — every cohort defaults with R = 0`, () => {
        const e = evaluate({ ...input, clearing: 'gross' });
        expect(e.settlement_rate).toBe(0);
        expect(e.default_rate).toBe(1);
        expect(e.delta).toBe('1');
        for (const id of ids) {
          const a = e.agent_stats[id]!;
          expect(a.settlement_rate).toBe(0);
          expect(a.n_defaulted).toBe(1);
          expect(a.cost_breakdown.deadline_penalty).toBe(50000n); // once, as issuer
          expect(a.cost_breakdown.credit_loss).toBe(100n); // one unit lost as holder
          expect(a.cost).toBe(50100n);
        }
        expect(e.system_cost).toBe(BigInt(n) * 50100n);
      });
    }
  }
});

describe('R-02: Kalecki circulation with one unit of cash at H1', () => {
  for (const n of [3, 4, 7]) {
    it(`n = ${n}: due days 1, 2, …, n along the ring settle everything on time`, () => {
      const { ids, ...input } = ring(
        n,
        'forward',
        (i) => (i === 0 ? '1' : '0'),
        (i) => i + 1,
      );
      const e = evaluate(input);
      expect(e.settlement_rate).toBe(1);
      expect(e.avg_delay).toBe(0);
      expect(e.delta).toBe('0');
      for (const id of ids) expect(e.agent_stats[id]!.cost).toBe(0n);
    });
    it(`n = ${n}: all due on the same day settle by the same-day fixed point`, () => {
      const { ids, ...input } = ring(
        n,
        'forward',
        (i) => (i === 0 ? '1' : '0'),
        () => 1,
      );
      const e = evaluate(input);
      expect(e.settlement_rate).toBe(1);
      expect(e.delta).toBe('0');
      for (const id of ids) expect(e.agent_stats[id]!.settlement_rate).toBe(1);
    });
  }
});

describe('R-03: proportional recovery on a cohort held 50 / 30 / 20 in serial order', () => {
  // The desks take the lowest serials (dealer 50, VBT 30, trader A keeps 20): three holders in serial order.
  const input = scenario(
    [
      { id: 'I', cash: '30' },
      { id: 'A', cash: '0' },
    ],
    [{ debtor: 'I', creditor: 'A', amount: '100', dueDay: 1 }],
    {
      dealerShare: '0.5',
      vbtShare: '0.3',
      regime: 'passive',
    },
  );
  const { events, metrics } = run(input);
  const d = events.find((e): e is DefaultedEvent => e.kind === 'defaulted')!;
  it('R = 0.3; recoveries 15, 9, 6 (Σ = 30 exactly)', () => {
    expect(new D(d.recoveryRate).eq('0.3')).toBe(true);
    expect(d.recoveries.map((r) => r.tickets)).toEqual([50, 30, 20]);
    expect(d.recoveries.map((r) => new D(r.amount).toNumber())).toEqual([15, 9, 6]);
    expect(d.recoveries.reduce((s, r) => s.plus(r.amount), new D(0)).eq(30)).toBe(true);
  });
  it('credit losses q·S − recovery are 3500, 2100, 1400 cents (Σ 7000); only the trader holder is an evaluated agent', () => {
    const losses = d.recoveries.map((r) => new D(r.tickets).minus(r.amount).times(100).toNumber());
    expect(losses).toEqual([3500, 2100, 1400]);
    expect(losses.reduce((a, b) => a + b, 0)).toBe(7000);
    const a = metrics.agents.find((x) => x.agent_id === 'A')!;
    expect(a.cost_breakdown.credit_loss).toBe(1400n);
    expect(metrics.agents.map((x) => x.agent_id)).toEqual(['I', 'A']);
    expect(metrics.agents.find((x) => x.agent_id === 'I')!.payoff_rate).toBe(0.3);
  });
});

describe('R-04: a SELL at bid b', () => {
  // H1 owes 2 on day 1 with cash 1.5 and holds one ticket of H3 (due day 2): it sells it on day 1.
  const input = scenario(
    [
      { id: 'H1', cash: '1.5' },
      { id: 'H2', cash: '0' },
      { id: 'H3', cash: '1' },
    ],
    [
      { debtor: 'H1', creditor: 'H2', amount: '2', dueDay: 1 },
      { debtor: 'H3', creditor: 'H1', amount: '1', dueDay: 2 },
      { debtor: 'H2', creditor: 'H3', amount: '1', dueDay: 3 },
    ],
  );
  const { events, metrics } = run(input);
  const sells = events.filter((e): e is TradeEvent => e.kind === 'trade' && e.side === 'SELL');
  it('cash rises by exactly S·b', () => {
    expect(sells).toHaveLength(1);
    const t = sells[0]!;
    expect(t.traderId).toBe('H1');
    expect(new D(t.traderCashAfter).minus(t.traderCashBefore).eq(new D(t.face).times(t.unitPrice))).toBe(true);
    if (t.isPassthrough) expect(new D(t.unitPrice).eq(t.vbtBidBefore)).toBe(true);
  });
  it('overdraft_cost rises by round(100·S·(1 − b)) for the only sale', () => {
    const t = sells[0]!;
    const expected = new D(t.face).times(new D(1).minus(t.unitPrice)).times(100);
    expect(expected.isInteger()).toBe(true); // b = 0.9 at the VBT: no rounding question here
    expect(metrics.agents.find((a) => a.agent_id === 'H1')!.cost_breakdown.overdraft_cost).toBe(BigInt(expected.toFixed(0)));
    expect(expected.gt(0)).toBe(true);
  });
  it('at maturity the desk holding the ticket is paid S', () => {
    const t = sells[0]!;
    const s = events.find((e): e is SettledEvent => e.kind === 'settled' && e.debtor === 'H3')!;
    expect(s.receipts).toEqual([{ holder: t.counterparty, tickets: 1, amount: '1' }]);
  });
});

describe('R-06: strict pay-or-default vs grace (g = 2); R-07: a liability due after the horizon', () => {
  // H1 owes 40 on day 5 with no cash; H3 pays H1 40 on day 7.
  const base = scenario(
    [
      { id: 'H1', cash: '0' },
      { id: 'H2', cash: '0' },
      { id: 'H3', cash: '40' },
    ],
    [
      { debtor: 'H1', creditor: 'H2', amount: '40', dueDay: 5 },
      { debtor: 'H3', creditor: 'H1', amount: '40', dueDay: 7 },
    ],
  );
  it('g = 0: the liability defaults on its due day; avg_delay, delay_cost and eod_penalty are 0', () => {
    const e = evaluate({ ...base, graceDays: 0 });
    const h1 = e.agent_stats.H1!;
    expect(h1.n_defaulted).toBe(1);
    expect(h1.avg_delay).toBe(0);
    expect(h1.cost_breakdown.delay_cost).toBe(0n);
    expect(h1.cost_breakdown.eod_penalty).toBe(0n);
    expect(h1.cost_breakdown.deadline_penalty).toBe(50000n);
    expect(e.avg_delay).toBe(0);
  });
  it('g = 2: paid on day 7 — delay 1 cent, avg_delay 2.0, settled in time for δ', () => {
    const e = evaluate({ ...base, graceDays: 2 });
    const h1 = e.agent_stats.H1!;
    expect(h1.settlement_rate).toBe(1);
    expect(h1.avg_delay).toBe(2);
    expect(h1.cost_breakdown.delay_cost).toBe(1n);
    expect(h1.cost_breakdown.eod_penalty).toBe(0n);
    expect(h1.cost).toBe(1n);
    expect(e.delta).toBe('0');
  });
  it('g = 2 with maxDays = 7 (final day 6): still in grace at the horizon — delay 1 cent and eod_penalty 10000', () => {
    const e = evaluate({ ...base, graceDays: 2, maxDays: 7 });
    const h1 = e.agent_stats.H1!;
    expect(h1.cost_breakdown.delay_cost).toBe(1n);
    expect(h1.cost_breakdown.eod_penalty).toBe(10000n);
    expect(h1.cost_breakdown.deadline_penalty).toBe(0n);
    expect(h1.n_matured).toBe(1);
    expect(h1.settlement_rate).toBe(0);
  });
  it("R-07: H3's liability due on day 7 > final day 6 is excluded from matured and every penalty, but counts in δ", () => {
    const e = evaluate({ ...base, graceDays: 2, maxDays: 7 });
    const h3 = e.agent_stats.H3!;
    expect(h3.n_matured).toBe(0);
    expect(h3.settlement_rate).toBe(1);
    expect(h3.cost).toBe(0n);
    expect(e.settlement_rate).toBe(0); // only H1's liability matured, unsettled
    expect(e.delta).toBe('1'); // both created payables are unsettled in δ's denominator
  });
});

describe('overdraft facility (docs/policy-eval.md §6 overdraft example)', () => {
  it('pays 40 with cash 25 at limit 50 and 10 bps per day, −15 through days 5 … 9: 8 cents', () => {
    const input = scenario(
      [
        { id: 'H1', cash: '25' },
        { id: 'H2', cash: '0' },
        { id: 'H3', cash: '0' },
      ],
      [
        { debtor: 'H1', creditor: 'H2', amount: '40', dueDay: 5 },
        { debtor: 'H2', creditor: 'H3', amount: '1', dueDay: 9 },
      ],
      { overdraft: { limit: '50', rateBpsPerDay: '10' } },
    );
    const e = evaluate(input);
    const h1 = e.agent_stats.H1!;
    expect(h1.settlement_rate).toBe(1);
    expect(h1.cost_breakdown.overdraft_cost).toBe(8n);
    expect(h1.cost).toBe(8n);
    // without the facility the same payment is impossible: H1 defaults
    const strict = evaluate({ ...input, overdraft: null });
    expect(strict.agent_stats.H1!.n_defaulted).toBe(1);
    expect(strict.agent_stats.H1!.cost_breakdown.overdraft_cost).toBe(0n);
  });
});

describe('active trading on an explicit ring changes costs only through trades', () => {
  it('a zero-cash ring under multilateral clearing is cost-free in both arms (nothing to sell before the due day)', () => {
    const { ids, ...input } = ring(
      5,
      'forward',
      () => '0',
      () => 2,
    );
    const e = comparePolicies({
      scenario: { ...input, clearing: 'gross+multilateral', vbtShare: '0' },
      oldPolicy: PASSIVE_POLICY,
      newPolicy: DEFAULT_POLICY,
    });
    expect(e.old_settlement_rate).toBe(1);
    expect(e.settlement_rate).toBe(1);
    for (const id of ids) {
      expect(e.agent_stats[id]!.old_cost).toBe(0n);
      expect(e.agent_stats[id]!.cost).toBe(0n);
    }
  });
});
