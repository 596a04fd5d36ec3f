import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { checkOutputDir, checkOutputFile, openSweepWriter } from '@ring/export';
import type { SweepManifest, SweepWriter } from '@ring/export';
import type { Cell } from '@ring/metrics';
import {
  PRESET_NAMES,
  WHOLE,
  formatShard,
  pairCount,
  parseShard,
  planSweep,
  runSweep,
  sweepPreset,
  createCellUncertainty,
} from '@ring/policy-eval';
import type { AxisKey, PresetName, ShardSpec, SweepDefinition, SweepSummary } from '@ring/policy-eval';
import { CliUsageError } from '../io';
import type { CliIO } from '../io';
import { createProgress } from '../progress';
import type { Progress } from '../progress';
import { storeSweep } from './db';

interface SweepFlags {
  preset: PresetName;
  out: string;
  replicates: string;
  workers?: string;
  shard?: string;
  detailedLogging?: boolean;
  emulateDisplayAbort?: boolean;
  baseSeed?: string;
  json?: boolean;
  progress?: boolean;
  db?: string;
  [grid: string]: unknown;
}

/** Grid override flags: flag → engine key (comma-separated lists; contract: names never change). */
export const GRID_FLAGS: readonly (readonly [flag: string, key: AxisKey, help: string])[] = [
  ['kappas', 'kappa', 'debt-to-money ratios κ'],
  ['concentrations', 'concentration', 'Dirichlet concentrations c'],
  ['mus', 'mu', 'maturity lead parameters μ'],
  ['outside-mid-ratios', 'outsideMidRatio', 'outside mid ratios ρ'],
  ['monotonicities', 'monotonicity', 'monotonicities'],
  ['n-agents', 'nAgents', 'ring sizes N'],
  ['maturity-days', 'maturityDays', 'maturity horizons T'],
  ['q-totals', 'qTotal', 'total ring faces Q'],
  ['face-values', 'ticketSize', 'ticket sizes S'],
  ['big-entity-shares', 'bigEntityShare', 'big-entity shares β (paper2025)'],
];

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function positiveInt(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new CliUsageError('FLAG_INVALID', `--${flag} must be an integer ≥ ${min} (got ${JSON.stringify(v)})`, flag);
  }
  return Number(v);
}

/** Default worker count: one thread per CPU but one, left to V8's GC/compiler threads and the writer. */
export function defaultSweepWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** Flags → sweep definition (validated by the engine and policy-eval before any run starts). */
export function sweepDefinitionFromFlags(flags: SweepFlags): SweepDefinition {
  if (!(PRESET_NAMES as readonly string[]).includes(flags.preset)) {
    throw new CliUsageError('FLAG_INVALID', `--preset must be one of ${PRESET_NAMES.join(', ')}`, 'preset');
  }
  if (flags.emulateDisplayAbort && flags.preset !== 'paper2025') {
    throw new CliUsageError('FLAG_INVALID', '--emulate-display-abort applies to --preset paper2025 only', 'emulate-display-abort');
  }
  const grid: Partial<Record<AxisKey, string[]>> = {};
  for (const [flag, key] of GRID_FLAGS) {
    const v = flags[camel(flag)];
    if (typeof v !== 'string') continue;
    const values = v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (values.length === 0) throw new CliUsageError('FLAG_INVALID', `--${flag} needs a comma-separated list of values`, flag);
    grid[key] = values;
  }
  return sweepPreset(flags.preset, {
    replicates: positiveInt('replicates', flags.replicates, 1),
    emulateDisplayAbort: flags.preset === 'paper2025' ? Boolean(flags.emulateDisplayAbort) : undefined,
    grid,
    baseSeed: positiveInt('base-seed', flags.baseSeed, 0),
  });
}

const fmt = (x: number | null) => (x === null ? '–' : String(x));

/** How long the sweep took: `wall` from the start of the command to the last file, `runs` running pairs. */
interface SweepTimes {
  readonly wall: number;
  readonly runs: number;
}

