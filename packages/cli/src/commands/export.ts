import { join } from 'node:path';
import type { Command } from 'commander';
import { checkOutputDir } from '@ring/export';
import type { CliIO } from '../io';
import { openSource } from './query';

/** Register `ring export`. */
export function registerExport(program: Command, io: CliIO): Command {
  return program
    .command('export')
    .description('write every table of a results database (or output directory) as Parquet files')
    .argument('<source>', 'a database written with --db, or a run or sweep output directory')
    .requiredOption('--parquet <dir>', 'write DIR/<table>.parquet, one file per table')
    .option('--overwrite', 'replace existing .parquet files in DIR', false)
    .option('--json', 'print one JSON object (files and row counts)', false)
    .action(async (source: string, flags: { parquet: string; overwrite?: boolean; json?: boolean }) => {
      checkOutputDir(flags.parquet, null, { field: 'parquet' });
      const { exportParquet } = await import('@ring/store');
      const store = await openSource(source);
      try {
        const r = await exportParquet(store, flags.parquet, { overwrite: Boolean(flags.overwrite) });
        if (flags.json) {
          io.stdout(
            `${JSON.stringify({ dir: flags.parquet, files: r.files.map((f) => ({ table: f.table, file: f.file, rows: f.rows })) })}\n`,
          );
          return;
        }
        const rows = r.files.reduce((n, f) => n + f.rows, 0);
        io.stdout(`ring export — ${r.files.length} tables, ${rows} rows → ${join(flags.parquet, '<table>.parquet')}\n`);
      } finally {
        store.close();
      }
    });
}
