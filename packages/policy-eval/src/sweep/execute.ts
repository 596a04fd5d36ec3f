import { D, canon, getProfile, pairMetrics, runParameters, simulate } from '@ring/engine';
import type { RunConfig } from '@ring/engine';
import { createRunCollector, dealerUsageRow, strategyOutcomeRow } from '@ring/metrics';
import type { PairContext, RunRows } from '@ring/metrics';
import { configsAt, locatePair } from './definition';
import type { SweepDefinition } from './definition';
import { comparisonRow, withTradeWindow2025 } from './records';
import type { PairOutput, PairRecord, TableRow } from './records';

/**
 * The dealer-usage row of the treatment run under the 2025 trade window: only the two fractions
 * depend on the window. As the 2025 writer did (docs/instrumentation.md §7), a fraction is empty only when
 * the outcome has no repayment rows; rows whose face is all zero (zero-amount payables, which
 * paper2025 creates) give 0 — the published §8.5/§11.1 means include those zeros.
 */
function usageRow2025(row: TableRow, windowed: RunRows): TableRow {
  const frac = (outcome: 'repaid' | 'defaulted'): string | null => {
    let all = new D(0);
    let tradedFace = new D(0);
    let rows = 0;
    for (const r of windowed.repayments) {
      if (r.outcome !== outcome) continue;
      rows++;
      all = all.plus(r.face_value);
      if (r.buy_count + r.sell_count > 0) tradedFace = tradedFace.plus(r.face_value);
    }
    if (rows === 0) return null;
    return all.isZero() ? '0' : canon(tradedFace.div(all));
  };
  return { ...row, frac_defaulted_that_traded: frac('defaulted'), frac_repaid_that_traded: frac('repaid') };
}

/** Options of {@link executePair}. */
export interface ExecuteOptions {
  /** Keep every per-run instrumentation row (for per-run directories). */
  readonly detailed?: boolean;
}

/**
 * Run pair `index` of a sweep: both arms from one cell configuration and one seed, each with a
 * metrics collector (the run-level strategy and dealer-usage rows need the event stream), then
 * the pair metrics of docs/model.md §11. Pure and deterministic: the output depends only on the
 * definition and the index — never on the worker, shard or order in which pairs are run.
 */
export function executePair(def: SweepDefinition, index: number, options: ExecuteOptions = {}): PairOutput {
  const loc = locatePair(def, index);
  const configs = configsAt(def, loc);
  const [cfgA, cfgB] = configs;
  const run = (cfg: RunConfig) => {
    // the liabilities and initial-state rows only go to run directories
    const c = createRunCollector({ explainRows: Boolean(options.detailed) });
    const result = simulate(cfg, { observer: c.observer });
    return { result, rows: c.finish(result) };
  };
  const a = run(cfgA);
  const b = run(cfgB);
  const pm = pairMetrics(a.result, b.result);
  const pid = a.result.pairId;
  const comparison = comparisonRow(loc, cfgA, a.result, b.result, pm, pid);
  const ctx: PairContext = {
    pair_id: pid,
    profile: cfgA.profile,
    kappa: runParameters(cfgA).kappa,
    concentration: cfgA.concentration,
    mu: cfgA.mu,
    outside_mid_ratio: cfgA.outsideMidRatio,
    seed: cfgA.seed,
    face_value: cfgA.ticketSize,
    delta_passive: a.result.delta,
    delta_active: b.result.delta,
    trading_effect: pm.tradingEffect,
    trading_relief_ratio: pm.tradingReliefRatio,
  };
  const rowsOf = (r: RunRows) => ({ s: strategyOutcomeRow(r, ctx), u: dealerUsageRow(r, ctx) });
  const ra = rowsOf(a.rows);
  const rb = rowsOf(b.rows);
  let record: PairRecord = { index, comparison, strategy: [ra.s, rb.s], usage: [ra.u, rb.u] };
  if (getProfile(def.profile).reporting.tradeWindow2025 && cfgB.regime === 'active') {
    const windowed = withTradeWindow2025(b.rows);
    record = { ...record, strategy2025: [strategyOutcomeRow(windowed, ctx)], usage2025: [usageRow2025(rb.u, windowed)] };
  }
  const detail = options.detailed
    ? {
        runs: [
          { rows: a.rows, config: cfgA },
          { rows: b.rows, config: cfgB },
        ],
      }
    : null;
  return { record, configs, detail };
}
