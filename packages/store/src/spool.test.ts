/**
 * The spool of a sweep writer: each per-run table's lines, under each header, gathered in one
 * temporary file, written a chunk at a time — every line there, in order, once `writes()` hands
 * the files over, and nothing left after `discard()`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from './open';
import { CsvSpool } from './spool';
import { PER_RUN_TABLES } from './sweep-store';
import { tempDir } from './test-fixtures';

const header = 'run_id,regime,day,seq,side,price,face_value';
const run = (id: string, lines: number) => ({
  runId: id,
  files: [
    ['trades.csv', `${header}\n${Array.from({ length: lines }, (_, k) => `${id},active,${k},${k},buy,0.5,10`).join('\n')}\n`],
  ] as const,
});
const lineCount = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '').length;
/** The spool's one file, once its stream has created it. */
async function spoolFile(): Promise<string> {
  for (let i = 0; i < 500 && readdirSync(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  return join(dir, readdirSync(dir)[0]!);
}

let previous: string | undefined;
let dir: string;
beforeEach(() => {
  previous = process.env.TMPDIR;
  dir = tempDir('ring-spool-unit-');
  process.env.TMPDIR = dir;
});
afterEach(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
});

describe('CsvSpool', () => {
  it('writes a chunk once enough lines are queued, holds the rest until writes(), and hands over every line in order', async () => {
    const spool = new CsvSpool(PER_RUN_TABLES, 1000);
    spool.add([run('a', 40)]); // about 1,300 characters: one chunk written at once
    spool.add([run('b', 3)]); // queued
    const file = await spoolFile();
    for (let i = 0; i < 500 && lineCount(file) < 41; i++) await new Promise((r) => setTimeout(r, 5));
    expect(lineCount(file)).toBe(41); // the header and a's lines; b's still wait
    const trades = (await spool.writes()).find((w) => (typeof w.table === 'string' ? w.table : w.table.name) === 'trades')!;
    expect(trades.replaceKeys).toEqual(['a', 'b']);
    expect(trades.csv).toEqual([{ header, file }]);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(
      `${header}\n${run('a', 40).files[0][1].split('\n').slice(1).join('\n')}${run('b', 3).files[0][1].split('\n').slice(1).join('\n')}`,
    );
    await spool.discard();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with the default chunk, the lines of a small sweep wait in memory and reach the file whole', async () => {
    const spool = new CsvSpool(PER_RUN_TABLES);
    for (const id of ['a', 'b', 'c']) spool.add([run(id, 5)]);
    const file = await spoolFile();
    await new Promise((r) => setTimeout(r, 50));
    expect(lineCount(file)).toBe(1);
    await spool.writes();
    expect(lineCount(file)).toBe(16);
    await spool.discard();
  });

  it("vouches for a file's keys only when every line has its run's id: a line of another run is still refused by the store", async () => {
    const store = await openStore(join(tempDir('ring-spool-db-'), 'spool.duckdb'));
    const write = async (runs: Parameters<CsvSpool['add']>[0]) => {
      const spool = new CsvSpool(PER_RUN_TABLES);
      spool.add(runs);
      try {
        return await store.writeBatch(await spool.writes());
      } finally {
        await spool.discard();
      }
    };
    expect((await write([run('a', 3), run('b', 2)])).trades).toBe(5);
    const stray = run('c', 2);
    const wrong = { runId: 'c', files: [['trades.csv', stray.files[0][1].replace('\nc,', '\nz,')]] as const };
    await expect(write([wrong])).rejects.toThrow(/not among the keys written: z/);
    expect(await store.rows('SELECT run_id, count(*) AS n FROM trades GROUP BY run_id ORDER BY run_id')).toEqual([
      { run_id: 'a', n: 3n },
      { run_id: 'b', n: 2n },
    ]);
    store.close();
  });
});
