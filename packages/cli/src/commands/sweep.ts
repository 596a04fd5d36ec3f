import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import { checkOutputDir, checkOutputFile, openSweepWriter } from '@ring/export';
import type { SweepManifest, SweepWriter } from '@ring/export';
import { D, keyDoc, profileNames, sweepPresets } from '@ring/engine';
import type { RunConfig } from '@ring/engine';
import type { ModelProfile } from '@ring/engine';
import type { Cell } from '@ring/metrics';
import {
  PRESET_NAMES,
  WHOLE,
  armConfig,
  formatShard,
  pairCount,
  parseShard,
  planSweep,
  runSweep,
  sweepPreset,
  createCellUncertainty,
} from '@ring/policy-eval';
import type { AxisKey, AxisValue, PresetName, ShardSpec, SweepDefinition, SweepSummary } from '@ring/policy-eval';
import { CliUsageError } from '../io';
import type { CliIO } from '../io';
import { createProgress } from '../progress';
import type { Progress } from '../progress';
import { addConfigFlags, parseSets, readConfigFile, refuseUnusedFlag, registryFlags } from '../scenario-flags';
import { guardMemory, warnWorkers } from '../size-guard';
import { openSweepStore } from './db';
import type { SweepStore } from './db';

interface SweepFlags {
  preset: PresetName;
  out: string;
  replicates: string;
  workers?: string;
  shard?: string;
  detailedLogging?: boolean;
  baseSeed?: string;
  json?: boolean;
  progress?: boolean;
  config?: string;
  set?: string[];
  db?: string;
  [grid: string]: unknown;
}

/**
 * Grid flags: every profile's sweep flags (`--kappas`, `--big-entity-shares`, …) as
 * [flag, key, help] (comma-separated lists; a boolean key's flag is a switch; contract: names never change).
 */
export const GRID_FLAGS: readonly (readonly [flag: string, key: AxisKey, help: string])[] = registryFlags('sweepFlag').map(
  (f) => [f.flag, f.doc.key, f.doc.doc] as const,
);

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

const SCALAR = new Set(['decimal', 'integer', 'boolean', 'enum']);

/** `--config` and `--set` of a sweep: keys of the preset's profile, fixed for every pair (seeds and regimes belong to the sweep). */
function fixedKeys(profile: ModelProfile, flags: SweepFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const file = flags.config ? readConfigFile(flags.config) : {};
  for (const [k, v] of [...Object.entries(file), ...parseSets(profile, flags.set)]) {
    if (k === 'profile' || k === 'schema') {
      if (k === 'profile' && v !== profile)
        throw new CliUsageError('FLAG_INVALID', `profile ${JSON.stringify(v)}: preset ${flags.preset} runs profile ${profile}`, 'config');
      continue;
    }
    if (k === 'seed') throw new CliUsageError('FLAG_INVALID', 'seed is set per pair by the sweep (use --base-seed)', 'set');
    if (k === 'regime') throw new CliUsageError('FLAG_INVALID', "regime is set by the sweep's arms (passive and active)", 'set');
    if (k.includes('.')) {
      const [head, ...rest] = k.split('.');
      const inner = out[head!] ?? file[head!];
      out[head!] = { ...(inner !== null && typeof inner === 'object' ? inner : {}), [rest.join('.')]: v };
    } else out[k] = v;
  }
  return out;
}

/**
 * Flags → sweep definition (validated by the engine and policy-eval before any run starts).
 * Precedence: the preset < `--config` < grid flags < `--set`; a grid flag the preset's profile does
 * not use is refused.
 */
export function sweepDefinitionFromFlags(flags: SweepFlags, command?: Command): SweepDefinition {
  const preset = sweepPresets().find((p) => p.name === flags.preset);
  if (!preset) throw new CliUsageError('FLAG_INVALID', `--preset must be one of ${PRESET_NAMES.join(', ')}`, 'preset');
  const profile = preset.profile;
  const grid: Record<string, AxisValue[]> = {};
  const base: Record<string, unknown> = {};
  const fix = (k: string, v: unknown) => {
    const doc = keyDoc(profile, k);
    if (doc && SCALAR.has(doc.type) && v !== null && typeof v !== 'object') grid[k] = [v as AxisValue];
    else base[k] = v;
  };
  const fixed = fixedKeys(profile, flags);
  const sets = new Set(parseSets(profile, flags.set).map(([k]) => k.split('.')[0]!));
  for (const [k, v] of Object.entries(fixed)) if (!sets.has(k)) fix(k, v);
  const gridFlags = registryFlags('sweepFlag');
  const valid = gridFlags.filter((f) => f.owners.includes(profile)).map((f) => f.flag);
  for (const f of gridFlags) {
    const v = flags[f.attr];
    const src = command?.getOptionValueSource(f.attr);
    if (v === undefined || v === false || src === 'default') continue;
    if (!f.owners.includes(profile)) refuseUnusedFlag(f, profile, valid, `preset ${flags.preset}`);
    if (f.doc.type === 'boolean') {
      grid[f.doc.key] = [true];
      continue;
    }
    const values = String(v)
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
    if (values.length === 0) throw new CliUsageError('FLAG_INVALID', `--${f.flag} needs a comma-separated list of values`, f.flag);
    grid[f.doc.key] = values;
  }
  for (const [k, v] of Object.entries(fixed)) if (sets.has(k)) fix(k, v);
  return sweepPreset(flags.preset, {
    replicates: positiveInt('replicates', flags.replicates, 1),
    grid,
    ...(Object.keys(base).length > 0 ? { base } : {}),
    baseSeed: positiveInt('base-seed', flags.baseSeed, 0),
  });
}

