/**
 * `bilancio2026` profile benchmarks (issue 12), measured with process.hrtime.bigint after a warm-up:
 *
 * 1. one pair (passive + active arm) at N = 100 with the defaults (κ = 1, c = 1, μ = 0.5, seed 42)
 *    — target < 1 s;
 * 2. the same pair at N = 1,000 — target < 10 s;
 * 3. their ratio t(1000)/t(100) — target ≤ 15 (near-linear in N);
 * 4. the 250 pairs of the `bilancio2026` preset at N = 5 (the balanced grid κ_ref × c × μ × ρ =
 *    {0.25, 0.5, 1, 2, 4} × {0.2, 0.5, 1, 2, 5} × {0, 0.25, 0.5, 0.75, 1} × {0.9, 0.5}, seeds from 42
 *    in the order ρ → κ_ref → c → μ), engine only, on one thread — target < 5 s;
 * 5. the same preset as `ring sweep --preset bilancio2026 --n-agents 5` runs it with its default
 *    workers (worker pool, metrics, every aggregate file), in this process — target < 5 s on 2 cores.
 *
 * The runs are single-threaded, so their CPU time is their wall time on an idle machine; on a shared
 * machine the wall time also counts other processes. Each figure shows both, and PASS/FAIL is
 * judged on the CPU time (the robust one).
 *
 * Prints a table (figure, target, PASS/FAIL). With BENCH_STRICT=1 a FAIL sets exit code 1.
 * Iteration counts scale with BENCH_SCALE (default 1).
 *
 *   pnpm bench                                  (turbo: every package's `bench` script)
 *   pnpm --filter @ring/bench exec tsx bilancio2026.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBilancio2026Config, runBilancio2026Pair } from '@ring/engine';
import type { Bilancio2026RunConfig } from '@ring/engine';
import { openSweepWriter } from '@ring/export';
import { armConfig, locatePair, pairCount, runSweep, sweepPreset } from '@ring/policy-eval';
import { printResults } from './results-table';
import type { BenchRow } from './results-table';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const reps = (n: number) => Math.max(1, Math.round(n * SCALE));

/** CPU time of this process in ms (user + system). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Mean wall and CPU time of one call in ms: `warmup` untimed calls, then `iterations` timed calls. */
function measure(fn: () => void, warmup: number, iterations: number): { wall: number; cpu: number } {
  for (let i = 0; i < warmup; i++) fn();
  const c0 = cpuMs();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return { wall: Number(process.hrtime.bigint() - t0) / 1e6 / iterations, cpu: (cpuMs() - c0) / iterations };
}
const fig = (m: { wall: number; cpu: number }) => `${m.wall.toFixed(0)} ms wall, ${m.cpu.toFixed(0)} ms cpu`;

const rows: BenchRow[] = [];

// 1.–3. default pairs at N = 100 and N = 1,000 -------------------------------------------------------
const pairAt = (nAgents: number) => resolveBilancio2026Config({ kappa: '1', concentration: '1', mu: '0.5', seed: 42, nAgents });
const small = pairAt(100);
const large = pairAt(1000);
const t100 = measure(() => runBilancio2026Pair(small), 2, reps(5));
rows.push({
  what: 'bilancio2026 pair, N=100 (defaults, κ=1 c=1 μ=0.5 seed 42)',
  figure: fig(t100),
  target: '< 1000 ms',
  pass: t100.cpu < 1000,
});
const t1000 = measure(() => runBilancio2026Pair(large), 1, reps(2));
rows.push({ what: 'bilancio2026 pair, N=1,000 (same)', figure: fig(t1000), target: '< 10000 ms', pass: t1000.cpu < 10_000 });
const ratio = t1000.cpu / t100.cpu;
rows.push({ what: 'bilancio2026 t(N=1,000)/t(N=100), cpu', figure: ratio.toFixed(1), target: '≤ 15 (near-linear)', pass: ratio <= 15 });

// 4.–5. the balanced grid at N = 5: the preset the profile contributes ----------------------------------
const preset = sweepPreset('bilancio2026', { grid: { nAgents: [5] } });
const grid = Array.from({ length: pairCount(preset) }, (_, k) => {
  const loc = locatePair(preset, k);
  return armConfig(preset, loc.values, loc.seed, preset.arms[0]) as Bilancio2026RunConfig;
});
const gridMs = measure(
  () => {
    for (const cfg of grid) runBilancio2026Pair(cfg);
  },
  1,
  reps(2),
);
rows.push({
  what: 'bilancio2026 preset, 250 pairs at N=5, engine only, one thread',
  figure: fig(gridMs),
  target: '< 5000 ms',
  pass: gridMs.cpu < 5000,
});

// The preset as `ring sweep --preset bilancio2026 --n-agents 5` runs it on this machine: the CLI's
// default worker count (CPUs − 1, so one worker thread on 2 cores, V8's compiler and collector taking
// the other), the metrics collectors and every aggregate file. Worker threads count in this process's
// CPU time; the target (5 s on 2 cores) is judged on CPU time ≤ workers × 5 s, and the wall time is shown.
const workers = Math.max(1, availableParallelism() - 1);
const sweepOnce = async (): Promise<void> => {
  const outDir = mkdtempSync(join(tmpdir(), 'ring-b26-bench-'));
  try {
    const writer = openSweepWriter({ outDir, definition: preset });
    await runSweep(preset, { workers, finished: writer.finished, onPair: (o) => writer.write(o) });
    writer.finish();
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
};
const sweeps: { wall: number; cpu: number }[] = [];
for (let i = 0; i < reps(3); i++) {
  const c0 = cpuMs();
  const t0 = process.hrtime.bigint();
  await sweepOnce();
  sweeps.push({ wall: Number(process.hrtime.bigint() - t0) / 1e6, cpu: cpuMs() - c0 });
}
const sweepMs = sweeps.sort((a, b) => a.cpu - b.cpu)[Math.floor(sweeps.length / 2)]!;
rows.push({
  what: `ring sweep --preset bilancio2026 --n-agents 5, ${workers} worker${workers === 1 ? '' : 's'}, every aggregate file (median)`,
  figure: fig(sweepMs),
  target: `< 5000 ms${workers === 1 ? '' : ` (cpu < ${workers * 5000} ms)`}`,
  pass: sweepMs.cpu < workers * 5000,
});

// table ---------------------------------------------------------------------------------------------
printResults(rows);
