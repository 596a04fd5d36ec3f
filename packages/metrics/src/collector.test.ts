import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D, resolveConfig, simulate } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { createRunCollector } from './collector';
import { strategyOutcomeRow } from './run-tables';
import { STRATEGIES } from './strategy';
import type { RepaymentRow, RunRows } from './rows';

function rowsOf(input: RunConfigInput): RunRows {
  const c = createRunCollector();
  const r = simulate(resolveConfig(input), { observer: c.observer });
  return c.finish(r);
}

const EXAMPLES = '../test/fixtures/paper2025-run-examples';
function legacyCsv(dir: string, file: string): Record<string, string>[] {
  const url = new URL(`${EXAMPLES}/${dir}/${file}`, import.meta.url);
  const [head, ...lines] = readFileSync(url, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
}

const example1 = {
  profile: 'paper2025',
  regime: 'active',
  kappa: '2',
  concentration: '5',
  mu: '0.75',
  outsideMidRatio: '1.0',
  seed: 140,
} as const;
const example2 = {
  profile: 'paper2025',
  regime: 'active',
  kappa: '0.5',
  concentration: '5',
  mu: '0.5',
  outsideMidRatio: '0.5',
  seed: 589,
} as const;

describe('paper2025 run examples (Variant B) — the columns the legacy writer got right', () => {
  for (const [dir, input] of [
    ['example1_k2_c5_mu0.75_rho1.0', example1],
    ['example2_k0.5_c5_mu0.5_rho0.5', example2],
  ] as const) {
    const rows = rowsOf(input);
    it(`${dir}: the trade list matches by content`, () => {
      const legacy = legacyCsv(dir, 'trades.csv');
      expect(rows.trades.map((t) => [t.day, t.bucket, t.side, t.trader_id, t.issuer_id, t.maturity_day, t.face_value])).toEqual(
        legacy.map((l) => [Number(l.day), l.bucket, l.side, l.trader_id, l.issuer_id, Number(l.maturity_day), l.face_value]),
      );
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
    it(`${dir}: with the 2025 trade window (day < T_L) the repayment counts, P&L and strategy equal the legacy file`, () => {
      const legacy = legacyCsv(dir, 'repayment_events.csv');
      const ours = rows.repayments.map((r) => {
        const own = rows.trades.filter((t) => t.trader_id === r.trader_id && t.day < r.maturity_day);
        const buys = own.filter((t) => t.side === 'BUY');
        const sells = own.filter((t) => t.side === 'SELL');
        const pnl = sells.reduce((s, t) => s.plus(t.price), new D(0)).minus(buys.reduce((s, t) => s.plus(t.price), new D(0)));
        return { key: `${r.trader_id}|${r.maturity_day}|${r.face_value}`, b: buys.length, s: sells.length, pnl };
      });
      const byKey = new Map(ours.map((o) => [o.key, o]));
      expect(byKey.size).toBe(legacy.length);
      for (const l of legacy) {
        const o = byKey.get(`${l.trader_id}|${l.maturity_day}|${l.face_value}`)!;
        expect([o.b, o.s]).toEqual([Number(l.buy_count), Number(l.sell_count)]);
        expect(o.pnl.eq(l.net_cash_pnl!)).toBe(true);
      }
    });
    it(`${dir}: the corrected safety margin = the legacy margin − the trader's liabilities due that day`, () => {
      const legacy = legacyCsv(dir, 'trades.csv');
      const setupPayables = rows.repayments;
      rows.trades.forEach((t, i) => {
        // every liability due on the trade day is still outstanding during the trading phase
        const dueToday = setupPayables
          .filter((p) => p.trader_id === t.trader_id && p.maturity_day === t.day)
          .reduce((s, p) => s.plus(p.face_value), new D(0));
        expect(new D(t.trader_safety_margin_before).eq(new D(legacy[i]!.trader_safety_margin_before!).minus(dueToday))).toBe(true);
        expect(new D(t.trader_safety_margin_after).eq(new D(legacy[i]!.trader_safety_margin_after!).minus(dueToday))).toBe(true);
        expect(new D(t.trader_cash_after).eq(legacy[i]!.trader_cash_after!)).toBe(true);
      });
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
    example1,
    example2,
    { ...example1, regime: 'passive' },
    { profile: 'spec', regime: 'active', kappa: '2', concentration: '1', mu: '0.5', seed: 3, nMax: 10 },
    { profile: 'spec', regime: 'passive', kappa: '1', concentration: '0.5', mu: '0.25', seed: 8 },
    { profile: 'spec', regime: 'active', kappa: '4', concentration: '1', mu: '0', seed: 11, graceDays: 2, maxDays: 6 },
  ];
  for (const input of inputs) {
    const c = createRunCollector();
    // an independent tally of the engine's own events, next to the collector
    const events = { created: [] as { amount: string; dueDay: number }[], settled: new D(0), defaulted: new D(0), trades: 0, lastDay: -1 };
    const result = simulate(resolveConfig(input), {
      observer: (e) => {
        c.observer(e);
        if (e.kind === 'setup') events.created = e.payables.map((p) => ({ amount: p.amount, dueDay: p.dueDay }));
        if (e.kind === 'settled') events.settled = events.settled.plus(e.amount);
        if (e.kind === 'defaulted') events.defaulted = events.defaulted.plus(e.amount);
        if (e.kind === 'trade') events.trades++;
        if (e.kind === 'run_end') events.lastDay = e.finalDay;
      },
    });
    const rows = c.finish(result);
    const label = `${input.profile} ${input.regime} seed ${input.seed}`;
    const sum = (xs: readonly RepaymentRow[]) => xs.reduce((s, x) => s.plus(x.face_value), new D(0));
    it(`${label}: trade rows = engine trade count (result and events)`, () => {
      expect(rows.trades.length).toBe(result.trades.total);
      expect(rows.trades.length).toBe(events.trades);
      if (input.regime === 'passive') expect(rows.trades.length).toBe(0);
    });
    it(`${label}: repayment face by outcome reconciles with the settled and defaulted events`, () => {
      const due = events.created.filter((p) => p.dueDay <= events.lastDay);
      const dueFace = due.reduce((s, p) => s.plus(p.amount), new D(0));
      expect(rows.repayments.length).toBe(due.length);
      expect(sum(rows.repayments).eq(dueFace)).toBe(true);
      // every payable settled in full is one `settled` event; everything else due by the final day defaulted
      expect(sum(rows.repayments.filter((r) => r.outcome === 'repaid')).eq(events.settled)).toBe(true);
      expect(sum(rows.repayments.filter((r) => r.outcome === 'defaulted')).eq(dueFace.minus(events.settled))).toBe(true);
      // spec runs to the horizon: every unpaid cohort went through Step C (a `defaulted` event)
      if (input.profile === 'spec' && result.endReason === 'horizon') {
        expect(sum(rows.repayments.filter((r) => r.outcome === 'defaulted')).eq(events.defaulted)).toBe(true);
      }
    });
    it(`${label}: strategy counts sum to the number of liabilities`, () => {
      const a = strategyOutcomeRow(rows, {
        pair_id: 'p',
        profile: input.profile!,
        kappa: '1',
        concentration: '1',
        mu: '0',
        outside_mid_ratio: '1',
        seed: 1,
        face_value: '1',
        delta_passive: null,
        delta_active: null,
        trading_effect: null,
        trading_relief_ratio: null,
      });
      const n = STRATEGIES.reduce((s, k) => s + a[`count_${k}`], 0);
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

describe('a spec sweep of 50 runs exercises every flag', () => {
  it('no boolean flag is constant and capacity % takes more than one value', () => {
    const seen: Record<string, Set<boolean>> = {};
    const add = (k: string, v: boolean) => {
      (seen[k] ??= new Set()).add(v);
    };
    const caps = new Set<string>();
    let runs = 0;
    for (const kappa of ['0.5', '1', '2', '4', '8']) {
      for (const dealerShare of ['0.25', '0']) {
        for (const seed of [1, 2, 3, 4, 5]) {
          const rows = rowsOf({
            profile: 'spec',
            regime: 'active',
            kappa,
            concentration: '1',
            mu: String((seed % 3) / 2),
            seed,
            nMax: 10,
            dealerShare,
          });
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
      'held_matching_maturity',
      'hit_inventory_limit',
      'hit_vbt_this_step',
      'is_at_zero',
      'is_liquidity_driven',
      'is_passthrough',
      'reduces_margin_below_zero',
    ]);
    expect(caps.size).toBeGreaterThan(1);
  }, 60_000);
});
