/** The journal read line by line: locations, torn last lines, duplicates, reading one line back. */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executePair, sweepPreset } from '@ring/policy-eval';
import type { PairRecord } from '@ring/policy-eval';
import { afterAll, describe, expect, it } from 'vitest';
import { FileFormatError, SWEEP_FILES, readJournal } from './index';
import { openJournal, readJournalRecord, scanJournal } from './manifest';
import type { JournalLocation } from './manifest';

const root = mkdtempSync(join(tmpdir(), 'ring-journal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const def = sweepPreset('paper2025', { grid: { kappa: ['1'], outsideMidRatio: ['1'] } });
const records: PairRecord[] = Array.from({ length: 6 }, (_, i) => executePair(def, i).record);

describe('scanJournal / readJournalRecord', () => {
  it('visits each record once with the location append returned, and reads it back from there', () => {
    const journal = openJournal(root, null, null);
    const appended = records.map((r) => journal.append(r));
    journal.append(records[2]!); // journaled twice (a rerun after a crash between writes)
    journal.close();
    const seen: [number, JournalLocation][] = [];
    const res = scanJournal(root, (r, at) => seen.push([r.index, at]));
    expect(res).toEqual({ count: 6, truncatedAt: null });
    expect(seen).toEqual(records.map((r, i) => [r.index, appended[i]]));
    for (const [i, at] of seen) expect(readJournalRecord(root, at)).toEqual(records[i]);
    expect(readJournal(root).records).toEqual(records);
  });

  it('stops at a torn last line; reopening cuts it in place, keeping every location', () => {
    const size = readFileSync(join(root, SWEEP_FILES.journal)).length;
    appendFileSync(join(root, SWEEP_FILES.journal), '{"index":9,"compar');
    const seen: JournalLocation[] = [];
    const res = scanJournal(root, (_, at) => seen.push(at));
    expect(res).toEqual({ count: 6, truncatedAt: size });
    const journal = openJournal(root, null, res.truncatedAt);
    const at = journal.append(records[5]!);
    journal.close();
    expect(at.offset).toBe(size);
    expect(readJournalRecord(root, seen[0]!)).toEqual(records[0]);
    expect(readJournalRecord(root, at)).toEqual(records[5]);
  });

  it('lines that straddle the 1 MiB read chunks (multi-byte text included) are read whole', () => {
    const dir = join(root, 'big');
    mkdirSync(dir);
    const journal = openJournal(dir, null, null);
    // real records under other indices, with a long multi-byte pair id
    const big = (i: number): PairRecord => {
      const r = records[i % records.length]!;
      return { ...r, index: i, comparison: { ...r.comparison, pair_id: `Δ—${'é'.repeat(700 + (i % 13))}` } };
    };
    const at = Array.from({ length: 2500 }, (_, i) => journal.append(big(i)));
    journal.close();
    let n = 0;
    scanJournal(dir, (r, loc) => {
      expect(loc).toEqual(at[r.index]);
      expect(r).toEqual(big(n++));
    });
    expect(n).toBe(2500);
    expect(readFileSync(join(dir, SWEEP_FILES.journal)).length).toBeGreaterThan(3 * (1 << 20)); // several read chunks
  });

  it('a bad line in the middle or a wrong location is a FileFormatError', () => {
    appendFileSync(join(root, SWEEP_FILES.journal), 'not json\n');
    expect(() => scanJournal(root, () => undefined)).toThrow(FileFormatError);
    expect(() => readJournalRecord(root, { offset: 3, length: 10 })).toThrow(FileFormatError);
  });
});
