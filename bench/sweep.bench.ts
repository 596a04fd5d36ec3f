/**
 * Benchmark (issue 4): sweeps.
 *
 * 1. `ring sweep --preset paper2025 --emulate-display-abort` (625 pairs = 1,250 runs, every
 *    aggregate file written) must take < 2 s wall, measured around the whole CLI process;
 * 2. the same with `--detailed-logging` (1,250 run directories, 10,000 more files) < 5 s;
 * 3. the runner alone (no files) with 1 and 2 worker threads, for runs/s;
 * 4. a `spec-default` sweep with N = 1,000 traders and 10 replicates per cell: runs/s, measured on
 *    an evenly spaced sample of its pairs (BENCH_SPEC_PAIRS, default 30; every other pair is passed
 *    as already finished, the way a resumed sweep skips them) and projected to the whole grid
 *    (625 cells × 10 replicates = 6,250 pairs = 12,500 runs).
 *
 * For scale: the reference Python simulator needs about 2–3 s per paper-sized run.
 * Prints one JSON line per measurement. With BENCH_STRICT=1 a missed budget sets exit code 1.
 *
 *   pnpm --filter @ring/bench bench        (or, after pnpm build: npx tsx bench/sweep.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pairCount, runSweep, sweepPreset } from '@ring/policy-eval';

const PAPER_BUDGET_MS = 2000;
const DETAILED_BUDGET_MS = 5000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CLI = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ring-sweep-bench-'));
let failed = false;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Wall time of one `ring sweep` process (start-up, runs, every file). */
function cliSweep(args: string[], out: string): number {
  rmSync(out, { recursive: true, force: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'sweep', ...args, '--out', out, '--json'], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`ring sweep failed (${r.status}): ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { summary: { pairs_with_improvement: number } };
  if (args.includes('--emulate-display-abort') && j.summary.pairs_with_improvement !== 158)
    throw new Error('paper2025 sweep did not reproduce 158 improved pairs');
  return ms;
}

function report(name: string, runs: number, timesMs: number[], budgetMs: number | null, extra: Record<string, unknown> = {}): void {
  const best = Math.min(...timesMs);
  const pass = budgetMs === null ? null : median(timesMs) < budgetMs;
  if (pass === false) failed = true;
  console.log(
    JSON.stringify({
      bench: name,
      runs,
      wall_ms: timesMs.map(Math.round),
      median_ms: Math.round(median(timesMs)),
      best_ms: Math.round(best),
      runs_per_s: Math.round((runs / median(timesMs)) * 1000),
      budget_ms: budgetMs,
      pass,
      ...extra,
    }),
  );
}

try {
  // 1–2. The CLI, as a user runs it (the default worker count: CPUs − 1, i.e. in-process on 2 CPUs).
  const paper = ['--preset', 'paper2025', '--emulate-display-abort'];
  cliSweep(paper, join(root, 'warm')); // file-system and module cache warm-up, not timed
  report(
    'sweep/paper2025-cli',
    1250,
    Array.from({ length: REPEATS }, (_, i) => cliSweep(paper, join(root, `p${i}`))),
    PAPER_BUDGET_MS,
  );
  report(
    'sweep/paper2025-cli-detailed-logging',
    1250,
    Array.from({ length: REPEATS }, (_, i) => cliSweep([...paper, '--detailed-logging'], join(root, `d${i}`))),
    DETAILED_BUDGET_MS,
    { files: 1250 * 6 + 8 },
  );

  // 3. The runner alone (no files), 1 and 2 worker threads.
  const def = sweepPreset('paper2025', { emulateDisplayAbort: true });
  for (const workers of [1, 2]) {
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = performance.now();
      await runSweep(def, { workers });
      times.push(performance.now() - t0);
    }
    report(`sweep/paper2025-runner-${workers}-worker${workers > 1 ? 's' : ''}`, 1250, times, null, {
      note: workers === 1 ? 'in this thread' : `${workers} tinypool worker threads, start-up included`,
    });
  }

  // 4. spec-default, N = 1,000 traders, 10 replicates per cell, on an evenly spaced sample of pairs
  // (the stride 6250/30 is not a multiple of the grid's periods, so κ, c, μ, ρ and r all vary).
  const spec = sweepPreset('spec-default', { replicates: 10, grid: { nAgents: [1000] } });
  const total = pairCount(spec);
  const sample = Math.min(total, Number(process.env.BENCH_SPEC_PAIRS ?? 30));
  const chosen = new Set(Array.from({ length: sample }, (_, k) => Math.floor(((k + 0.5) * total) / sample)));
  const skip = Array.from({ length: total }, (_, i) => i).filter((i) => !chosen.has(i));
  for (const workers of [1, 2]) {
    const t0 = performance.now();
    const r = await runSweep(spec, { workers, finished: skip });
    const ms = performance.now() - t0;
    const perPair = ms / r.executed;
    report(`sweep/spec-default-N1000-R10-sample${r.executed}-${workers}w`, 2 * r.executed, [ms], null, {
      pairs: r.executed,
      ms_per_run: +(perPair / 2).toFixed(1),
      projected_full_sweep_min: +((perPair * total) / 60000).toFixed(1),
      full_sweep_runs: 2 * total,
      reference_python_s_per_paper_run: '2-3',
    });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

if (failed) {
  console.error('sweep bench: a budget was missed (median of the repeats)');
  if (process.env.BENCH_STRICT === '1') process.exitCode = 1;
}
