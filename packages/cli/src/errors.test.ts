/**
 * The CLI's error model: ring errors, usage errors and file-system errors are one line on stderr
 * with exit code 2; anything else one line with exit code 1; stack traces only with --debug; a
 * closed stdout pipe ends the process quietly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigValidationError, RingError } from '@ring/engine';
import { FileFormatError, SweepOutputError } from '@ring/export';
import { SweepError } from '@ring/policy-eval';
import { afterAll, describe, expect, it } from 'vitest';
import { errorReport } from './errors';
import { CliUsageError } from './io';
import { runCli } from './program';
import { captureIO } from './test-io';

const root = mkdtempSync(join(tmpdir(), 'ring-cli-errors-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');

async function ring(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

/** The error a real file-system call throws. */
function fsError(f: () => unknown): NodeJS.ErrnoException {
  try {
    f();
  } catch (e) {
    return e as NodeJS.ErrnoException;
  }
  throw new Error('expected a file-system error');
}

const oneLine = (text: string) => {
  expect(text.endsWith('\n')).toBe(true);
  expect(text.trimEnd()).not.toContain('\n');
};

describe('errorReport', () => {
  it('prints every package’s ring error as one line with its code and hint, exit code 2', () => {
    const errors = [
      new ConfigValidationError('KAPPA_INVALID', 'kappa', 'a decimal > 0', '-1'),
      new SweepError('SHARD_INVALID', 'shard', '--shard must be k/n'),
      new SweepOutputError('SWEEP_MISMATCH', '/x', 'holds a sweep with\na different definition', 'use another --out directory'),
      new FileFormatError('/x/a.csv', 3, 'expected 2 fields, found 1'),
      new CliUsageError('FLAG_INVALID', '--workers must be an integer ≥ 1', 'workers'),
    ];
    const lines = errors.map((e) => errorReport(e));
    for (const r of lines) {
      expect(r.exitCode).toBe(2);
      oneLine(r.text);
      expect(r.text).not.toMatch(/\n\s+at /);
    }
    expect(lines.map((r) => r.text.trimEnd())).toEqual([
      'error: KAPPA_INVALID: kappa must be a decimal > 0 (got "-1")',
      'error: SHARD_INVALID: --shard must be k/n',
      'error: SWEEP_MISMATCH: /x: holds a sweep with a different definition — use another --out directory',
      'error: FILE_FORMAT: /x/a.csv:3: expected 2 fields, found 1',
      'error: FLAG_INVALID: --workers must be an integer ≥ 1',
    ]);
  });

  it('maps real file-system errors to one line with exit code 2', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const dir = join(root, 'a-dir');
    mkdirSync(dir);
    const cases: [NodeJS.ErrnoException, string][] = [
      [fsError(() => mkdirSync(file)), 'EEXIST'],
      [fsError(() => writeFileSync(dir, 'x')), 'EISDIR'],
      [fsError(() => mkdirSync(join(file, 'sub'))), 'ENOTDIR'],
      [fsError(() => readFileSync(join(root, 'missing'))), 'ENOENT'],
    ];
    for (const [e, code] of cases) {
      expect(e.code).toBe(code);
      const r = errorReport(e);
      expect(r.exitCode).toBe(2);
      oneLine(r.text);
      expect(r.text).toMatch(new RegExp(`^error: ${code}: `));
    }
    // a full disk: /dev/full fails every write with ENOSPC (Linux)
    const full = fsError(() => writeFileSync('/dev/full', 'x'));
    if (full.code === 'ENOSPC') expect(errorReport(full).text).toMatch(/^error: ENOSPC: .* — the disk is full/);
    // permission problems (EACCES, EPERM, EROFS) carry a hint; a synthetic one shows the mapping
    const eacces = Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: 'EACCES', syscall: 'open' });
    expect(errorReport(eacces)).toEqual({
      exitCode: 2,
      text: "error: EACCES: permission denied, open '/x' — no permission: choose a path you can write to\n",
    });
  });

  it('anything else is a one-line error with exit code 1; --debug adds the stack and the causes', () => {
    const bug = new TypeError('cannot read properties of undefined', { cause: new RangeError('inner') });
    const r = errorReport(bug);
    expect(r.exitCode).toBe(1);
    oneLine(r.text);
    expect(r.text).toMatch(/^error: TypeError: cannot read properties of undefined \(.*--debug/);
    const d = errorReport(bug, { debug: true });
    expect(d.text.split('\n')[0]).toBe('error: TypeError: cannot read properties of undefined');
    expect(d.text).toMatch(/\n\s+at /);
    expect(d.text).toMatch(/caused by: RangeError: inner/);
    expect(errorReport(new RingError('X_Y', 'm'), { debug: true }).text).toMatch(/^error: X_Y: m\nRingError: m\n\s+at /);
  });
});