function summaryText(
  def: SweepDefinition,
  manifest: SweepManifest,
  out: string,
  s: SweepSummary,
  run: { executed: number; skipped: number; seconds: SweepTimes; workers: number },
  ciLine: string | null,
): string {
  const t = run.seconds;
  const runsPerSecond = t.runs > 0 ? (2 * run.executed) / t.runs : 0;
  const lines = [
    `ring sweep — preset ${def.preset ?? 'custom'} (profile ${def.profile}), ${pairCount(def)} pairs × 2 arms, R = ${def.replicates}` +
      (manifest.shard.count > 1 ? `, shard ${manifest.shard_label} (${manifest.shard_pairs} pairs)` : ''),
    `  ran ${run.executed} pairs (${2 * run.executed} runs) in ${t.wall.toFixed(2)} s — ${runsPerSecond.toFixed(0)} runs/s, ` +
      `${run.workers} worker${run.workers === 1 ? '' : 's'}${run.skipped > 0 ? `; ${run.skipped} pairs already done (resumed)` : ''}` +
      ` (wall time: ${t.runs.toFixed(2)} s running pairs, ${(t.wall - t.runs).toFixed(2)} s writing aggregate/ and statistics)`,
    `  mean δ_passive ${fmt(s.mean_delta_passive)}   mean δ_active ${fmt(s.mean_delta_active)}`,
    `  mean Δ ${fmt(s.mean_trading_effect)}   mean relief ratio ${fmt(s.mean_relief_ratio)}`,
    `  improved / unchanged / worsened: ${s.pairs_with_improvement} / ${s.pairs_unchanged} / ${s.pairs_worsened}` +
      (s.completed_pairs < s.total_pairs ? `   (${s.total_pairs - s.completed_pairs} pairs failed)` : ''),
  ];
  if (ciLine) lines.push(ciLine);
  lines.push(
    `  outputs: ${join(out, 'aggregate')}/ (comparison.csv, summary.json, strategy_outcomes_by_run.csv, dealer_usage_by_run.csv)` +
      (manifest.detailed_logging ? `, ${join(out, 'runs')}/<run_id>/` : ''),
  );
  lines.push(`  tables: ring tables ${out}`);
  return `${lines.join('\n')}\n`;
}

