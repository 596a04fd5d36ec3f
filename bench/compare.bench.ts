/**
 * Benchmark (issue 5): a bootstrap policy comparison with 100 paired samples on a 100-trader
 * `spec` ring (200 runs, passive vs default policy, every trader) must finish in under 2 s.
 *
 * Reports the single-thread time (comparePolicies) and the time with a worker pool of one thread
 * per CPU (comparePoliciesAsync + createArmPool, pool start-up included), checks that both give
 * the same evaluation, and prints one JSON line. With BENCH_STRICT=1 a miss sets exit code 1.
 *
 *   pnpm --filter @ring/bench bench        (or: npx tsx bench/compare.bench.ts)
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_POLICY, PASSIVE_POLICY, comparePolicies, comparePoliciesAsync, createArmPool, toJsonValue } from '@ring/policy-eval';
import type { ComparePoliciesOptions } from '@ring/policy-eval';

const BUDGET_MS = 2000;
const options: ComparePoliciesOptions = {
  scenario: { profile: 'spec', seed: 42, nAgents: 100, kappa: '1', concentration: '1', mu: '0.5' },
  oldPolicy: PASSIVE_POLICY,
  newPolicy: DEFAULT_POLICY,
  mode: 'bootstrap',
  samples: 100,
};

// Warm-up (JIT) on a small comparison, not timed.
comparePolicies({ ...options, samples: 3 });

let t0 = performance.now();
const single = comparePolicies(options);
const singleMs = performance.now() - t0;

const threads = Math.max(1, availableParallelism());
t0 = performance.now();
const pool = createArmPool(threads);
let parallelMs: number;
let same: boolean;
try {
  const parallel = await comparePoliciesAsync(options, pool.executor);
  parallelMs = performance.now() - t0;
  same = JSON.stringify(toJsonValue(parallel)) === JSON.stringify(toJsonValue(single));
} finally {
  await pool.destroy();
}

const best = Math.min(singleMs, parallelMs);
const pass = best < BUDGET_MS && same;
console.log(JSON.stringify({
  bench: 'compare/bootstrap-100x100', runs: 2 * single.num_samples, traders: 100, samples: single.num_samples,
  single_thread_ms: Math.round(singleMs), parallel_ms: Math.round(parallelMs), threads, per_run_ms: +(singleMs / (2 * single.num_samples)).toFixed(2),
  identical_results: same, budget_ms: BUDGET_MS, pass,
}));
if (!pass) {
  console.error(`compare bench: ${Math.round(best)} ms ≥ budget ${BUDGET_MS} ms${same ? '' : ' (parallel result differs!)'}`);
  if (process.env.BENCH_STRICT === '1') process.exitCode = 1;
}