/**
 * The configurations at the corners of a sweep's numeric axes (each at its smallest and largest
 * value; other axes at their first): memory estimates grow monotonically with every key, so the
 * largest run of the sweep is among them.
 */
export function cornerConfigs(def: SweepDefinition): RunConfig[] {
  let cells: Record<string, AxisValue>[] = [Object.fromEntries(def.axes.map((a) => [a.key, a.values[0]!]))];
  for (const a of def.axes) {
    const type = keyDoc(def.profile, a.key)?.type;
    if (type !== 'decimal' && type !== 'integer') continue;
    const sorted = [...a.values].sort((x, y) => new D(String(x)).cmp(String(y)));
    const ends = [...new Set([sorted[0]!, sorted[sorted.length - 1]!])];
    cells = cells.flatMap((c) => ends.map((v) => ({ ...c, [a.key]: v })));
  }
  return cells.map((c) => armConfig(def, c, def.baseSeed, def.arms[1]));
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
  options: { workers: number; shard: ShardSpec; detailed: boolean; pending: number; progress: Progress; db: SweepStore | null },
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
      onPair: async (o) => {
        // the runs' files as written: the database reads its per-run tables from these texts
        const files = writer.writeRuns(o);
        await options.db?.write(o, files);
        done++;
        progress.update(done, `${((2 * done) / ((performance.now() - started) / 1000)).toFixed(0)} runs/s`);
      },
    });
  } catch (e) {
    writer.close();
    await options.db?.close();
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
    .description(`run a grid of passive/active pairs (preset ${PRESET_NAMES.join(', ')}), resumable, shardable`)
    .addOption(
      new Option(
        '--preset <preset>',
        `the sweep to run: ${sweepPresets()
          .map((p) => `${p.name} (profile ${p.profile}: ${p.summary})`)
          .join('; ')}`,
      )
        .choices([...PRESET_NAMES])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'output directory (aggregate/, runs/, manifest.json, pairs.jsonl)')
    .option('--replicates <R>', 'pairs per grid cell (seeds base + r·cells + cell)', '1')
    .option('--workers <N>', `worker threads (default: CPUs − 1 = ${defaultSweepWorkers()}; 1 runs in this thread)`)
    .option('--shard <k/n>', 'run only shard k of n (pairs with index mod n = k − 1); combine with ring merge')
    .option('--detailed-logging', 'write runs/<run_id>/ with every per-run file', false)
    .option('--base-seed <seed>', 'seed of pair 0 (default 42)')
    .option('--json', 'print the final summary as one JSON object', false)
    .option('--no-progress', 'no progress bar even on a terminal')
    .option(
      '--db <file>',
      'also write the sweep (pairs, runs, run-level and, with --detailed-logging, per-run tables) into this DuckDB database',
    );
  for (const f of registryFlags('sweepFlag')) {
    const only = f.owners.length < profileNames().length ? ` (profile ${f.owners.join(', ')} only)` : '';
    if (f.doc.type === 'boolean') cmd.option(`--${f.flag}`, `${f.doc.doc}${only}`);
    else cmd.option(`--${f.flag} <list>`, `comma-separated values of ${f.doc.doc}: ${f.doc.range} (replaces the preset's grid)${only}`);
  }
  addConfigFlags(cmd);
  cmd.action(async (flags: SweepFlags, command: Command) => {
    const startedAt = performance.now();
    const def = sweepDefinitionFromFlags(flags, command);
    const workers = positiveInt('workers', flags.workers, 1) ?? defaultSweepWorkers();
    guardMemory(cornerConfigs(def), workers, 'lower --q-totals or --n-agents, or raise --face-values');
    warnWorkers(io, workers);
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
    // --db: the pairs' rows go into the database as they finish (opened meanwhile)
    const db = typeof flags.db === 'string' ? openSweepStore(flags.db, flags.out, def, detailed) : null;
    try {
      result = await runPairs(def, writer, { workers, shard, detailed, pending: plan.pending.length, progress, db });
      runsSeconds = (performance.now() - runsStarted) / 1000;
      if (result.aborted) {
        writer.close();
        await db?.finish(plan.finished);
        throw new CliUsageError(
          'INTERRUPTED',
          `interrupted after ${plan.finished.length + result.executed} of ${plan.shardIndices.length} pairs; ` +
            `finished pairs are in ${join(flags.out, 'pairs.jsonl')} — rerun the same command to resume`,
        );
      }
      // aggregate/ is written while DuckDB checkpoints what was committed (a failure: finish throws it)
      await db?.commit();
      try {
        stats = aggregate(def, writer, shard, progress);
      } catch (e) {
        await db?.close();
        throw e;
      }
      await db?.finish(plan.finished);
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