/** Run the pending pairs, journaling each as it arrives; Ctrl-C / SIGTERM stop cleanly. */
async function runPairs(
  def: SweepDefinition,
  writer: SweepWriter,
  options: { workers: number; shard: ShardSpec; detailed: boolean; pending: number; progress: Progress },
): Promise<Awaited<ReturnType<typeof runSweep>>> {
  const { progress } = options;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = performance.now();
  progress.phase('sweep', options.pending, 'pairs');
  let done = 0;
  try {
    return await runSweep(def, {
      workers: options.workers,
      shard: options.shard,
      finished: writer.finished,
      detailed: options.detailed,
      signal: controller.signal,
      onPair: (o) => {
        writer.write(o);
        done++;
        progress.update(done, `${((2 * done) / ((performance.now() - started) / 1000)).toFixed(0)} runs/s`);
      },
    });
  } catch (e) {
    writer.close();
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * Write aggregate/ (streamed from the journal) and, for replicates of an unsharded sweep, the
 * share of grid cells whose 95% CI of Δ excludes zero — keeping only each pair's cell and Δ, so
 * memory stays flat in the number of pairs. Both steps show on the progress bar.
 */
function aggregate(
  def: SweepDefinition,
  writer: SweepWriter,
  shard: ShardSpec,
  progress: Progress,
): { summary: SweepSummary; uncertainty: Record<string, Cell> | null } {
  const cells = def.replicates >= 2 && shard.count === 1 ? createCellUncertainty({ bootstrapSeed: def.baseSeed }) : null;
  progress.phase('aggregate', writer.manifest.shard_pairs, 'pairs written');
  const agg = writer.finish({
    onRecord: cells ? (r) => cells.add(r.index, r.comparison) : undefined,
    onProgress: (done) => progress.update(done),
  });
  if (!cells) return { summary: agg.summary, uncertainty: null };
  progress.phase('replicate CIs', cells.cells, 'cells');
  return { summary: agg.summary, uncertainty: cells.summary((done) => progress.update(done)) };
}

function ciText(cells: Record<string, Cell>): string {
  const share = (x: unknown) => (typeof x === 'number' ? `${(100 * x).toFixed(1)}%` : '–');
  return `  cells whose 95% CI of Δ excludes zero: ${share(cells.share_t_excluding_zero)} (t), ${share(cells.share_boot_excluding_zero)} (bootstrap) of ${String(cells.groups_with_t_ci)} cells`;
}

/** Register `ring sweep`. */
export function registerSweep(program: Command, io: CliIO): Command {
  const cmd = program
    .command('sweep')
    .description('run a grid of passive/active pairs (preset paper2025 or spec-default), resumable, shardable')
    .addOption(new Option('--preset <preset>', 'the sweep to run').choices([...PRESET_NAMES]).makeOptionMandatory())
    .requiredOption('--out <dir>', 'output directory (aggregate/, runs/, manifest.json, pairs.jsonl)')
    .option('--replicates <R>', 'pairs per grid cell (seeds base + r·cells + cell)', '1')
    .option('--workers <N>', `worker threads (default: CPUs − 1 = ${defaultSweepWorkers()}; 1 runs in this thread)`)
    .option('--shard <k/n>', 'run only shard k of n (pairs with index mod n = k − 1); combine with ring merge')
    .option('--detailed-logging', 'write runs/<run_id>/ with every per-run file', false)
    .option('--emulate-display-abort', 'paper2025: reproduce the published numbers (display abort)', false)
    .option('--base-seed <seed>', 'seed of pair 0 (default 42)')
    .option('--json', 'print the final summary as one JSON object', false)
    .option('--no-progress', 'no progress bar even on a terminal')
    .option(
      '--db <file>',
      'also write the sweep (pairs, runs, run-level and, with --detailed-logging, per-run tables) into this DuckDB database',
    );
  for (const [flag, , help] of GRID_FLAGS) cmd.option(`--${flag} <list>`, `comma-separated ${help} (replaces the preset's grid)`);
  cmd.action(async (flags: SweepFlags) => {
    const startedAt = performance.now();
    const def = sweepDefinitionFromFlags(flags);
    const workers = positiveInt('workers', flags.workers, 1) ?? defaultSweepWorkers();
    const shard = flags.shard ? parseShard(flags.shard) : WHOLE;
    const detailed = Boolean(flags.detailedLogging);
    checkOutputDir(flags.out, 'sweep');
    if (typeof flags.db === 'string') checkOutputFile(flags.db, { field: 'db' });
    const writer = openSweepWriter({ outDir: flags.out, definition: def, shard, detailed });
    const plan = planSweep(def, shard, writer.finished);
    const progress = createProgress(io.isTTY && flags.progress !== false, io.progress);
    let result: Awaited<ReturnType<typeof runSweep>>;
    let stats: ReturnType<typeof aggregate>;
    const runsStarted = performance.now();
    let runsSeconds = 0;
    try {
      result = await runPairs(def, writer, { workers, shard, detailed, pending: plan.pending.length, progress });
      runsSeconds = (performance.now() - runsStarted) / 1000;
      if (result.aborted) {
        writer.close();
        throw new CliUsageError(
          'INTERRUPTED',
          `interrupted after ${plan.finished.length + result.executed} of ${plan.shardIndices.length} pairs; ` +
            `finished pairs are in ${join(flags.out, 'pairs.jsonl')} — rerun the same command to resume`,
        );
      }
      stats = aggregate(def, writer, shard, progress);
      if (typeof flags.db === 'string') await storeSweep(flags.db, flags.out, def, detailed);
    } finally {
      progress.stop();
    }
    const seconds: SweepTimes = { wall: (performance.now() - startedAt) / 1000, runs: runsSeconds };
    const run = { executed: result.executed, skipped: plan.finished.length, seconds, workers: result.workers };
    if (flags.json) {
      io.stdout(
        `${JSON.stringify({
          out: flags.out,
          shard: formatShard(shard),
          pairs_total: pairCount(def),
          pairs_in_shard: plan.shardIndices.length,
          pairs_run: run.executed,
          pairs_resumed: run.skipped,
          seconds: seconds.runs,
          runs_per_second: seconds.runs > 0 ? (2 * run.executed) / seconds.runs : null,
          workers: run.workers,
          summary: stats.summary,
          uncertainty: stats.uncertainty,
          wall_seconds: seconds.wall,
        })}\n`,
      );
    } else {
      io.stdout(summaryText(def, writer.manifest, flags.out, stats.summary, run, stats.uncertainty ? ciText(stats.uncertainty) : null));
    }
  });
  return cmd;
}
