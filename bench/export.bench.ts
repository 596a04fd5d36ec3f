/**
 * Benchmark (issue 3): detailed per-run files.
 *
 * 1. writing every per-run file of docs/instrumentation.md §11 (config.json, trades.csv,
 *    repayment_events.csv, inventory_timeseries.csv, system_state_timeseries.csv, metrics.csv, liabilities.csv, trader_initial_state.csv)
 *    for the 1,250 runs of the published paper2025 grid (625 pairs × both arms,
 *    docs/experiment-paper2025.md §1) from rows already in memory must take < 2 s (10,000 files: 8 per run);
 * 2. for scale: simulating the 1,250 runs with and without the metrics collector (what detailed
 *    logging costs the engine; without an observer the engine builds no events), and the streaming
 *    path end to end (simulate → createRunDirectoryWriter → files).
 *
 * Prints one JSON line per measurement. With BENCH_STRICT=1 a missed budget sets exit code 1.
 *
 *   pnpm --filter @ring/bench bench        (or, after pnpm build: npx tsx bench/export.bench.ts)
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, simulate } from '@ring/engine';
import type { RunConfig } from '@ring/engine';
import { createRunCollector } from '@ring/metrics';
import type { RunRows } from '@ring/metrics';
import { createRunDirectoryWriter, runDirectoryTexts, writeRunDirectory } from '@ring/export';

const WRITE_BUDGET_MS = 2000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const root = mkdtempSync(join(tmpdir(), 'ring-export-bench-'));
let failed = false;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function report(name: string, runs: number, timesMs: number[], budgetMs: number | null, extra: Record<string, unknown> = {}): void {
  const pass = budgetMs === null ? null : median(timesMs) < budgetMs;
  if (pass === false) failed = true;
  console.log(
    JSON.stringify({
      bench: name,
      runs,
      wall_ms: timesMs.map(Math.round),
      median_ms: Math.round(median(timesMs)),
      best_ms: Math.round(Math.min(...timesMs)),
      runs_per_s: Math.round((runs / median(timesMs)) * 1000),
      budget_ms: budgetMs,
      pass,
      ...extra,
    }),
  );
}

/** The published grid in sweep order: ρ → κ → c → μ, seed = 42 + pair index; passive arm first. */
function paperGrid(): RunConfig[] {
  const configs: RunConfig[] = [];
  let seed = 42;
  for (const outsideMidRatio of ['1.0', '0.9', '0.8', '0.75', '0.5']) {
    for (const kappa of ['0.25', '0.5', '1', '2', '4']) {
      for (const concentration of ['0.2', '0.5', '1', '2', '5']) {
        for (const mu of ['0', '0.25', '0.5', '0.75', '1']) {
          for (const regime of ['passive', 'active'] as const) {
            configs.push(
              resolveConfig({
                profile: 'paper2025',
                regime,
                kappa,
                concentration,
                mu,
                outsideMidRatio,
                seed,
                emulateDisplayAbort: true,
              }),
            );
          }
          seed++;
        }
      }
    }
  }
  return configs;
}

function treeSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else {
        files++;
        bytes += statSync(join(d, e.name)).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

try {
  const configs = paperGrid();

  // 2a. What detailed logging costs the engine (informational).
  const plainMs: number[] = [];
  const collectMs: number[] = [];
  let runs: { cfg: RunConfig; rows: RunRows }[] = [];
  for (let r = 0; r < Math.min(REPEATS, 3); r++) {
    let t0 = performance.now();
    for (const cfg of configs) simulate(cfg);
    plainMs.push(performance.now() - t0);
    t0 = performance.now();
    runs = configs.map((cfg) => {
      const c = createRunCollector();
      return { cfg, rows: c.finish(simulate(cfg, { observer: c.observer })) };
    });
    collectMs.push(performance.now() - t0);
  }
  report('export/simulate-no-observer', configs.length, plainMs, null);
  report('export/simulate-with-collector', configs.length, collectMs, null, {
    trade_rows: runs.reduce((s, r) => s + r.rows.trades.length, 0),
    inventory_rows: runs.reduce((s, r) => s + r.rows.inventory.length, 0),
  });

  // 1a. The CSV/JSON text alone (no file system): what the writer itself costs.
  const formatMs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    let chars = 0;
    for (const { cfg, rows } of runs) chars += runDirectoryTexts(rows, cfg).reduce((n, [, text]) => n + text.length, 0);
    formatMs.push(performance.now() - t0);
    if (chars === 0) throw new Error('nothing formatted');
  }
  report('export/format-run-files', runs.length, formatMs, null);

  // 1b. Writing all detailed files from the rows (the budget).
  const writeMs: number[] = [];
  let size = { files: 0, bytes: 0 };
  writeRunDirectory(join(root, 'warm'), runs[0]!.rows, runs[0]!.cfg); // module and file-system warm-up, not timed
  for (let r = 0; r < REPEATS; r++) {
    const out = join(root, `w${r}`);
    const t0 = performance.now();
    for (const { cfg, rows } of runs) writeRunDirectory(out, rows, cfg);
    writeMs.push(performance.now() - t0);
    if (r === 0) size = treeSize(out);
    // trees are removed at the end only: bulk deletes (online discard) would slow the next repeat
  }
  report('export/write-run-directories', runs.length, writeMs, WRITE_BUDGET_MS, size);

  // 2b. The streaming path end to end: simulate with the run-directory writer attached.
  const streamMs: number[] = [];
  for (let r = 0; r < Math.min(REPEATS, 3); r++) {
    const out = join(root, `s${r}`);
    const t0 = performance.now();
    for (const cfg of configs) {
      const w = createRunDirectoryWriter(out, cfg);
      w.finish(simulate(cfg, { observer: w.observer }));
    }
    streamMs.push(performance.now() - t0);
  }
  report('export/simulate-and-stream', configs.length, streamMs, null);
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failed && process.env.BENCH_STRICT === '1') process.exitCode = 1;
