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
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

// The same comparison as a user runs it: `ring compare` in a fresh process (start-up, pool, JSON output included).
const cli = fileURLToPath(new URL('../packages/cli/dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ring-compare-bench-'));
let cliMs = Number.NaN;
let cliSame = false;
try {
  writeFileSync(
    join(dir, 'old.json'),
    JSON.stringify({ version: '1.0', policy_id: 'passive', parameters: { sellEnabled: false, buyEnabled: false } }),
  );
  writeFileSync(join(dir, 'new.json'), JSON.stringify({ version: '1.0', policy_id: 'default', parameters: {} }));
  const args = [
    cli,
    'compare',
    '--old',
    join(dir, 'old.json'),
    '--new',
    join(dir, 'new.json'),
    '--mode',
    'bootstrap',
    '--samples',
    '100',
    '--n-agents',
    '100',
    '--seed',
    '42',
    '--workers',
    String(threads),
    '--json',
  ];
  const c0 = performance.now();
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  cliMs = performance.now() - c0;
  const printed = JSON.parse(out) as { mean_old_cost: unknown; mean_new_cost: unknown };
  cliSame =
    String(printed.mean_old_cost) === String(single.mean_old_cost) && String(printed.mean_new_cost) === String(single.mean_new_cost);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const best = Math.min(singleMs, parallelMs);
const pass = best < BUDGET_MS && same;
console.log(
  JSON.stringify({
    bench: 'compare/bootstrap-100x100',
    runs: 2 * single.num_samples,
    traders: 100,
    samples: single.num_samples,
    single_thread_ms: Math.round(singleMs),
    parallel_ms: Math.round(parallelMs),
    threads,
    per_run_ms: +(singleMs / (2 * single.num_samples)).toFixed(2),
    identical_results: same,
    cli_ms: Math.round(cliMs),
    cli_same_means: cliSame,
    budget_ms: BUDGET_MS,
    pass,
  }),
);
if (!pass) {
  console.error(`compare bench: ${Math.round(best)} ms ≥ budget ${BUDGET_MS} ms${same ? '' : ' (parallel result differs!)'}`);
  if (process.env.BENCH_STRICT === '1') process.exitCode = 1;
}
