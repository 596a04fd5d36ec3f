/**
 * The text check that lets a write skip DuckDB's key check: `keyedLines` says yes only when every
 * row of the CSV text has the key as its first field, and the store takes CSV it vouched for
 * without checking keys again — while any other CSV is still checked.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyedLines, vouchKeys } from './csv-files';
import { openStore } from './open';
import { tempDir } from './test-fixtures';

const header = 'run_id,regime,day,seq,side,price,face_value';

describe('keyedLines', () => {
  it('is true when every line starts with the key and a comma', () => {
    expect(keyedLines(header, 'r1,active,1,1,buy,0.5,10\nr1,active,2,2,sell,,20\n', 'run_id', 'r1')).toBe(true);
    expect(keyedLines(header, '', 'run_id', 'r1')).toBe(true);
  });

  it('is false for another key, a key that only begins the same, or a line without its newline', () => {
    expect(keyedLines(header, 'r1,active,1\nr2,active,2\n', 'run_id', 'r1')).toBe(false);
    expect(keyedLines(header, 'r10,active,1\n', 'run_id', 'r1')).toBe(false);
    expect(keyedLines(header, 'r1,active,1', 'run_id', 'r1')).toBe(false);
  });

  it('leaves to SQL what text cannot tell: the key column not first, a key a writer would quote or DuckDB would read as NULL', () => {
    expect(keyedLines('regime,run_id', 'r1,r1\n', 'run_id', 'r1')).toBe(false);
    expect(keyedLines('run_id', 'r1\n', 'run_id', 'r1')).toBe(false);
    for (const key of ['', 'a b', 'a,b', 'a"b', 'a\nb', ' r1']) expect(keyedLines(header, `${key},active,1\n`, 'run_id', key)).toBe(false);
    // a quoted field spanning lines: its second line does not start with the key
    expect(keyedLines(header, 'r1,"two\nlines",1\n', 'run_id', 'r1')).toBe(false);
  });

  it('never vouches for a text with a row of another key (property)', () => {
    const key = fc.stringMatching(/^[A-Za-z0-9_.:+-]{1,8}$/);
    const field = fc.oneof(fc.stringMatching(/^[a-z0-9.]{0,5}$/), fc.constant('"a,\nb"'));
    const line = fc.tuple(fc.oneof(key, fc.constant('')), fc.array(field, { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(key, fc.array(line, { maxLength: 8 }), (k, lines) => {
        const body = lines.map(([first, rest]) => `${[first, ...rest].join(',')}\n`).join('');
        // every row's first field, read as a CSV reader does (quoted fields may span lines)
        const firsts: string[] = [];
        let atStart = true;
        let quoted = false;
        let cur = '';
        for (const ch of body) {
          if (atStart) cur += ch;
          if (ch === '"') quoted = !quoted;
          if (quoted) continue;
          if (ch === ',' && atStart) {
            firsts.push(cur.slice(0, -1));
            atStart = false;
          } else if (ch === '\n') {
            if (atStart) firsts.push(cur.slice(0, -1));
            atStart = true;
            cur = '';
          }
        }
        if (keyedLines(header, body, 'run_id', k)) expect(firsts.every((f) => f === k)).toBe(true);
        if (!body.includes('"')) expect(keyedLines(header, body, 'run_id', k)).toBe(firsts.every((f) => f === k));
      }),
    );
  });
});

describe('a write of vouched CSV', () => {
  it('takes its rows without checking their keys in SQL; the same CSV not vouched for is checked', async () => {
    const store = await openStore(join(tempDir(), 'vouched.duckdb'));
    const body = 'v1,active,1,1,buy,0.5,10\nv2,active,2,2,sell,0.25,20\n';
    await expect(store.writeBatch([{ table: 'trades', rows: [], csv: [{ header, body }], replaceKeys: ['v1'] }])).rejects.toThrow(
      /not among the keys written: v2/,
    );
    // The store trusts what it vouched for (the spool vouches only after keyedLines): both rows go in.
    const counts = await store.writeBatch([{ table: 'trades', rows: [], csv: [vouchKeys({ header, body })], replaceKeys: ['v1'] }]);
    expect(counts.trades).toBe(2);
    expect(await store.rows('SELECT run_id, seq FROM trades ORDER BY seq')).toEqual([
      { run_id: 'v1', seq: 1n },
      { run_id: 'v2', seq: 2n },
    ]);
    store.close();
  });
});
