import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D, resolveConfig, simulate } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { createRunCollector, strategyOf } from './collector';
import { dealerUsageRow, strategyOutcomeRow } from './run-tables';
import type { RunRows } from './rows';

function rowsOf(input: RunConfigInput): RunRows {
  const c = createRunCollector();
  const r = simulate(resolveConfig(input), { observer: c.observer });
  return c.finish(r);
}

const EXAMPLES = '../../../../shared/vectors/paper2025-run-examples';
function legacyCsv(dir: string, file: string): Record<string, string>[] {
  const url = new URL(`${EXAMPLES}/${dir}/${file}`, import.meta.url);
  const [head, ...lines] = readFileSync(url, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const example1 = { profile: 'paper2025', regime: 'active', kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 } as const;
const example2 = { profile: 'paper2025', regime: 'active', kappa: '0.5', concentration: '5', mu: '0.5', outsideMidRatio: '0.5', seed: 589 } as const;

describe('paper2025 run examples (Variant B) — the columns the legacy writer got right', () => {
  for (const [dir, input] of [['example1_k2_c5_mu0.75_rho1.0', example1], ['example2_k0.5_c5_mu0.5_rho0.5', example2]] as const) {
    const rows = rowsOf(input);
    it(`${dir}: the trade list matches by content`, () => {
      const legacy = legacyCsv(dir, 'trades.csv');
      expect(rows.trades.map((t) => [t.day, t.bucket, t.side, t.trader_id, t.issuer_id, t.maturity_day, t.face_value]))
        .toEqual(legacy.map((l) => [Number(l.day), l.bucket, l.side, l.trader_id, l.issuer_id, Number(l.maturity_day), l.face_value]));
      rows.trades.forEach((t, i) => {
        expect(new D(t.unit_price).eq(legacy[i]!.unit_price!)).toBe(true);
        expect(new D(t.price).eq(legacy[i]!.price!)).toBe(true);
        expect(new D(t.trader_cash_before).eq(legacy[i]!.trader_cash_before!)).toBe(true);
      });
    });
    it(`${dir}: corrected flags — every SELL is liquidity-driven, every trade hit the inventory limit`, () => {
      for (const t of rows.trades) {
        expect(t.is_liquidity_driven).toBe(t.side === 'SELL');
        expect(t.hit_inventory_limit).toBe(true);
        expect(t.passthrough_reason).toBe(t.side === 'SELL' ? 'capacity' : 'no_inventory');
      }
    });
    it(`${dir}: repayment outcomes match`, () => {
      const legacy = legacyCsv(dir, 'repayment_events.csv');
      const key = (r: { trader_id?: string; maturity_day?: number | string; face_value?: string; outcome?: string }) =>
        `${r.trader_id}|${r.maturity_day}|${r.face_value}|${r.outcome}`;
      expect(rows.repayments.map(key).sort()).toEqual(legacy.map((l) => key(l)).sort());
    });
    it(`${dir}: metrics.csv day rows match S_t and φ_t`, () => {
      const legacy = legacyCsv(dir, 'metrics.csv');
      expect(rows.metricsByDay.map((m) => [m.day, m.S_t])).toEqual(legacy.map((l) => [Number(l.day), l.S_t]));
      rows.metricsByDay.forEach((m, i) => expect(new D(m.phi_t!).eq(legacy[i]!.phi_t!)).toBe(true));
    });
  }
});

describe('cross-checks', () => {
  const inputs: RunConfigInput[] = [
    example1, example2, { ...example1, regime: 'passive' },
    { profile: 'spec', regime: 'active', kappa: '2', concentration: '1', mu: '0.5', seed: 3, nMax: 10 },
    { profile: 'spec', regime: 'passive', kappa: '1', concentration: '0.5', mu: '0.25', seed: 8 },
    { profile: 'spec', regime: 'active', kappa: '4', concentration: '1', mu: '0', seed: 11, graceDays: 2, maxDays: 6 },
  ];
  for (const input of inputs) {
    const c = createRunCollector();
    const result = simulate(resolveConfig(input), { observer: c.observer });
    const rows = c.finish(result);
    const label = `${input.profile} ${input.regime} seed ${input.seed}`;
    it(`${label}: trade rows = engine trade count`, () => {
      expect(rows.trades.length).toBe(result.trades.total);
      if (input.regime === 'passive') expect(rows.trades.length).toBe(0);
    });
    it(`${label}: repayment face by outcome reconciles with settled and defaulted face`, () => {
      const due = result.payables.filter((p) => p.dueDay <= result.finalDay);
      const sum = (xs: readonly { face_value?: string; amount?: string }[]) => xs.reduce((s, x) => s.plus(x.face_value ?? x.amount!), new D(0));
      expect(sum(rows.repayments.filter((r) => r.outcome === 'repaid')).eq(sum(due.filter((p) => p.status === 'settled')))).toBe(true);
      expect(sum(rows.repayments.filter((r) => r.outcome === 'defaulted')).eq(sum(due.filter((p) => p.status !== 'settled')))).toBe(true);
      expect(rows.repayments.length).toBe(due.length);
    });
    it(`${label}: strategy counts sum to the number of liabilities`, () => {
      const a = strategyOutcomeRow(rows, { pair_id: 'p', profile: input.profile!, kappa: '1', concentration: '1', mu: '0', outside_mid_ratio: '1', seed: 1, face_value: '1', delta_passive: null, delta_active: null, trading_effect: null, trading_relief_ratio: null });
      const n = ['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip'].reduce((s, k) => s + (a[`count_${k}`] as number), 0);
      expect(n).toBe(rows.repayments.length);
      expect(a.total_liabilities).toBe(rows.repayments.length);
    });
    it(`${label}: one time-series row per simulated day (× bucket)`, () => {
      const days = result.finalDay + 1;
      expect(rows.systemState.map((s) => s.day)).toEqual(Array.from({ length: days }, (_, i) => i));
      expect(rows.inventory.length).toBe(days * rows.buckets.length);
      for (const s of rows.systemState) {
        const buckets = Object.values(s.face_buckets).reduce((x, v) => x.plus(v), new D(0));
        expect(new D(s.total_face_value).eq(buckets.plus(s.face_due_today))).toBe(true);
      }
    });
  }
});

describe('flag definitions on hand-built scenarios', () => {
  const dealerFull = {
    profile: 'spec', regime: 'active', seed: 5, kappa: 1, concentration: 1, mu: 0, allowSmallRing: true, maxDays: 1,
    dealerShare: '0', vbtShare: '0.5',
    policies: { X: { sellEnabled: false, buyEnabled: false }, I: { sellEnabled: false, buyEnabled: false } },
    scenario: {
      traders: [{ id: 'I', cash: '0' }, { id: 'X', cash: '0' }, { id: 'S', cash: '0' }, { id: 'J', cash: '0' }],
      payables: [
        { debtor: 'I', creditor: 'X', amount: '10', dueDay: 5 },
        { debtor: 'J', creditor: 'S', amount: '2', dueDay: 5 },
        { debtor: 'S', creditor: 'X', amount: '3', dueDay: 1 },
      ],
    },
  } as const satisfies RunConfigInput;

  it('a dealer with no capacity (K* = 0) routes a sale to the VBT with hit_inventory_limit', () => {
    const rows = rowsOf({ ...dealerFull, policies: { ...dealerFull.policies, S: { sellHorizonDays: 1 } } });
    const sell = rows.trades.find((t) => t.side === 'SELL')!;
    expect(sell.trader_id).toBe('S');
    expect(sell.dealer_k_star_before).toBe(0);
    expect(sell.is_passthrough).toBe(true);
    expect(sell.passthrough_reason).toBe('capacity');
    expect(sell.hit_inventory_limit).toBe(true);
    // the sale covered a liability falling due within the seller's horizon: liquidity-driven
    expect(sell.is_liquidity_driven).toBe(true);
    const inv = rows.inventory.find((r) => r.day === 0 && r.bucket === sell.bucket)!;
    expect(inv.hit_vbt_this_step).toBe(true);
    expect(inv.passthrough_trades).toBe(1);
    const other = rows.inventory.filter((r) => r.day === 0 && r.bucket !== sell.bucket);
    for (const r of other) expect(r.hit_vbt_this_step).toBe(false);
  });

  it('an interior trade with spare capacity does not set hit_inventory_limit or hit_vbt_this_step', () => {
    const rows = rowsOf({ ...dealerFull, dealerShare: '0.5', vbtShare: '0.25', policies: { ...dealerFull.policies, S: { sellHorizonDays: 1 } } });
    const sell = rows.trades.find((t) => t.side === 'SELL')!;
    expect(sell.is_passthrough).toBe(false);
    expect(sell.hit_inventory_limit).toBe(false);
    const inv = rows.inventory.find((r) => r.day === 0 && r.bucket === sell.bucket)!;
    expect(inv.hit_vbt_this_step).toBe(false);
    expect(inv.interior_trades).toBe(1);
  });

  it('strategy rule partitions by buy and sell counts', () => {
    expect([strategyOf(0, 0), strategyOf(1, 0), strategyOf(0, 1), strategyOf(2, 3)]).toEqual(['no_trade', 'hold_to_maturity', 'sell_before', 'round_trip']);
  });

  it('dealer usage fractions come from the inventory and system files', () => {
    const rows = rowsOf(example1);
    const ctx = { pair_id: 'p', profile: 'paper2025', kappa: '2', concentration: '5', mu: '0.75', outside_mid_ratio: '1', seed: 140, face_value: '20', delta_passive: null, delta_active: null, trading_effect: null, trading_relief_ratio: null };
    const u = dealerUsageRow(rows, ctx);
    expect(u.dealer_trade_count).toBe(12);
    expect(u.dealer_active_fraction).toBe('0');
    expect(u.dealer_empty_fraction).toBe('1');
    expect(new D(u.vbt_usage_fraction as string).gt(0)).toBe(true);
    expect(u.big_entity_trade_count).toBe(rows.trades.filter((t) => t.trader_id.startsWith('big_')).length);
  });
});

describe('a spec sweep of 50 runs exercises every flag', () => {
  it('no boolean flag is constant and capacity % takes more than one value', () => {
    const seen: Record<string, Set<boolean>> = {};
    const add = (k: string, v: boolean) => { (seen[k] ??= new Set()).add(v); };
    const caps = new Set<string>();
    let runs = 0;
    for (const kappa of ['0.5', '1', '2', '4', '8']) {
      for (const dealerShare of ['0.25', '0']) {
        for (const seed of [1, 2, 3, 4, 5]) {
          const rows = rowsOf({ profile: 'spec', regime: 'active', kappa, concentration: '1', mu: String((seed % 3) / 2), seed, nMax: 10, dealerShare });
          runs++;
          for (const t of rows.trades) {
            add('is_passthrough', t.is_passthrough);
            add('is_liquidity_driven', t.is_liquidity_driven);
            add('reduces_margin_below_zero', t.reduces_margin_below_zero);
            add('hit_inventory_limit', t.hit_inventory_limit);
          }
          for (const i of rows.inventory) {
            add('is_at_zero', i.is_at_zero);
            add('hit_vbt_this_step', i.hit_vbt_this_step);
            if (i.capacity_pct !== null) caps.add(i.capacity_pct);
          }
          for (const p of rows.repayments) add('held_matching_maturity', p.held_matching_maturity);
        }
      }
    }
    expect(runs).toBeGreaterThanOrEqual(50);
    for (const [flag, values] of Object.entries(seen)) expect([flag, values.size]).toEqual([flag, 2]);
    expect(Object.keys(seen).sort()).toEqual([
      'held_matching_maturity', 'hit_inventory_limit', 'hit_vbt_this_step', 'is_at_zero', 'is_liquidity_driven',
      'is_passthrough', 'reduces_margin_below_zero',
    ]);
    expect(caps.size).toBeGreaterThan(1);
  }, 60_000);
});
