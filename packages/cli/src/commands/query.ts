import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import type { RingStore } from '@ring/store';
import { CliUsageError } from '../io';
import type { CliIO } from '../io';
import { lockTimeoutMs } from './db';

/**
 * Open what `ring query` and `ring export` read: a database file (read-only), or a run or sweep
 * output directory (views over its CSV files, nothing copied).
 */
export async function openSource(source: string): Promise<RingStore> {
  const { openDirectory, openStore } = await import('@ring/store');
  if (!existsSync(source)) throw new CliUsageError('FILE_INVALID', `${source}: no such database or directory`);
  return statSync(source).isDirectory() ? openDirectory(source) : openStore(source, { readOnly: true, lockTimeoutMs: lockTimeoutMs() });
}

/** Register `ring query`. */
export function registerQuery(program: Command, io: CliIO): Command {
  return program
    .command('query')
    .description('run SQL on a results database (--db) or straight on a run or sweep output directory')
    .argument('<source>', 'a database written with --db, or an output directory (runs/, aggregate/)')
    .argument('<sql>', 'one SQL query (DuckDB dialect); tables: runs, pairs, trades, … (ring query SOURCE "show tables")')
    .option('--json', 'print one JSON array of row objects (BIGINT as a number when safe, else a string)', false)
    .option('--csv', 'print CSV (header row; null as the empty field)', false)
    .action(async (source: string, sql: string, flags: { json?: boolean; csv?: boolean }) => {
      if (flags.json && flags.csv) throw new CliUsageError('FLAG_INVALID', '--json and --csv exclude each other', 'csv');
      const { query, resultCsv, resultJson, resultText } = await import('@ring/store');
      const store = await openSource(source);
      try {
        const result = await query(store, sql);
        io.stdout(flags.json ? resultJson(result) : flags.csv ? resultCsv(result) : resultText(result));
      } finally {
        store.close();
      }
    });
}
