import { join } from 'node:path';
import type { Command } from 'commander';
import { checkOutputDir, mergeSweepShards } from '@ring/export';
import type { CliIO } from '../io';

/** Register `ring merge`. */
export function registerMerge(program: Command, io: CliIO): Command {
  return program
    .command('merge')
    .description('combine the output directories of all shards of one sweep into the output of one unsharded sweep')
    .argument('<shards...>', 'shard output directories (every k of --shard k/n, each finished)')
    .requiredOption('--out <dir>', 'new output directory for the merged sweep')
    .option('--json', 'print one JSON object', false)
    .action((shards: string[], flags: { out: string; json?: boolean }) => {
      checkOutputDir(flags.out, 'sweep');
      const r = mergeSweepShards(shards, flags.out);
      if (flags.json) {
        io.stdout(
          `${JSON.stringify({ out: flags.out, shards: r.shards, pairs: r.pairs, run_directories: r.runDirectories, files: r.files, summary: r.summary })}\n`,
        );
        return;
      }
      const s = r.summary;
      io.stdout(
        `ring merge — ${r.shards} shards, ${r.pairs} pairs${r.runDirectories > 0 ? `, ${r.runDirectories} run directories` : ''} → ${join(flags.out, 'aggregate')}/\n` +
          `  mean Δ ${s.mean_trading_effect ?? '–'}   improved / unchanged / worsened: ${s.pairs_with_improvement} / ${s.pairs_unchanged} / ${s.pairs_worsened}\n`,
      );
    });
}
