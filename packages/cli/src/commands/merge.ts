import { join } from 'node:path';
import type { Command } from 'commander';
import { checkOutputDir, checkOutputFile, mergeSweepShards } from '@ring/export';
import { CliUsageError } from '../io';
import type { CliIO } from '../io';
import { lockTimeoutMs } from './db';

/** `ring merge --db OUT SHARD.duckdb …`: the shards' rows upserted into OUT. */
async function mergeDatabases(io: CliIO, out: string, shards: readonly string[], json: boolean): Promise<void> {
  const { mergeStores } = await import('@ring/store');
  const r = await mergeStores(out, shards, { lockTimeoutMs: lockTimeoutMs() });
  if (json) {
    io.stdout(`${JSON.stringify({ db: out, shards: r.sources, rows: r.rows })}\n`);
    return;
  }
  io.stdout(
    `ring merge — ${r.sources} shard databases → ${out}: ${r.rows.pairs ?? 0} pairs, ${r.rows.runs ?? 0} runs, ${r.rows.trades ?? 0} trades\n`,
  );
}

/** Register `ring merge`. */
export function registerMerge(program: Command, io: CliIO): Command {
  return program
    .command('merge')
    .description('combine the output directories (or databases) of all shards of one sweep into the output of one unsharded sweep')
    .argument('<shards...>', 'shard output directories (every k of --shard k/n, each finished); with --db, shard databases')
    .option('--out <dir>', 'new output directory for the merged sweep')
    .option('--db <file>', 'merge shard databases (written with --db) into this database (created if missing)')
    .option('--json', 'print one JSON object', false)
    .action(async (shards: string[], flags: { out?: string; db?: string; json?: boolean }) => {
      if ((flags.out === undefined) === (flags.db === undefined)) {
        throw new CliUsageError('FLAG_INVALID', 'give either --out DIR (shard directories) or --db FILE (shard databases)', 'out');
      }
      if (flags.db !== undefined) {
        checkOutputFile(flags.db, { field: 'db' });
        return mergeDatabases(io, flags.db, shards, Boolean(flags.json));
      }
      checkOutputDir(flags.out!, 'sweep');
      const r = mergeSweepShards(shards, flags.out!);
      if (flags.json) {
        io.stdout(
          `${JSON.stringify({ out: flags.out, shards: r.shards, pairs: r.pairs, run_directories: r.runDirectories, files: r.files, summary: r.summary })}\n`,
        );
        return;
      }
      const s = r.summary;
      io.stdout(
        `ring merge — ${r.shards} shards, ${r.pairs} pairs${r.runDirectories > 0 ? `, ${r.runDirectories} run directories` : ''} → ${join(flags.out!, 'aggregate')}/\n` +
          `  mean Δ ${s.mean_trading_effect ?? '–'}   improved / unchanged / worsened: ${s.pairs_with_improvement} / ${s.pairs_unchanged} / ${s.pairs_worsened}\n`,
      );
    });
}
