import { join } from 'node:path';
import type { Command } from 'commander';
import { checkOutputDir, readSweepAggregate, writeTables } from '@ring/export';
import { DEFAULT_BOOTSTRAP_RESAMPLES, paperTables, tablesMarkdown, uncertaintyTables } from '@ring/policy-eval';
import type { PaperTable } from '@ring/policy-eval';
import { CliUsageError } from '../io';
import type { CliIO } from '../io';

interface TablesFlags {
  out?: string;
  resamples: string;
  bootstrapSeed?: string;
  json?: boolean;
}

function int(flag: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < min)
    throw new CliUsageError('FLAG_INVALID', `--${flag} must be an integer ≥ ${min} (got ${JSON.stringify(v)})`, flag);
  return Number(v);
}

/** Every table of a sweep directory: the paper's tables and the replicate-uncertainty tables. */
export function sweepTables(
  dir: string,
  options: { resamples?: number; bootstrapSeed?: number } = {},
): { tables: PaperTable[]; markdown: string } {
  const files = readSweepAggregate(dir);
  const inputs = {
    comparison: files.comparison,
    strategyOutcomes: files.strategyOutcomes,
    dealerUsage: files.dealerUsage,
    strategyOutcomes2025: files.strategyOutcomes2025,
    dealerUsage2025: files.dealerUsage2025,
  };
  const config = (files.summary?.config ?? {}) as { base_seed?: number };
  const seed = options.bootstrapSeed ?? (typeof config.base_seed === 'number' ? config.base_seed : 42);
  const tables = [...paperTables(inputs), ...uncertaintyTables(inputs, { bootstrapSeed: seed, resamples: options.resamples })];
  const profile = typeof files.summary?.profile === 'string' ? ` — profile ${files.summary.profile}` : '';
  const markdown = tablesMarkdown(tables, `Sweep tables${profile}, ${files.comparison.length} pairs`);
  return { tables, markdown };
}

/** Register `ring tables`. */
export function registerTables(program: Command, io: CliIO): Command {
  return program
    .command('tables')
    .description(
      'generate every paper table (1–16, headline, §8.5, §9.4, …; published and corrected definitions) and replicate CIs from a sweep directory',
    )
    .argument('<dir>', 'sweep output directory (reads aggregate/)')
    .option('--out <dir>', 'where to write the CSV files and tables.md (default: DIR/tables)')
    .option('--resamples <B>', 'bootstrap resamples for the replicate CIs (0 = none)', String(DEFAULT_BOOTSTRAP_RESAMPLES))
    .option('--bootstrap-seed <seed>', "seed of the bootstrap streams (default: the sweep's base seed)")
    .option('--json', 'print the list of files as JSON', false)
    .action((dir: string, flags: TablesFlags) => {
      const out = flags.out ?? join(dir, 'tables');
      checkOutputDir(out, 'tables');
      const { tables, markdown } = sweepTables(dir, {
        resamples: int('resamples', flags.resamples, 0),
        bootstrapSeed: int('bootstrap-seed', flags.bootstrapSeed, 0),
      });
      const names = writeTables(out, tables, markdown);
      if (flags.json) io.stdout(`${JSON.stringify({ out, files: names })}\n`);
      else io.stdout(`ring tables — ${tables.length} tables → ${out}/ (${names.length - 1} CSV files and tables.md)\n`);
    });
}
