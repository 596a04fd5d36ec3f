import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Option } from 'commander';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { FileFormatError, SweepOutputError, openSweepWriter, readSweepAggregate } from '@ring/export';
import type { SweepManifest } from '@ring/export';
import {
  PRESET_NAMES,
  WHOLE,
  formatShard,
  pairCount,
  parseShard,
  planSweep,
  runSweep,
  sweepPreset,
  uncertaintyTables,
} from '@ring/policy-eval';
import type { AxisKey, PresetName, SweepDefinition, SweepSummary } from '@ring/policy-eval';
import { CliUsageError } from '../io';
import type { CliIO } from '../io';
import { openSweepStore } from './db';

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

/**
 * Run a command body, reporting file-level problems (a different sweep in --out, unfinished
 * shards, a malformed CSV) as user errors: `error: …` and exit code 2 instead of a stack trace.
 */
export async function asUserErrors<T>(body: () => T | Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof SweepOutputError || e instanceof FileFormatError) throw new CliUsageError(e.code, e.message);
    throw e;
  }
}

const fmt = (x: number | null) => (x === null ? '–' : String(x));

function summaryText(
  def: SweepDefinition,
  manifest: SweepManifest,
  out: string,
  s: SweepSummary,
  run: { executed: number; skipped: number; seconds: number; workers: number },
  ciLine: string | null,
): string {
  const runsPerSecond = run.seconds > 0 ? (2 * run.executed) / run.seconds : 0;
  const lines = [
    `ring sweep — preset ${def.preset ?? 'custom'} (profile ${def.profile}), ${pairCount(def)} pairs × 2 arms, R = ${def.replicates}` +
      (manifest.shard.count > 1 ? `, shard ${manifest.shard_label} (${manifest.shard_pairs} pairs)` : ''),
    `  ran ${run.executed} pairs (${2 * run.executed} runs) in ${run.seconds.toFixed(2)} s — ${runsPerSecond.toFixed(0)} runs/s, ` +
      `${run.workers} worker${run.workers === 1 ? '' : 's'}${run.skipped > 0 ? `; ${run.skipped} pairs already done (resumed)` : ''}`,
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
  cmd.action((flags: SweepFlags) =>
    asUserErrors(async () => {
      const def = sweepDefinitionFromFlags(flags);
      const workers = positiveInt('workers', flags.workers, 1) ?? defaultSweepWorkers();
      const shard = flags.shard ? parseShard(flags.shard) : WHOLE;
      const detailed = Boolean(flags.detailedLogging);
      const writer = openSweepWriter({ outDir: flags.out, definition: def, shard, detailed });
      const plan = planSweep(def, shard, writer.finished);
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const bar =
        io.isTTY && flags.progress !== false && plan.pending.length > 0
          ? new cliProgress.SingleBar(
              {
                format: 'sweep |{bar}| {value}/{total} pairs | {rate} runs/s | ETA {eta_formatted}',
                stream: process.stderr,
                hideCursor: true,
                clearOnComplete: true,
                etaBuffer: 50,
              },
              cliProgress.Presets.shades_classic,
            )
          : null;
      const db = typeof flags.db === 'string' ? openSweepStore(flags.db, flags.out, def, detailed) : null;
      const started = performance.now();
      bar?.start(plan.pending.length, 0, { rate: '0' });
      let done = 0;
      let result: Awaited<ReturnType<typeof runSweep>>;
      try {
        result = await runSweep(def, {
          workers,
          shard,
          finished: writer.finished,
          detailed,
          signal: controller.signal,
          onPair: async (o) => {
            writer.write(o);
            await db?.write(o);
            done++;
            if (bar) bar.update(done, { rate: ((2 * done) / ((performance.now() - started) / 1000)).toFixed(0) });
          },
        });
      } catch (e) {
        writer.close();
        await db?.close();
        throw e;
      } finally {
        bar?.stop();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const seconds = (performance.now() - started) / 1000;
      if (result.aborted) {
        writer.close();
        await db?.finish(plan.finished);
        throw new CliUsageError(
          'INTERRUPTED',
          `interrupted after ${plan.finished.length + result.executed} of ${plan.shardIndices.length} pairs; ` +
            `finished pairs are in ${join(flags.out, 'pairs.jsonl')} — rerun the same command to resume`,
        );
      }
      const agg = writer.finish();
      await db?.finish(plan.finished);
      let ciLine: string | null = null;
      let uncertainty: Record<string, unknown> | null = null;
      if (def.replicates >= 2 && shard.count === 1) {
        const files = readSweepAggregate(flags.out);
        const u = uncertaintyTables(
          {
            comparison: files.comparison,
            strategyOutcomes: [],
            dealerUsage: [],
          },
          { bootstrapSeed: def.baseSeed },
        );
        const cells = u[0]!.rows.find((r) => r.scope === 'cells')!;
        uncertainty = cells;
        const share = (x: unknown) => (typeof x === 'number' ? `${(100 * x).toFixed(1)}%` : '–');
        ciLine = `  cells whose 95% CI of Δ excludes zero: ${share(cells.share_t_excluding_zero)} (t), ${share(cells.share_boot_excluding_zero)} (bootstrap) of ${String(cells.groups_with_t_ci)} cells`;
      }
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
            seconds,
            runs_per_second: seconds > 0 ? (2 * run.executed) / seconds : null,
            workers: run.workers,
            summary: agg.summary,
            uncertainty,
          })}\n`,
        );
      } else {
        io.stdout(summaryText(def, writer.manifest, flags.out, agg.summary, run, ciLine));
      }
    }),
  );
  return cmd;
}
