/**
 * `ring tables`, `ring report` and `ring merge` check every cell they read against its column's
 * type (the table definitions of @ring/metrics) before anything else, whatever the profile:
 * the first bad cell — a parameter column or an outcome column — stops the command with exit
 * code 2, one line naming file, line and column, and nothing written.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program';
import { captureIO } from '../report/test-fixtures';

const root = mkdtempSync(join(tmpdir(), 'ring-cli-bad-cells-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function ring(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const GRID = ['--kappas', '0.5,1', '--concentrations', '1', '--mus', '0,0.5', '--outside-mid-ratios', '1.0'];
const profiles = ['paper2025', 'spec-default'] as const;

/** Replace the cell of `column` on physical line `line` (1-based) of a CSV file without quoted fields. */
function corruptCsv(file: string, line: number, column: string, value: string): void {
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines[0]!.split(',').indexOf(column);
  expect(at).toBeGreaterThanOrEqual(0);
  const fields = lines[line - 1]!.split(',');
  fields[at] = value;
  lines[line - 1] = fields.join(',');
  writeFileSync(file, lines.join('\n'));
}

/** Change one field of the first journal line (a pair record) of a sweep directory. */
function corruptJournal(
  dir: string,
  change: (record: Record<string, Record<string, unknown>[] & Record<string, unknown>>) => void,
): string {
  const file = join(dir, 'pairs.jsonl');
  const lines = readFileSync(file, 'utf8').split('\n');
  const record = JSON.parse(lines[0]!);
  change(record);
  lines[0] = JSON.stringify(record);
  writeFileSync(file, lines.join('\n'));
  return file;
}

const sweepDir = (preset: string) => join(root, `${preset}-sweep`);
const shardDir = (preset: string, k: number) => join(root, `${preset}-shard-${k}`);

beforeAll(async () => {
  for (const preset of profiles) {
    const base = ['sweep', '--preset', preset, ...GRID, '--workers', '1', '--no-progress'];
    expect((await ring([...base, '--out', sweepDir(preset)])).code).toBe(0);
    for (const k of [1, 2]) expect((await ring([...base, '--shard', `${k}/2`, '--out', shardDir(preset, k)])).code).toBe(0);
  }
}, 120_000);

describe.each(profiles)('profile of preset %s', (preset) => {
  const copy = (name: string) => {
    const dir = join(root, `${preset}-${name}`);
    cpSync(sweepDir(preset), dir, { recursive: true });
    return dir;
  };

  it('ring tables: a bad parameter cell, then a bad outcome cell', async () => {
    const dir = copy('tables-param');
    const file = join(dir, 'aggregate', 'comparison.csv');
    corruptCsv(file, 2, 'mu', 'not-a-number');
    const r = await ring(['tables', dir]);
    expect([r.code, r.out, r.err]).toEqual([
      2,
      '',
      `error: TABLE_CELL_INVALID: ${file} line 2, column mu: "not-a-number" is not a decimal\n`,
    ]);
    expect(existsSync(join(dir, 'tables'))).toBe(false);

    const dir2 = copy('tables-outcome');
    const usage = join(dir2, 'aggregate', 'dealer_usage_by_run.csv');
    corruptCsv(usage, 3, 'dealer_trade_count', '2.5');
    const r2 = await ring(['tables', dir2]);
    expect([r2.code, r2.err]).toEqual([
      2,
      `error: TABLE_CELL_INVALID: ${usage} line 3, column dealer_trade_count: "2.5" is not an integer\n`,
    ]);
    expect(existsSync(join(dir2, 'tables'))).toBe(false);
  });

  it('ring report: a bad parameter cell, then a bad outcome cell', async () => {
    const dir = copy('report-param');
    const file = join(dir, 'aggregate', 'comparison.csv');
    corruptCsv(file, 3, 'kappa', '1/2');
    const r = await ring(['report', dir]);
    expect([r.code, r.out, r.err]).toEqual([2, '', `error: TABLE_CELL_INVALID: ${file} line 3, column kappa: "1/2" is not a decimal\n`]);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);

    const dir2 = copy('report-outcome');
    const file2 = join(dir2, 'aggregate', 'comparison.csv');
    corruptCsv(file2, 2, 'delta_active', 'not-a-number');
    const r2 = await ring(['report', dir2]);
    expect([r2.code, r2.err]).toEqual([
      2,
      `error: TABLE_CELL_INVALID: ${file2} line 2, column delta_active: "not-a-number" is not a decimal\n`,
    ]);
    expect(existsSync(join(dir2, 'report.html'))).toBe(false);

    const dir3 = copy('report-strategy');
    const file3 = join(dir3, 'aggregate', 'strategy_outcomes_by_run.csv');
    corruptCsv(file3, 2, 'count_no_trade', '');
    const r3 = await ring(['report', dir3]);
    expect([r3.code, r3.err]).toEqual([2, `error: TABLE_CELL_INVALID: ${file3} line 2, column count_no_trade: "" is not an integer\n`]);
  });

  it('ring merge: a bad parameter cell, then a bad outcome cell, in a shard journal', async () => {
    const shards = [1, 2].map((k) => {
      const d = join(root, `${preset}-merge-param-${k}`);
      cpSync(shardDir(preset, k), d, { recursive: true });
      return d;
    });
    const journal = corruptJournal(shards[0]!, (r) => {
      r.comparison!.mu = 'not-a-number';
    });
    const out = join(root, `${preset}-merged-param`);
    const r = await ring(['merge', '--out', out, ...shards]);
    expect([r.code, r.out, r.err]).toEqual([
      2,
      '',
      `error: TABLE_CELL_INVALID: ${journal} line 1, column mu: "not-a-number" is not a decimal\n`,
    ]);
    expect(existsSync(out)).toBe(false);

    const journal2 = corruptJournal(shards[0]!, (r) => {
      r.comparison!.mu = '0';
      (r.strategy as Record<string, unknown>[])[1]!.default_count_total = 'many';
    });
    const out2 = join(root, `${preset}-merged-outcome`);
    const r2 = await ring(['merge', '--out', out2, ...shards]);
    expect([r2.code, r2.err]).toEqual([
      2,
      `error: TABLE_CELL_INVALID: ${journal2} line 1, column default_count_total: "many" is not an integer\n`,
    ]);
    expect(existsSync(out2)).toBe(false);
  });
});