describe('runCli', () => {
  it('--version prints the bare version of the package', async () => {
    const { version } = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await ring([flag]);
      expect(r).toEqual({ code: 0, out: `${version}\n`, err: '' });
    }
  });

  it('usage errors are one line naming the command’s help, exit code 2', async () => {
    const r = await ring(['run', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toBe("error: unknown option '--bogus' (see ring run --help)\n");
    const s = await ring(['sweep', '--out', join(root, 'x')]);
    expect(s.code).toBe(2);
    oneLine(s.err);
    expect(s.err).toMatch(/--preset/);
  });

  it('a bad value: one line without a stack; with --debug anywhere, the stack follows', async () => {
    const r = await ring(['run', '--kappa', '-1']);
    expect(r).toEqual({ code: 2, out: '', err: 'error: KAPPA_INVALID: kappa must be a decimal > 0 (got "-1")\n' });
    const d = await ring(['run', '--debug', '--kappa', '-1']);
    expect(d.code).toBe(2);
    expect(d.err.split('\n')[0]).toBe(r.err.trimEnd());
    expect(d.err).toMatch(/ConfigValidationError: KAPPA_INVALID[\s\S]*\n\s+at /);
  });

  it('an unusable --out is refused before any simulation, as one line', async () => {
    const file = join(root, 'plain-file');
    writeFileSync(file, 'x');
    const cases: [string[], RegExp][] = [
      [['run', '--out', file], /^error: OUT_NOT_A_DIRECTORY: .*plain-file: is a file/],
      [['run', '--detailed-logging', '--out', join(file, 'below')], /^error: OUT_NOT_A_DIRECTORY: /],
      [['compare', '--old', file, '--new', file, '--out', file], /^error: FILE_INVALID: --old: .* not valid JSON/],
      [['tables', root, '--out', file], /^error: OUT_NOT_A_DIRECTORY: /],
      [['sweep', '--preset', 'paper2025', '--out', file], /^error: OUT_NOT_A_DIRECTORY: /],
      [['merge', '--out', file, root], /^error: OUT_NOT_A_DIRECTORY: /],
    ];
    for (const [args, want] of cases) {
      const r = await ring(args);
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r.err);
      expect(r.err, args.join(' ')).toMatch(want);
      expect(r.out).toBe('');
    }
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

/** Every file below `dir` with its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length)] = readFileSync(join(e.parentPath, e.name), 'latin1');
  }
  return out;
}

describe('an output directory of another command', () => {
  it('ring run --detailed-logging --out <sweep dir> is refused and the sweep stays byte-identical', async () => {
    const sweep = join(root, 'sweep');
    const grid = ['--kappas', '0.5,2', '--concentrations', '1', '--mus', '0', '--outside-mid-ratios', '1'];
    expect((await ring(['sweep', '--preset', 'paper2025', '--out', sweep, '--detailed-logging', ...grid])).code).toBe(0);
    const before = tree(sweep);
    expect(Object.keys(before)).toContain('/aggregate/comparison.csv');
    const policy = join(root, 'policy.json');
    writeFileSync(policy, '{}');
    for (const args of [
      ['run', '--profile', 'paper2025', '--detailed-logging', '--out', sweep],
      ['run', '--out', sweep],
      ['compare', '--old', policy, '--new', policy, '--n-agents', '5', '--out', sweep],
    ]) {
      const r = await ring(args);
      expect(r.code, args.join(' ')).toBe(2);
      oneLine(r.err);
      expect(r.err).toMatch(
        /^error: OUT_KIND_MISMATCH: .*sweep: holds the output of ring sweep or ring merge \(manifest\.json\); ring (run|compare) would mix/,
      );
    }
    expect(tree(sweep)).toEqual(before);

    const run = join(root, 'run');
    expect((await ring(['run', '--profile', 'paper2025', '--detailed-logging', '--out', run])).code).toBe(0);
    const r = await ring(['sweep', '--preset', 'paper2025', '--out', run, ...grid]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: OUT_KIND_MISMATCH: .*run: holds the output of ring run \(run\.json\); a sweep would mix/);
    expect(existsSync(join(run, 'manifest.json'))).toBe(false);
  });
});

describe('the ring bin', () => {
  const bin = (args: string) => `"${process.execPath}" --import tsx "${join(PKG, 'src', 'cli.ts')}" ${args}`;
  const sh = (script: string) => spawnSync('bash', ['-c', script], { cwd: PKG, encoding: 'utf8' });

  it('ends quietly when the reader of stdout has gone (ring … | head -1, ring … | true)', () => {
    for (const reader of ['head -1', 'true']) {
      const r = sh(`set -o pipefail; ${bin('run --profile paper2025')} | ${reader}; echo "rc=$?" >&2`);
      expect(r.stderr, reader).toBe('rc=0\n');
      if (reader === 'head -1') expect(r.stdout).toMatch(/^ring run — profile paper2025, N=5,/);
    }
    const j = sh(`${bin('run --profile paper2025 --json')} | head -1`);
    expect(JSON.parse(j.stdout).profile).toBe('paper2025');
  });

  it('a bad flag exits 2 with one line on stderr and no stack trace', () => {
    const r = sh(bin('run --mu 7'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: MU_INVALID: mu must be a decimal in [0, 1] (got "7")\n');
  });
});
