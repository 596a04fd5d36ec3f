/**
 * Output preflight: checkOutputDir / checkOutputFile refuse unusable paths before any work, and
 * removeStaleTemporaries removes only what a process that no longer runs left behind.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRingError } from '@ring/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputPathError, checkOutputDir, checkOutputFile, isTemporaryName, removeStaleTemporaries } from './index';
import { tempPathFor } from './atomic';
import { outputKind } from './output-dir';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ring-outdir-'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A directory this process cannot create entries in: a read-only folder, or (as root, who ignores permissions) /sys. */
function unwritableDir(): string | null {
  if (process.getuid?.() !== 0) {
    const d = join(root, 'read-only');
    mkdirSync(d, { recursive: true });
    chmodSync(d, 0o555);
    return d;
  }
  try {
    mkdtempSync('/sys/ring-probe-');
    return null; // writable /sys: no unwritable directory on this machine
  } catch {
    return '/sys';
  }
}

/** The pid of a process that has finished. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

function thrown(f: () => unknown): OutputPathError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(OutputPathError);
    expect(isRingError(e)).toBe(true);
    return e as OutputPathError;
  }
  throw new Error('expected an OutputPathError');
}

describe('checkOutputDir', () => {
  it('accepts a new directory (creating nothing) and an empty or unrelated one', () => {
    const fresh = join(root, 'a', 'b', 'c');
    expect(checkOutputDir(fresh, 'run')).toBeNull();
    expect(existsSync(join(root, 'a'))).toBe(false);
    const other = join(root, 'unrelated');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    expect(checkOutputDir(other, 'sweep')).toBeNull();
    expect(readdirSync(other)).toEqual(['notes.txt']);
  });

  it('recognises each kind by its markers and accepts a directory of the same kind', () => {
    const cases: [string, string, 'run' | 'sweep' | 'compare' | 'tables'][] = [
      ['s', 'manifest.json', 'sweep'],
      ['r', 'run.json', 'run'],
      ['c', 'evaluation.json', 'compare'],
      ['t', 'tables.md', 'tables'],
    ];
    for (const [name, marker, kind] of cases) {
      const d = join(root, `kind-${name}`);
      mkdirSync(d);
      writeFileSync(join(d, marker), '{}');
      expect(outputKind(d)?.kind).toBe(kind);
      expect(checkOutputDir(d, kind)).toBe(kind);
    }
    // a sweep directory also has aggregate/ and runs/: still a sweep
    mkdirSync(join(root, 'kind-s', 'aggregate'));
    expect(outputKind(join(root, 'kind-s'))).toEqual({ kind: 'sweep', marker: 'manifest.json' });
  });

  it('refuses a directory of another kind, naming both', () => {
    const e = thrown(() => checkOutputDir(join(root, 'kind-s'), 'run'));
    expect(e.code).toBe('OUT_KIND_MISMATCH');
    expect(e.field).toBe('out');
    expect(e.message).toMatch(/ring sweep .*manifest\.json.*ring run/);
    expect(thrown(() => checkOutputDir(join(root, 'kind-r'), 'sweep')).code).toBe('OUT_KIND_MISMATCH');
    expect(thrown(() => checkOutputDir(join(root, 'kind-c'), 'run', { field: 'dir' })).field).toBe('dir');
  });

  it('refuses a file, and a path below a file', () => {
    const f = join(root, 'file.txt');
    writeFileSync(f, 'x');
    expect(thrown(() => checkOutputDir(f, 'run')).code).toBe('OUT_NOT_A_DIRECTORY');
    const below = thrown(() => checkOutputDir(join(f, 'sub'), 'sweep'));
    expect(below.code).toBe('OUT_NOT_A_DIRECTORY');
    expect(below.message).toContain(`${f} is a file`);
  });

  it('refuses a directory it cannot write to (and one below it)', (ctx) => {
    const d = unwritableDir();
    if (d === null) ctx.skip();
    expect(thrown(() => checkOutputDir(d!, 'run')).code).toBe('OUT_NOT_WRITABLE');
    expect(thrown(() => checkOutputDir(join(d!, 'new', 'deeper'), 'run')).code).toBe('OUT_NOT_WRITABLE');
    expect(thrown(() => checkOutputFile(join(d!, 'report.html'))).code).toBe('OUT_NOT_WRITABLE');
  });
});

describe('checkOutputFile', () => {
  it('accepts a new file in a new folder, refuses a directory and a path below a file', () => {
    expect(() => checkOutputFile(join(root, 'x', 'y', 'report.html'))).not.toThrow();
    expect(existsSync(join(root, 'x'))).toBe(false);
    expect(thrown(() => checkOutputFile(root)).code).toBe('OUT_IS_A_DIRECTORY');
    writeFileSync(join(root, 'plain'), 'x');
    expect(thrown(() => checkOutputFile(join(root, 'plain', 'report.html'))).code).toBe('OUT_NOT_A_DIRECTORY');
  });
});

describe('removeStaleTemporaries', () => {
  it("removes the temporaries of processes that no longer run, keeps live processes' and everything else", () => {
    const d = join(root, 'temps');
    mkdirSync(join(d, `active_0123.tmp-${deadPid()}-3`), { recursive: true });
    writeFileSync(join(d, `comparison.csv.tmp-${deadPid()}-1`), 'half');
    const mine = tempPathFor(join(d, 'run.json')); // this process: running
    writeFileSync(mine, 'in progress');
    mkdirSync(join(d, 'active_0123'));
    writeFileSync(join(d, 'notes.tmp-x'), 'not ours');
    const removed = removeStaleTemporaries(d);
    expect(removed).toHaveLength(2);
    expect(readdirSync(d).sort()).toEqual(['active_0123', 'notes.tmp-x', mine.slice(d.length + 1)].sort());
    expect(removeStaleTemporaries(join(root, 'no-such-dir'))).toEqual([]);
  });

  it('isTemporaryName matches the atomic writers’ names only', () => {
    expect(isTemporaryName('active_abc.tmp-123-4')).toBe(true);
    expect(isTemporaryName(tempPathFor('x.csv'))).toBe(true);
    expect(isTemporaryName('active_abc')).toBe(false);
    expect(isTemporaryName('a.tmp-')).toBe(false);
  });
});
