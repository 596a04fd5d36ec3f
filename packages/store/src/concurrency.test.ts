/**
 * Two real processes writing one database file: DuckDB lets one process have a file open at a
 * time; the other waits (bounded retries) and then writes, so nothing is lost or corrupted. A
 * wait that runs out is a one-line DB_LOCKED error.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from './open';
import { StoreError } from './errors';
import { tempDir } from './test-fixtures';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const script = join(pkg, 'test', 'fixtures', 'writer.ts');

function writer(db: string, label: string, batches: number, holdMs: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, db, label, String(batches), String(holdMs)], { cwd: pkg });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe('two processes, one database', () => {
  it('both writers succeed, every row is there once, the file is sound', async () => {
    const db = join(tempDir(), 'shared.duckdb');
    (await openStore(db)).close();
    const [a, b] = await Promise.all([writer(db, 'A', 4, 150), writer(db, 'B', 4, 150)]);
    expect(a).toEqual({ code: 0, out: 'done\n' });
    expect(b).toEqual({ code: 0, out: 'done\n' });
    const store = await openStore(db, { readOnly: true });
    const counts = await store.rows(
      'SELECT sweep_id, count(*) AS n, count(DISTINCT pair_index) AS k FROM sweep_pairs GROUP BY sweep_id ORDER BY sweep_id',
    );
    expect(counts).toEqual([
      { sweep_id: 'A', n: 200n, k: 200n },
      { sweep_id: 'B', n: 200n, k: 200n },
      { sweep_id: 'shared', n: 200n, k: 200n },
    ]);
    store.close();
  });

  it('gives up with DB_LOCKED after the wait it was allowed', async () => {
    const db = join(tempDir(), 'held.duckdb');
    (await openStore(db)).close();
    const holder = writer(db, 'H', 1, 6000);
    // wait until the holder has the file
    for (let i = 0; i < 200; i++) {
      try {
        (await openStore(db, { lockTimeoutMs: 0 })).close();
        await new Promise((r) => setTimeout(r, 25));
      } catch {
        break;
      }
    }
    const err = await openStore(db, { lockTimeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('DB_LOCKED');
    expect((err as StoreError).message).toMatch(/another process has the database open/);
    expect((await holder).code).toBe(0);
  });
});
