import { describe, expect, it } from 'vitest';
import { D, canon, resolveConfig, simulate } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { createRunCollector } from './collector';
import { dealerUsageRow } from './run-tables';
import type { PairContext } from './run-tables';
import type { InventoryRow, RunRows, SystemStateRow, TradeRow } from './rows';

const inputs: RunConfigInput[] = [
  { profile: 'paper2025', regime: 'active', kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 },
  { profile: 'paper2025', regime: 'passive', kappa: '0.5', concentration: '5', mu: '0.5', outsideMidRatio: '0.5', seed: 589 },
  { profile: 'spec', regime: 'active', kappa: '2', concentration: '1', mu: '0.5', seed: 3, nMax: 10 },
  { profile: 'spec', regime: 'active', kappa: '0.5', concentration: '0.5', mu: '0.25', seed: 21, nMax: 20, dealerShare: '0.1' },
];
const ctx: PairContext = {
  pair_id: 'p',
  profile: 'x',
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
};

/** dealer_usage_by_run computed the way docs/instrumentation.md §7 words it: from the run's files' rows. */
function usageFromFiles(run: RunRows) {
  const customer = (t: TradeRow) => (t.side === 'BUY' ? t.buyer_type : t.seller_type);
  const ring = run.trades.filter((t) => customer(t) === 'trader');
  const days = [...new Set(run.inventory.map((r) => r.day))];
  const on = (d: number) => run.inventory.filter((r) => r.day === d);
  const frac = (k: number) => (days.length === 0 ? null : canon(new D(k).div(days.length)));
  const ratios = run.systemState.map((s) => s.debt_to_money).filter((x): x is string => x !== null);
  const first = run.systemState[0]!;
  const last = run.systemState[run.systemState.length - 1]!;
  return {
    dealer_trade_count: run.trades.length,
    trader_dealer_trade_count: ring.length,
    n_traders_using_dealer: new Set(ring.map((t) => t.trader_id)).size,
    total_face_traded: canon(ring.reduce((s, t) => s.plus(t.face_value), new D(0))),
    total_cash_volume: canon(ring.reduce((s, t) => s.plus(t.price), new D(0))),
    dealer_active_fraction: frac(days.filter((d) => on(d).some((r) => r.dealer_inventory > 0)).length),
    dealer_empty_fraction: frac(days.filter((d) => on(d).every((r) => r.is_at_zero)).length),
    vbt_usage_fraction: frac(days.filter((d) => on(d).some((r) => r.hit_vbt_this_step)).length),
    mean_debt_to_money: ratios.length === 0 ? null : canon(ratios.reduce((s, r) => s.plus(r), new D(0)).div(ratios.length)),
    final_debt_to_money: last.debt_to_money,
    debt_shrink_rate: new D(first.total_face_value).isZero()
      ? null
      : canon(new D(first.total_face_value).minus(last.total_face_value).div(first.total_face_value)),
    interior_trade_count: run.trades.filter((t) => !t.is_passthrough).length,
    passthrough_trade_count: run.trades.filter((t) => t.is_passthrough).length,
    big_entity_trade_count: run.trades.filter((t) => customer(t) === 'big_entity').length,
  };
}

describe('streaming collector', () => {
  for (const input of inputs) {
    const label = `${input.profile} ${input.regime} seed ${input.seed}`;
    const cfg = resolveConfig(input);
    const full = createRunCollector();
    const retained = full.finish(simulate(cfg, { observer: full.observer }));

    const seen = { trades: [] as TradeRow[], inventory: [] as InventoryRow[], systemState: [] as SystemStateRow[] };
    const order: string[] = [];
    const streaming = createRunCollector({
      sink: {
        trade: (r) => {
          seen.trades.push(r);
          order.push(`t${r.day}`);
        },
        inventory: (r) => {
          seen.inventory.push(r);
          order.push(`i${r.day}`);
        },
        systemState: (r) => {
          seen.systemState.push(r);
          order.push(`s${r.day}`);
        },
      },
    });
    const streamed = streaming.finish(simulate(cfg, { observer: streaming.observer }));

    it(`${label}: the sink receives exactly the retained rows, day by day, and nothing is retained`, () => {
      expect(seen.trades).toEqual(retained.trades);
      expect(seen.inventory).toEqual(retained.inventory);
      expect(seen.systemState).toEqual(retained.systemState);
      expect([streamed.trades.length, streamed.inventory.length, streamed.systemState.length]).toEqual([0, 0, 0]);
      // rows of day t are all delivered before any row of day t + 1
      const days = order.map((o) => Number(o.slice(1)));
      expect(days).toEqual([...days].sort((a, b) => a - b));
    });

    it(`${label}: summary, repayments, δ by day and run-level tables do not depend on retention`, () => {
      expect(streamed.summary).toEqual(retained.summary);
      expect(streamed.repayments).toEqual(retained.repayments);
      expect(streamed.metricsByDay).toEqual(retained.metricsByDay);
      expect(dealerUsageRow(streamed, ctx)).toEqual(dealerUsageRow(retained, ctx));
    });

    it(`${label}: dealer usage from the accumulated aggregates = dealer usage recomputed from the rows`, () => {
      expect(dealerUsageRow(retained, ctx)).toMatchObject(usageFromFiles(retained));
    });
  }

  it('retain: true with a sink keeps the rows as well', () => {
    const c = createRunCollector({ sink: {}, retain: true });
    const rows = c.finish(simulate(resolveConfig(inputs[0]!), { observer: c.observer }));
    expect(rows.trades.length).toBe(12);
  });
});
