import { describe, expect, it } from 'vitest';
import { D, resolveConfig, simulate } from '@ring/engine';
import type { RunConfigInput, SetupEvent } from '@ring/engine';
import { CASH_DEBT_BUCKETS, TRADER_INITIAL_STATE_COLUMNS, cashDebtBucket, traderInitialStateRows } from './initial-state';

function setupOf(input: RunConfigInput): SetupEvent {
  let setup: SetupEvent | null = null;
  simulate(resolveConfig(input), {
    observer: (e) => {
      if (e.kind === 'setup') setup = e;
    },
  });
  return setup!;
}

describe('trader initial state', () => {
  it('fixed buckets: lower edge included, no_debt for a trader that owes nothing', () => {
    expect(CASH_DEBT_BUCKETS).toEqual(['<0.25', '0.25-0.5', '0.5-1', '1-2', '2-4', '>=4', 'no_debt']);
    expect(['0', '0.2499', '0.25', '0.4999999', '0.5', '1', '1.5', '2', '3.99', '4', '1000', null].map(cashDebtBucket)).toEqual([
      '<0.25',
      '<0.25',
      '0.25-0.5',
      '0.25-0.5',
      '0.5-1',
      '1-2',
      '1-2',
      '2-4',
      '2-4',
      '>=4',
      '>=4',
      'no_debt',
    ]);
  });

  it('paper2025: ring traders and big entities, debt from the payables they owe, receivables from their claims', () => {
    const s = setupOf({
      profile: 'paper2025',
      regime: 'passive',
      kappa: '1',
      concentration: '1',
      mu: '0.5',
      outsideMidRatio: '1',
      seed: 42,
    });
    const rows = traderInitialStateRows(s);
    expect(rows.map((r) => r.trader_id)).toEqual(['H1', 'H2', 'H3', 'H4', 'H5', 'big_short', 'big_mid', 'big_long']);
    expect(Object.keys(rows[0]!)).toEqual([...TRADER_INITIAL_STATE_COLUMNS]);
    // H1 owes PAY_1 (4317) and PAY_6 (500); it holds PAY_5 (5644); cash 2500
    expect(rows[0]).toMatchObject({ initial_cash: '2500', initial_debt: '4817', initial_receivables: '5644', cash_debt_bucket: '0.5-1' });
    expect(new D(rows[0]!.cash_debt_ratio!).eq(new D(2500).div(4817))).toBe(true);
    const big = rows.find((r) => r.trader_id === 'big_short')!;
    expect(big).toMatchObject({ initial_debt: '0', cash_debt_ratio: null, cash_debt_bucket: 'no_debt', initial_receivables: '1000' });
  });

  it('spec: Σ debt is the ring total, receivables are what the traders kept after the desk allocation', () => {
    const s = setupOf({
      profile: 'spec',
      regime: 'active',
      nAgents: 20,
      allowSmallRing: true,
      kappa: '2',
      concentration: '1',
      mu: '0.5',
      seed: 1,
    });
    const rows = traderInitialStateRows(s);
    expect(rows).toHaveLength(20);
    const sum = (f: (r: (typeof rows)[number]) => string) => rows.reduce((a, r) => a.plus(f(r)), new D(0));
    expect(sum((r) => r.initial_debt).eq(s.payables.reduce((a, p) => a.plus(p.amount), new D(0)))).toBe(true);
    const traderHeld = s.holdings.filter((h) => h.holder.startsWith('H')).reduce((a, h) => a.plus(h.face), new D(0));
    expect(sum((r) => r.initial_receivables).eq(traderHeld)).toBe(true);
    expect(sum((r) => r.initial_receivables).lt(sum((r) => r.initial_debt))).toBe(true);
    for (const r of rows) expect(r.cash_debt_bucket).toBe(cashDebtBucket(r.cash_debt_ratio));
  });
});
