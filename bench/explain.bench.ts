/**
 * Benchmark (issue 13): `ring explain` on the 625-pair detailed `paper2025` sweep must take < 3 s
 * wall, measured around the whole CLI process (start-up, reading 1,250 run directories, the
 * explanation, the JSON). For scale it also times, in this process, reading the run directories
 * and `explainSweep` over rows already in memory.
 *
 * The sweep is written once, by `ring sweep --preset paper2025 --emulate-display-abort
 * --detailed-logging`, into a temporary directory.
 * Prints one JSON line per measurement. With BENCH_STRICT=1 a missed budget sets exit code 1.
 *
 *   pnpm --filter @ring/bench bench        (or, after pnpm build: npx tsx bench/explain.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainSweep } from '@ring/explain';
import type { Explanation, PairRows } from '@ring/explain';
import { readComparisonCsv, readRunDirectory } from '@ring/export';

const BUDGET_MS = 3000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const CLI = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'ring-explain-bench-'));
const sweep = join(root, 'paper');
let failed = false;

/** GNU time, when installed: the CPU time of the child (user + sys), telling a loaded machine's wall time apart. */
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function report(name: string, timesMs: number[], budgetMs: number | null, extra: Record<string, unknown> = {}): void {
  const pass = budgetMs === null ? null : median(timesMs) < budgetMs;
  if (pass === false) failed = true;
  console.log(
    JSON.stringify({
      bench: name,
      pairs: 625,
      wall_ms: timesMs.map(Math.round),
      median_ms: Math.round(median(timesMs)),
      best_ms: Math.round(Math.min(...timesMs)),
      budget_ms: budgetMs,
      pass,
      ...extra,
    }),
  );
}

try {
  const made = spawnSync(
    process.execPath,
    [CLI, 'sweep', '--preset', 'paper2025', '--emulate-display-abort', '--detailed-logging', '--out', sweep, '--json', '--no-progress'],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`ring sweep failed (${made.status}): ${made.stderr}`);

  // 1. the whole `ring explain DIR --json` process
  const times: number[] = [];
  const cpu: number[] = [];
  let e: Explanation | null = null;
  for (let r = 0; r < REPEATS; r++) {
    const argv = [process.execPath, CLI, 'explain', sweep, '--json'];
    const t0 = performance.now();
    const run = TIME
      ? spawnSync(TIME, ['-f', 'cpu %U %S', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28 });
    times.push(performance.now() - t0);
    if (run.status !== 0) throw new Error(`ring explain failed (${run.status}): ${run.stderr}`);
    const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
    if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    e = JSON.parse(run.stdout) as Explanation;
  }
  if (e!.pairs.length !== 625 || e!.totals.improved !== 158 || e!.totals.unchanged !== 396)
    throw new Error('ring explain did not see the 625 published pairs (158 improved, 396 unchanged)');
  report('ring explain <625-pair detailed paper2025 sweep> --json (whole process)', times, BUDGET_MS, {
    cpu_ms: cpu.map(Math.round),
    reasons: e!.totals.no_difference,
  });

  // 2. for scale: reading the run directories (validated typed rows), then explaining rows in memory
  const rows = readComparisonCsv(join(sweep, 'aggregate', 'comparison.csv'));
  const t0 = performance.now();
  const pairs: PairRows[] = rows.map((r) => ({
    passive: {
      ...readRunDirectory(join(sweep, 'runs', r.passive_run_id!)),
      summary: { delta: r.delta_passive!, final_day: Number(r.final_day_passive) },
    },
    active: {
      ...readRunDirectory(join(sweep, 'runs', r.active_run_id!)),
      summary: { delta: r.delta_active!, final_day: Number(r.final_day_active) },
    },
  }));
  const readMs = performance.now() - t0;
  const explainMs: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t1 = performance.now();
    explainSweep(pairs);
    explainMs.push(performance.now() - t1);
  }
  report('explainSweep over the rows in memory', explainMs, null, { read_all_run_directories_ms: Math.round(readMs) });
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (failed && process.env.BENCH_STRICT === '1') process.exitCode = 1;
