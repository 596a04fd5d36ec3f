import { existsSync, mkdtempSync, readdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { OutputPathError } from './errors';

/** What a ring output directory holds: the command that writes it. */
export type OutputKind = 'run' | 'sweep' | 'compare' | 'tables';

/**
 * The files that mark a directory as written by each command, in the order they are recognised
 * (a sweep directory also holds `aggregate/` and `runs/`, so sweep markers are checked first).
 */
export const OUTPUT_MARKERS: readonly (readonly [OutputKind, readonly string[]])[] = [
  ['sweep', ['manifest.json', 'pairs.jsonl']],
  ['compare', ['evaluation.json', 'evaluation_agents.csv']],
  ['tables', ['tables.md']],
  ['run', ['run.json', 'runs', 'aggregate']],
];

const WRITER: Record<OutputKind, string> = {
  run: 'ring run',
  sweep: 'ring sweep or ring merge',
  compare: 'ring compare',
  tables: 'ring tables',
};

/** The kind of ring output directory `dir` is, by its marker files (`OUTPUT_MARKERS`); null for anything else. */
export function outputKind(dir: string): { kind: OutputKind; marker: string } | null {
  for (const [kind, markers] of OUTPUT_MARKERS) {
    for (const marker of markers) if (existsSync(join(dir, marker))) return { kind, marker };
  }
  return null;
}

const isDirectory = (p: string) => statSync(p).isDirectory();

/** The path itself if it exists, else its nearest existing ancestor. */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  return p;
}

/** Can we create entries in the existing directory `dir`? Throws OUT_NOT_WRITABLE naming `path`. */
function checkWritable(dir: string, path: string, field: string): void {
  let probe: string | null = null;
  try {
    probe = mkdtempSync(join(dir, '.ring-write-check-'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new OutputPathError(
      'OUT_NOT_WRITABLE',
      path,
      `cannot be written (${code} when creating an entry in ${dir})`,
      'choose a directory you can write to',
      field,
    );
  } finally {
    if (probe) rmdirSync(probe);
  }
}

/** Options of {@link checkOutputDir} and {@link checkOutputFile}. */
export interface OutputCheckOptions {
  /** The name of the flag or option the path came from (default `out`). */
  readonly field?: string;
}

/**
 * Check, before any work starts, that `path` can be used as the output directory of a command of
 * `kind`: it is a directory or can be created as one (its nearest existing ancestor is a directory),
 * it is writable (checked by creating and removing an entry, so permissions, read-only and
 * special file systems are all caught), and it is not the output directory of another command
 * (recognised by `OUTPUT_MARKERS`: `ring run --out` into a sweep directory would overwrite
 * its aggregate files; `kind` null skips this check, for folders of other files). Creates
 * nothing. Throws {@link OutputPathError}; returns the kind found (null for a new or unrelated
 * directory).
 */
export function checkOutputDir(path: string, kind: OutputKind | null, options: OutputCheckOptions = {}): OutputKind | null {
  const field = options.field ?? 'out';
  const existing = nearestExisting(path);
  if (!isDirectory(existing)) {
    const what = existing === resolve(path) ? 'is a file, not a directory' : `cannot be created: ${existing} is a file`;
    throw new OutputPathError('OUT_NOT_A_DIRECTORY', path, what, 'give a directory', field);
  }
  checkWritable(existing, path, field);
  if (existing !== resolve(path)) return null;
  const found = outputKind(existing);
  if (found && kind !== null && found.kind !== kind) {
    throw new OutputPathError(
      'OUT_KIND_MISMATCH',
      path,
      `holds the output of ${WRITER[found.kind]} (${found.marker}); ${kind === 'sweep' ? 'a sweep' : WRITER[kind]} would mix its files into it`,
      'use another directory',
      field,
    );
  }
  return found?.kind ?? null;
}

/**
 * Check, before any work starts, that a file can be written at `path`: it is not a directory and
 * its folder exists or can be created and is writable. Creates nothing. Throws {@link OutputPathError}.
 */
export function checkOutputFile(path: string, options: OutputCheckOptions = {}): void {
  const field = options.field ?? 'out';
  const target = resolve(path);
  if (existsSync(target) && isDirectory(target)) {
    throw new OutputPathError('OUT_IS_A_DIRECTORY', path, 'is a directory, not a file', 'give a file name', field);
  }
  const existing = nearestExisting(dirname(target));
  if (!isDirectory(existing)) {
    throw new OutputPathError('OUT_NOT_A_DIRECTORY', path, `cannot be created: ${existing} is a file`, 'give a path in a directory', field);
  }
  checkWritable(existing, path, field);
}

// ---- temporaries left by interrupted writers --------------------------------------------------

/** `<name>.tmp-<pid>-<n>`: the temporary names of {@link tempPathFor}. */
const TEMP_NAME = /\.tmp-(\d+)-\d+$/;

/** True for a temporary name written by this package's atomic writers (`<name>.tmp-<pid>-<n>`). */
export function isTemporaryName(name: string): boolean {
  return TEMP_NAME.test(name);
}

function processIsRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Remove the temporaries an interrupted writer left in `dir` (not recursive): entries named
 * `<name>.tmp-<pid>-<n>` whose process is no longer running on this machine. A temporary of a
 * running process (another ring writing here) is left alone. Returns the names removed.
 */
export function removeStaleTemporaries(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || processIsRunning(Number(m[1]))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed.sort();
}
