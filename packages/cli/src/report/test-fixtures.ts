/**
 * Test fixtures for `ring report`: real output directories written by the real commands (engine →
 * metrics → policy-eval → export), small enough to build in about a second. Used by the report's
 * unit and browser tests only (not part of the package's entry points).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readComparisonCsv } from '@ring/export';
import { runCli } from '../program';
import { captureIO } from '../test-io';

export { captureIO };

/** Run the CLI in-process; throws with its stderr if it does not exit 0 (unless `expectCode` says otherwise). */
export async function ring(args: string[], expectCode = 0): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await runCli(args, io);
  if (code !== expectCode) throw new Error(`ring ${args.join(' ')} exited ${code} (expected ${expectCode}): ${io.err}`);
  return { code, out: io.out, err: io.err };
}

/** 3 κ × 2 c × 3 μ × 2 ρ = 36 paper2025 pairs: improved, unchanged and worsened pairs, runs of 2–13 days. */
export const SWEEP_GRID = [
  '--kappas',
  '0.25,1,4',
  '--concentrations',
  '0.5,5',
  '--mus',
  '0,0.5,1',
  '--outside-mid-ratios',
  '1,0.9',
] as const;

/** `ring sweep --preset paper2025 --detailed-logging` of {@link SWEEP_GRID} into `dir`. */
export async function writeSweepFixture(dir: string, options: { detailed?: boolean } = {}): Promise<void> {
  await ring([
    'sweep',
    '--preset',
    'paper2025',
    '--out',
    dir,
    '--workers',
    '1',
    '--no-progress',
    ...SWEEP_GRID,
    ...(options.detailed === false ? [] : ['--detailed-logging']),
  ]);
}

/**
 * Two `ring compare --out` evaluation records under `dir/evaluations/`: a bootstrap one (4 paired
 * samples: CIs of Δ and of every trader's cost) and a deterministic one (no CI).
 */
export async function writeEvaluationFixtures(dir: string, scratch: string): Promise<void> {
  const oldPolicy = join(scratch, 'old-policy.json');
  const newPolicy = join(scratch, 'new-policy.json');
  writeFileSync(oldPolicy, JSON.stringify({ version: '1.0', policy_id: 'passive', parameters: { sellEnabled: false, buyEnabled: false } }));
  writeFileSync(newPolicy, JSON.stringify({ policy_id: 'seller', parameters: { sellHorizonDays: 2 } }));
  const scenario = ['--n-agents', '10', '--kappa', '2', '--grace-days', '1'];
  await ring([
    'compare',
    '--old',
    oldPolicy,
    '--new',
    newPolicy,
    ...scenario,
    '--samples',
    '4',
    '--out',
    join(dir, 'evaluations', 'bootstrap'),
  ]);
  await ring(['compare', '--old', oldPolicy, '--new', newPolicy, ...scenario, '--out', join(dir, 'evaluations', 'deterministic')]);
}

/** The active run with the most simulated days (the most interesting time series). */
export function longestActiveRun(dir: string): string {
  const rows = readComparisonCsv(join(dir, 'aggregate', 'comparison.csv'));
  let best = rows[0]!;
  for (const r of rows) if (Number(r.final_day_active) > Number(best.final_day_active)) best = r;
  return best.active_run_id!;
}

/** Read a file as text. */
export const text = (path: string): string => readFileSync(path, 'utf8');
