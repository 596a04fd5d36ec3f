/**
 * Engine benchmarks (issue 2): one paper2025 pair (target < 1 ms of engine time) and one `spec`
 * run with N = 10,000 traders, T = 30 (target < 2 s), plus a scaling check in tickets × days.
 */
import { resolveConfig, runPair, simulate } from '@ring/engine';

function time(fn: () => void, reps: number): number {
  for (let i = 0; i < Math.min(reps, 20); i++) fn();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < reps; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6 / reps;
}

const rows: [string, string, string, boolean][] = [];
const pair = resolveConfig({ profile: 'paper2025', kappa: '1', concentration: '1', mu: '0.5', outsideMidRatio: '1', seed: 42 });
const onePair = time(() => runPair(pair), 500);
rows.push(['paper2025 pair (N=5), κ=1 c=1 μ=0.5 ρ=1 seed 42', `${(onePair * 1000).toFixed(0)} µs`, '< 1 ms', onePair < 1]);
const grid = ['0.25', '0.5', '1', '2', '4'].flatMap((k, i) => ['0.2', '1', '5'].map((c, j) => resolveConfig({ profile: 'paper2025', kappa: k, concentration: c, mu: String(j / 2), seed: 42 + i * 3 + j })));
const gridPair = time(() => { for (const g of grid) runPair(g); }, 20) / grid.length;
rows.push(['paper2025 pair, mean over 15 grid cells', `${(gridPair * 1000).toFixed(0)} µs`, '< 1 ms', gridPair < 1]);

const big = resolveConfig({ profile: 'spec', regime: 'active', nAgents: 10_000, maturityDays: 30, kappa: '1', concentration: '1', mu: '0.5', seed: 7 });
simulate(big);
const bigMs = time(() => simulate(big), 3);
rows.push(['spec run N=10,000 T=30 (Q=10000, S=1)', `${bigMs.toFixed(0)} ms`, '< 2000 ms', bigMs < 2000]);

const scale = [10_000, 40_000].map((q) => {
  const cfg = resolveConfig({ profile: 'spec', regime: 'active', nAgents: 1000, maturityDays: 30, qTotal: String(q), kappa: '1', concentration: '1', mu: '0.5', seed: 7 });
  return time(() => simulate(cfg), 3);
});
const ratio = scale[1]! / scale[0]!;
rows.push(['spec N=1,000 T=30: time(4× tickets) / time(1×)', ratio.toFixed(2), '≤ 4 (linear)', ratio <= 4]);

for (const [what, got, target, ok] of rows) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what.padEnd(52)} ${got.padStart(10)}  target ${target}`);
