/**
 * `bilancio2026` profile benchmarks (issue 12), measured with process.hrtime.bigint after a warm-up:
 *
 * 1. one pair (passive + active arm) at N = 100 with the defaults (κ = 1, c = 1, μ = 0.5, seed 42)
 *    — target < 1 s;
 * 2. the same pair at N = 1,000 — target < 10 s;
 * 3. their ratio t(1000)/t(100) — target ≤ 15 (near-linear in N);
 * 4. the 250 pairs of the balanced grid at N = 5 (κ_ref × c × μ × ρ = {0.25, 0.5, 1, 2, 4} ×
 *    {0.2, 0.5, 1, 2, 5} × {0, 0.25, 0.5, 0.75, 1} × {0.9, 0.5}, seeds from 42 in the order
 *    ρ → κ_ref → c → μ) on one thread — target < 5 s (the target is for 2 cores; one thread is
 *    reported).
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
import { resolveBilancio2026Config, runBilancio2026Pair } from '@ring/engine';

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

interface Row {
  what: string;
  figure: string;
  target: string;
  pass: boolean | null;
}
const rows: Row[] = [];

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

// 4. the balanced grid at N = 5 ----------------------------------------------------------------------
const KAPPA_REF = ['0.25', '0.5', '1', '2', '4'];
const CONC = ['0.2', '0.5', '1', '2', '5'];
const MU = ['0', '0.25', '0.5', '0.75', '1'];
const RHO = ['0.9', '0.5'];
const grid = Array.from({ length: 250 }, (_, k) =>
  resolveBilancio2026Config({
    outsideMidRatio: RHO[Math.floor(k / 125)]!,
    kappaReference: KAPPA_REF[Math.floor(k / 25) % 5]!,
    concentration: CONC[Math.floor(k / 5) % 5]!,
    mu: MU[k % 5]!,
    seed: 42 + k,
    nAgents: 5,
  }),
);
const gridMs = measure(
  () => {
    for (const cfg of grid) runBilancio2026Pair(cfg);
  },
  1,
  reps(2),
);
rows.push({
  what: 'bilancio2026 balanced grid, 250 pairs at N=5, one thread',
  figure: fig(gridMs),
  target: '< 5000 ms',
  pass: gridMs.cpu < 5000,
});

// table ---------------------------------------------------------------------------------------------
const header = ['result', 'benchmark', 'figure', 'target'];
const body = rows.map((r) => [r.pass === null ? 'SKIP' : r.pass ? 'PASS' : 'FAIL', r.what, r.figure, r.target]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
const line = (cells: string[]) =>
  cells
    .map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const b of body) console.log(line(b));
if (process.env.BENCH_STRICT === '1' && rows.some((r) => r.pass === false)) process.exitCode = 1;
