/**
 * Engine benchmarks (issue 2), measured with process.hrtime.bigint after a warm-up:
 *
 * 1. one `paper2025` pair (passive + active arm, N = 5): the published grid cell κ = 1, c = 1,
 *    μ = 0.5, ρ = 1 with seed 42, and the mean over 50 cells of the published grid (every 12.5th
 *    cell in the published loop order, with the published seed 42 + cell index) — target < 1 ms
 *    per pair;
 * 2. one `spec` run with N = 10,000 traders, T = 30 (Q = 10000, S = 1, active) — target < 2 s;
 *    prints "spec profile not available" if the profile throws;
 * 3. scaling of the `spec` run in tickets: N = 1,000, T = 30, Q = 10000 vs 40000 — target ≤ 4×;
 * 4. large `paper2025` rings (issue 12): one pair with N = 10,000, 40,000 and 100,000 (κ = 1, c = 1,
 *    μ = 0.5, seed 42), wall and CPU time — target CPU t(40,000)/t(10,000) ≤ 6 (the run was
 *    quadratic in N: about 10×).
 *
 * Prints a table (figure, target, PASS/FAIL). With BENCH_STRICT=1 a FAIL sets exit code 1.
 * Iteration counts scale with BENCH_SCALE (default 1).
 *
 *   pnpm bench                                  (turbo: every package's `bench` script)
 *   pnpm --filter @ring/bench exec tsx engine.bench.ts
 */
import { resolveConfig, runPair, simulate } from '@ring/engine';
import type { RunConfig } from '@ring/engine';
import { printResults } from './results-table';
import type { BenchRow } from './results-table';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const reps = (n: number) => Math.max(1, Math.round(n * SCALE));

/** Mean wall time of one call in ms: `warmup` untimed calls, then `iterations` timed calls. */
function measure(fn: () => void, warmup: number, iterations: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / iterations;
}

const rows: BenchRow[] = [];

// 1. paper2025 pairs --------------------------------------------------------------------------
const cell = resolveConfig({ profile: 'paper2025', kappa: '1', concentration: '1', mu: '0.5', outsideMidRatio: '1', seed: 42 });
const cellMs = measure(() => runPair(cell), reps(300), reps(2000));
rows.push({
  what: 'paper2025 pair, N=5, κ=1 c=1 μ=0.5 ρ=1 seed 42',
  figure: `${(cellMs * 1000).toFixed(0)} µs`,
  target: '< 1 ms',
  pass: cellMs < 1,
});

const KAPPA = ['0.25', '0.5', '1', '2', '4'];
const CONC = ['0.2', '0.5', '1', '2', '5'];
const MU = ['0', '0.25', '0.5', '0.75', '1'];
const RHO = ['1.0', '0.9', '0.8', '0.75', '0.5'];
/** Cell k of the published loop order ρ → κ → c → μ (docs/experiment-paper2025.md §1), seed 42 + k. */
function publishedCell(k: number): RunConfig {
  return resolveConfig({
    profile: 'paper2025',
    outsideMidRatio: RHO[Math.floor(k / 125)]!,
    kappa: KAPPA[Math.floor(k / 25) % 5]!,
    concentration: CONC[Math.floor(k / 5) % 5]!,
    mu: MU[k % 5]!,
    seed: 42 + k,
  });
}
const grid = Array.from({ length: 50 }, (_, i) => publishedCell(Math.floor((i * 625) / 50)));
const gridMs =
  measure(
    () => {
      for (const g of grid) runPair(g);
    },
    reps(10),
    reps(60),
  ) / grid.length;
rows.push({
  what: 'paper2025 pair, mean over 50 published grid cells',
  figure: `${(gridMs * 1000).toFixed(0)} µs`,
  target: '< 1 ms',
  pass: gridMs < 1,
});

// 2. and 3. spec runs -----------------------------------------------------------------------------
const spec = (nAgents: number, qTotal: string) =>
  resolveConfig({
    profile: 'spec',
    regime: 'active',
    nAgents,
    maturityDays: 30,
    qTotal,
    kappa: '1',
    concentration: '1',
    mu: '0.5',
    seed: 42,
  });
try {
  const big = spec(10_000, '10000');
  const bigMs = measure(() => simulate(big), 1, reps(3));
  rows.push({
    what: 'spec run, N=10,000 T=30 (Q=10000, S=1, active)',
    figure: `${bigMs.toFixed(0)} ms`,
    target: '< 2000 ms',
    pass: bigMs < 2000,
  });
  const [t1, t4] = [spec(1000, '10000'), spec(1000, '40000')].map((cfg) => measure(() => simulate(cfg), 1, reps(3)));
  const ratio = t4! / t1!;
  rows.push({ what: 'spec N=1,000 T=30: time(4× tickets) / time(1×)', figure: ratio.toFixed(2), target: '≤ 4 (linear)', pass: ratio <= 4 });
} catch (err) {
  console.log(`spec profile not available (${err instanceof Error ? err.message : String(err)})`);
  rows.push({ what: 'spec run, N=10,000 T=30', figure: 'n/a', target: '< 2000 ms', pass: null });
}

// 4. large paper2025 rings ------------------------------------------------------------------------
const bigPaper = (nAgents: number) =>
  resolveConfig({ profile: 'paper2025', nAgents, kappa: '1', concentration: '1', mu: '0.5', outsideMidRatio: '1', seed: 42 });
// Wall time and process CPU time (user + system, all threads): on a shared machine the CPU time is
// inflated far less by other processes, so the scaling ratio is taken from it.
const paperCpuMs = new Map<number, number>();
for (const n of [10_000, 40_000, 100_000]) {
  const cfg = bigPaper(n);
  const iterations = reps(n >= 100_000 ? 1 : 2);
  runPair(cfg); // warm-up
  const c0 = process.cpuUsage();
  const ms = measure(() => runPair(cfg), 0, iterations);
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000 / iterations;
  paperCpuMs.set(n, cpuMs);
  rows.push({
    what: `paper2025 pair, N=${n.toLocaleString('en')}`,
    figure: `${ms.toFixed(0)} ms (CPU ${cpuMs.toFixed(0)} ms)`,
    target: '—',
    pass: 'info',
  });
}
const paperRatio = paperCpuMs.get(40_000)! / paperCpuMs.get(10_000)!;
rows.push({
  what: 'paper2025 pair: CPU time(N=40,000) / CPU time(N=10,000)',
  figure: paperRatio.toFixed(2),
  target: '≤ 6 (N log N)',
  pass: paperRatio <= 6,
});

// table ---------------------------------------------------------------------------------------------
printResults(rows);
