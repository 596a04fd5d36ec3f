import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairMetrics, resolveConfig, runParameters, simulate, withRegime } from '@ring/engine';
import { TableCellError, createRunCollector, dealerUsageRow, strategyOutcomeRow } from '@ring/metrics';
import type { PairContext, RunRows } from '@ring/metrics';
import {
  readComparisonRows,
  readDealerUsageCsv,
  readStrategyOutcomesCsv,
  writeComparisonCsv,
  writeDealerUsageCsv,
  writeStrategyOutcomesCsv,
} from './aggregate';
import type { ComparisonCsvRow } from './aggregate';

const dir = mkdtempSync(join(tmpdir(), 'ring-aggregate-'));

// docs/instrumentation.md §8, copied from the specification
const SPEC_HEADER =
  'kappa,concentration,mu,monotonicity,seed,face_value,outside_mid_ratio,big_entity_share,delta_passive,delta_active,' +
  'trading_effect,trading_relief_ratio,phi_passive,phi_active,passive_run_id,passive_status,active_run_id,active_status,' +
  'dealer_total_pnl,dealer_total_return,total_trades,pair_id,profile,n_agents,maturity_days,q_total,n_defaults_passive,' +
  'n_defaults_active,effect_class,stress_regime,final_day_passive,final_day_active,end_reason_passive,end_reason_active';

const row: ComparisonCsvRow = {
  kappa: '0.25',
  concentration: '0.2',
  mu: '0',
  monotonicity: '0',
  seed: 42,
  face_value: '20',
  outside_mid_ratio: '1',
  big_entity_share: '0.25',
  delta_passive: '0.5',
  delta_active: '0.25',
  trading_effect: '0.25',
  trading_relief_ratio: '0.5',
  phi_passive: '0.5',
  phi_active: '0.75',
  passive_run_id: 'passive_00717f4ad348',
  passive_status: 'completed',
  active_run_id: 'active_c1f26410b39a',
  active_status: 'completed',
  dealer_total_pnl: '0',
  dealer_total_return: '0',
  total_trades: 3,
  pair_id: 'pair_efaaff2b0c61',
  profile: 'paper2025',
  n_agents: 5,
  maturity_days: 10,
  q_total: '10000',
  n_defaults_passive: 2,
  n_defaults_active: 1,
  effect_class: 'improved',
  stress_regime: 'medium',
  final_day_passive: 4,
  final_day_active: 6,
  end_reason_passive: 'default',
  end_reason_active: 'stable',
};

describe('comparison.csv', () => {
  it('writes exactly the §8 columns in order, extra keys ignored, and reads them back typed', () => {
    const f = join(dir, 'comparison.csv');
    writeComparisonCsv(f, [row, { ...row, seed: 43, big_entity_share: null, effect_class: 'worsened', replicate: 0 } as ComparisonCsvRow]);
    const text = readFileSync(f, 'utf8');
    const [header, first, second, end] = text.split('\n');
    expect(header).toBe(SPEC_HEADER);
    expect(first).toBe(
      '0.25,0.2,0,0,42,20,1,0.25,0.5,0.25,0.25,0.5,0.5,0.75,passive_00717f4ad348,completed,active_c1f26410b39a,completed,0,0,3,pair_efaaff2b0c61,paper2025,5,10,10000,2,1,improved,medium,4,6,default,stable',
    );
    expect(second!.split(',').slice(4, 8)).toEqual(['43', '20', '1', '']);
    expect(end).toBe('');
    // the 34-column form has no replicate or kappa_reference column: readers fill 0 and null
    expect(readComparisonRows(f)).toEqual([
      { ...row, replicate: 0, kappa_reference: null },
      { ...row, seed: 43, big_entity_share: null, effect_class: 'worsened', replicate: 0, kappa_reference: null },
    ]);
  });

  it('a row missing a column throws a TableCellError naming it, and nothing is written', () => {
    const { stress_regime: _drop, ...partial } = row;
    const f = join(dir, 'partial.csv');
    try {
      writeComparisonCsv(f, [row, partial as ComparisonCsvRow]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TableCellError);
      expect([(e as TableCellError).column, (e as TableCellError).row]).toEqual(['stress_regime', 1]);
      expect((e as TableCellError).message).toBe(
        'comparison.csv row 1, column stress_regime: a missing value is not one of low, medium, catastrophic',
      );
    }
    expect(() => readFileSync(f)).toThrow();
  });
});

describe('run-level tables of a pair', () => {
  const cfg = resolveConfig({ profile: 'paper2025', kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 });
  const arms = (['passive', 'active'] as const).map((regime) => {
    const c = createRunCollector();
    const result = simulate(withRegime(cfg, regime), { observer: c.observer });
    return { result, rows: c.finish(result) as RunRows };
  });
  const pm = pairMetrics(arms[0]!.result, arms[1]!.result);
  const ctx: PairContext = {
    pair_id: arms[0]!.result.pairId,
    profile: cfg.profile,
    kappa: runParameters(cfg).kappa,
    concentration: cfg.concentration,
    mu: cfg.mu,
    outside_mid_ratio: cfg.outsideMidRatio,
    seed: cfg.seed,
    face_value: cfg.ticketSize,
    delta_passive: arms[0]!.result.delta,
    delta_active: arms[1]!.result.delta,
    trading_effect: pm.tradingEffect,
    trading_relief_ratio: pm.tradingReliefRatio,
  };

  it('strategy_outcomes_by_run.csv: passive row first, typed round trip', () => {
    const rows = arms.map((a) => strategyOutcomeRow(a.rows, ctx));
    const f = join(dir, 'strategy_outcomes_by_run.csv');
    writeStrategyOutcomesCsv(f, rows);
    expect(readStrategyOutcomesCsv(f)).toEqual(rows);
    expect(readStrategyOutcomesCsv(f).map((r) => r.regime)).toEqual(['passive', 'active']);
    expect(readFileSync(f, 'utf8').split('\n')[0]!.split(',').slice(0, 4)).toEqual(['run_id', 'regime', 'pair_id', 'profile']);
  });

  it('dealer_usage_by_run.csv: typed round trip; the passive row has no trades', () => {
    const rows = arms.map((a) => dealerUsageRow(a.rows, ctx));
    const f = join(dir, 'dealer_usage_by_run.csv');
    writeDealerUsageCsv(f, rows);
    const back = readDealerUsageCsv(f);
    expect(back).toEqual(rows);
    expect(back.map((r) => r.dealer_trade_count)).toEqual([0, 12]);
    expect(readFileSync(f, 'utf8').split('\n')[0]!.split(',').slice(-4)).toEqual([
      'seed',
      'interior_trade_count',
      'passthrough_trade_count',
      'big_entity_trade_count',
    ]);
  });
});
