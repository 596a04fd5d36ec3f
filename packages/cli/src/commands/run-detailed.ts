import { join } from 'node:path';
import { pairMetrics, runParameters, simulate, withRegime } from '@ring/engine';
import type { RunConfig, RunResult } from '@ring/engine';
import { dealerUsageRow, strategyOutcomeRow } from '@ring/metrics';
import type { PairContext, RunRows } from '@ring/metrics';
import { comparisonRow } from '@ring/policy-eval';
import {
  AGGREGATE_FILES,
  createRunDirectoryWriter,
  removeStaleTemporaries,
  writeComparisonCsv,
  writeDealerUsageCsv,
  writeStrategyOutcomesCsv,
} from '@ring/export';

/** What {@link runDetailed} produced. */
export interface DetailedRun {
  readonly passive: RunResult | null;
  readonly active: RunResult | null;
  /** The arms' rows (summaries, repayments, δ by day; trade and time-series rows went straight to disk). */
  readonly rows: RunRows[];
  /** Files written, relative to the output directory, in writing order. */
  readonly files: string[];
}

/**
 * `ring run --detailed-logging --out DIR`: run the arm(s) with the per-run files streamed to
 * `DIR/runs/<run_id>/` while they execute (docs/instrumentation.md §11), then write the run-level tables
 * `aggregate/strategy_outcomes_by_run.csv` and `aggregate/dealer_usage_by_run.csv` (passive row
 * first) and, for a pair, `aggregate/comparison.csv`. Identical configurations give identical bytes.
 */
export function runDetailed(outDir: string, cfg: RunConfig, regime: 'passive' | 'active' | 'pair'): DetailedRun {
  const files: string[] = [];
  const rows: RunRows[] = [];
  // what an interrupted earlier run left behind (temporaries of processes no longer running)
  for (const dir of [outDir, join(outDir, 'runs'), join(outDir, 'aggregate')]) removeStaleTemporaries(dir);
  const arm = (r: 'passive' | 'active'): RunResult => {
    const armCfg = withRegime(cfg, r);
    const writer = createRunDirectoryWriter(outDir, armCfg);
    let result: RunResult;
    try {
      result = simulate(armCfg, { observer: writer.observer });
    } catch (e) {
      writer.abort();
      throw e;
    }
    rows.push(writer.finish(result));
    files.push(join('runs', result.runId));
    return result;
  };
  const passive = regime === 'active' ? null : arm('passive');
  const active = regime === 'passive' ? null : arm('active');
  const pm = passive && active ? pairMetrics(passive, active) : null;
  const any = (passive ?? active)!;
  const ctx: PairContext = {
    pair_id: any.pairId,
    profile: cfg.profile,
    kappa: runParameters(cfg).kappa,
    concentration: cfg.concentration,
    mu: cfg.mu,
    outside_mid_ratio: cfg.outsideMidRatio,
    seed: cfg.seed,
    face_value: cfg.ticketSize,
    delta_passive: passive?.delta ?? null,
    delta_active: active?.delta ?? null,
    trading_effect: pm?.tradingEffect ?? null,
    trading_relief_ratio: pm?.tradingReliefRatio ?? null,
  };
  writeStrategyOutcomesCsv(
    join(outDir, AGGREGATE_FILES.strategyOutcomes),
    rows.map((r) => strategyOutcomeRow(r, ctx)),
  );
  writeDealerUsageCsv(
    join(outDir, AGGREGATE_FILES.dealerUsage),
    rows.map((r) => dealerUsageRow(r, ctx)),
  );
  files.push(AGGREGATE_FILES.strategyOutcomes, AGGREGATE_FILES.dealerUsage);
  if (passive && active && pm) {
    const loc = { index: 0, cell: 0, replicate: 0, seed: cfg.seed, values: {} };
    writeComparisonCsv(join(outDir, AGGREGATE_FILES.comparison), [comparisonRow(loc, cfg, passive, active, pm, any.pairId)]);
    files.push(AGGREGATE_FILES.comparison);
  }
  return { passive, active, rows, files };
}
