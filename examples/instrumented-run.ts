/**
 * One instrumented pair: every trade, repayment, inventory and system-state row of both arms
 * written as CSV run directories, then read back from disk and summarised. The summary is computed
 * from the files, not from memory, because that is what a colleague (or R, or pandas) will see.
 *
 *   pnpm --filter @ring/examples exec tsx instrumented-run.ts [OUT_DIR]
 *
 * OUT_DIR (default: a fresh temporary directory) receives runs/<run_id>/*.csv and aggregate/*.csv.
 */
import { deepStrictEqual } from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dec, pairMetrics, resolveConfig, runParameters, simulate, withRegime } from '@ring/engine';
import type { Regime } from '@ring/engine';
import { STRATEGIES, createRunCollector, dealerUsageRow, strategyOutcomeRow } from '@ring/metrics';
import type { PairContext, RunRows } from '@ring/metrics';
import {
  RUN_FILES,
  readDealerUsageCsv,
  readRunDirectory,
  readStrategyOutcomesCsv,
  readTradesCsv,
  writeDealerUsageCsv,
  writeRunDirectory,
  writeStrategyOutcomesCsv,
} from '@ring/export';

const outDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'ring-instrumented-run-'));

function check(ok: boolean, what: string): void {
  if (!ok) {
    console.error(`instrumented-run: FAIL: ${what}`);
    process.exit(1);
  }
}

// A spec ring where the dealer does change the outcome (Δ > 0), so the logs have a story to tell:
// outside mid ratio ρ = 0.9 means the value-based traders price claims below face.
const config = resolveConfig({ profile: 'spec', kappa: '1', concentration: '5', mu: '1', outsideMidRatio: '0.9', seed: 12 });

const arms = (['passive', 'active'] as const).map((regime: Regime) => {
  const cfg = withRegime(config, regime);
  // The collector is the only thing that makes the engine build events; without it a run is cheaper.
  const collector = createRunCollector();
  const result = simulate(cfg, { observer: collector.observer });
  const rows = collector.finish(result);
  const dir = writeRunDirectory(outDir, rows, cfg);
  return { regime, cfg, result, rows, dir };
});
const [passive, active] = arms as [(typeof arms)[0], (typeof arms)[0]];
const pm = pairMetrics(passive.result, active.result);

// The run-level tables need the pair's values on every row, so both arms must exist first.
const ctx: PairContext = {
  pair_id: active.result.pairId,
  profile: config.profile,
  kappa: runParameters(config).kappa,
  concentration: config.concentration,
  mu: config.mu,
  outside_mid_ratio: config.outsideMidRatio,
  seed: config.seed,
  face_value: config.ticketSize,
  delta_passive: passive.result.delta,
  delta_active: active.result.delta,
  trading_effect: pm.tradingEffect,
  trading_relief_ratio: pm.tradingReliefRatio,
};
const strategyFile = join(outDir, 'aggregate', 'strategy_outcomes_by_run.csv');
const usageFile = join(outDir, 'aggregate', 'dealer_usage_by_run.csv');
writeStrategyOutcomesCsv(
  strategyFile,
  arms.map((a) => strategyOutcomeRow(a.rows, ctx)),
);
writeDealerUsageCsv(
  usageFile,
  arms.map((a) => dealerUsageRow(a.rows, ctx)),
);

// ---- read everything back: the readers validate headers and every value ----
for (const a of arms) {
  check(basename(a.dir) === a.result.runId, `${a.dir} is not named by its run id`);
  const back = readRunDirectory(a.dir);
  const inMemory: Omit<RunRows, 'summary' | 'usage' | 'buckets'> = a.rows;
  // Bit-for-bit round trip: if CSV lost a digit or a null, this is where we would find out.
  deepStrictEqual(
    {
      trades: back.trades,
      repayments: back.repayments,
      inventory: back.inventory,
      systemState: back.systemState,
      metricsByDay: back.metricsByDay,
    },
    {
      trades: inMemory.trades,
      repayments: inMemory.repayments,
      inventory: inMemory.inventory,
      systemState: inMemory.systemState,
      metricsByDay: inMemory.metricsByDay,
    },
  );
  check(
    back.trades.length === a.result.trades.total,
    `${a.regime}: trades.csv has ${back.trades.length} rows, the engine counted ${a.result.trades.total}`,
  );
}
check(readTradesCsv(join(passive.dir, RUN_FILES.trades)).length === 0, 'the passive arm must not trade');
const strategies = readStrategyOutcomesCsv(strategyFile);
check(strategies.length === 2 && strategies[0]!.regime === 'passive', 'strategy_outcomes_by_run.csv: passive row first');
check(readDealerUsageCsv(usageFile).length === 2, 'dealer_usage_by_run.csv: one row per run');

// ---- the summary a researcher looks at first (from the files just read) ----
const run = readRunDirectory(active.dir);
const f = (x: string | null, d = 4) => (x === null ? '–' : dec(x).toFixed(d));
console.log(
  `pair ${ctx.pair_id} — spec, N=${config.nAgents}, κ=${config.kappa}, c=${config.concentration}, μ=${config.mu}, ρ=${config.outsideMidRatio}, seed ${config.seed}`,
);
console.log(`  δ passive ${f(ctx.delta_passive)}   δ active ${f(ctx.delta_active)}   Δ ${f(pm.tradingEffect)} (${pm.effectClass})`);

const sells = run.trades.filter((t) => t.side === 'SELL');
console.log(
  `  trades: ${run.trades.length} (${sells.length} sells, ${run.trades.length - sells.length} buys); ` +
    `${run.trades.filter((t) => t.is_passthrough).length} passed through to the VBT; ` +
    `${sells.filter((t) => t.is_liquidity_driven).length} sells were liquidity-driven`,
);

console.log('  repayments by strategy (active arm):');
for (const s of STRATEGIES) {
  const rs = run.repayments.filter((r) => r.strategy === s);
  if (rs.length === 0) continue;
  const face = rs.reduce((x, r) => x.plus(dec(r.face_value)), dec(0));
  const lost = rs.filter((r) => r.outcome === 'defaulted').reduce((x, r) => x.plus(dec(r.face_value)), dec(0));
  console.log(`    ${s.padEnd(17)} ${String(rs.length).padStart(4)} liabilities, default rate by face ${lost.div(face).toFixed(3)}`);
}

console.log('  dealer inventory by bucket (tickets: min / max / last day; days at zero):');
for (const bucket of run.buckets) {
  const inv = run.inventory.filter((r) => r.bucket === bucket).map((r) => r.dealer_inventory);
  if (inv.length === 0) continue;
  console.log(
    `    ${bucket.padEnd(6)} ${Math.min(...inv)} / ${Math.max(...inv)} / ${inv.at(-1)}; ${inv.filter((x) => x === 0).length} of ${inv.length} days at zero`,
  );
}
const dtm = run.systemState.map((r) => f(r.debt_to_money, 2));
console.log(`  system debt-to-money by day: ${dtm.join(' ')}`);

console.log(`files in ${outDir}:`);
for (const a of arms) console.log(`  runs/${a.result.runId}/  ${readdirSync(a.dir).sort().join(' ')}`);
console.log('  aggregate/  strategy_outcomes_by_run.csv dealer_usage_by_run.csv');
