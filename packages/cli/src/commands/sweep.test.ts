import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../program';
import { captureIO } from '../test-io';

const root = mkdtempSync(join(tmpdir(), 'ring-cli-sweep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A 3 × 2 × 2 grid of paper2025 pairs with 2 replicates: 24 pairs.
const GRID = ['--kappas', '0.5,1,2', '--concentrations', '1,5', '--mus', '0,0.5', '--outside-mid-ratios', '1.0'];

async function ring(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe('ring sweep / merge / tables', () => {
  it('runs a grid with replicates, prints a summary (no progress bar off a TTY) and writes aggregate/', async () => {
    const out = join(root, 'a');
    const r = await ring(['sweep', '--preset', 'paper2025', '--out', out, '--replicates', '2', '--workers', '1', ...GRID]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/ran 24 pairs \(48 runs\) in [\d.]+ s — \d+ runs\/s, 1 worker/);
    expect(r.out).toMatch(/improved \/ unchanged \/ worsened: \d+ \/ \d+ \/ \d+/);
    expect(r.out).toMatch(/cells whose 95% CI of Δ excludes zero: .* of 12 cells/);
    expect(readdirSync(join(out, 'aggregate')).sort()).toEqual([
      'comparison.csv',
      'dealer_usage_by_run.csv',
      'legacy',
      'strategy_outcomes_by_run.csv',
      'summary.json',
    ]);
    const summary = JSON.parse(readFileSync(join(out, 'aggregate', 'summary.json'), 'utf8'));
    expect(summary.config).toMatchObject({ kappas: ['0.5', '1', '2'], outside_mid_ratios: ['1'], base_seed: 42 });
    expect(summary.options).toMatchObject({ emulateDisplayAbort: false, replicates: 2 });
    // Rerunning the same command resumes: nothing left to run.
    const again = await ring(['sweep', '--preset', 'paper2025', '--out', out, '--replicates', '2', '--workers', '2', ...GRID, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ pairs_run: 0, pairs_resumed: 24, pairs_total: 24 });
  }, 60_000);

  it('on a terminal the progress bar covers the runs, writing aggregate/ and the replicate CIs; the time printed is the wall time', async () => {
    const bar = new PassThrough();
    let drawn = '';
    bar.on('data', (c: Buffer) => {
      drawn += c.toString('utf8');
    });
    Object.assign(bar, { isTTY: true, columns: 120 });
    const io = Object.assign(captureIO(), { isTTY: true, progress: bar });
    const out = join(root, 'progress');
    expect(await runCli(['sweep', '--preset', 'paper2025', '--out', out, '--replicates', '2', ...GRID, '--json'], io)).toBe(0);
    for (const phase of ['sweep |', 'aggregate |', 'replicate CIs |']) expect(drawn).toContain(phase);
    expect(drawn).toMatch(/aggregate \|.*\| 24\/24 pairs written/);
    expect(drawn).toMatch(/replicate CIs \|.*\| 12\/12 cells/);
    const j = JSON.parse(io.out);
    expect(j.wall_seconds).toBeGreaterThan(j.seconds);
    expect(j.uncertainty).toMatchObject({ scope: 'cells', groups: 12 });
  }, 60_000);

  it('3 shards + ring merge = the unsharded sweep, byte for byte; then ring tables', async () => {
    const shards = [1, 2, 3].map((k) => join(root, `s${k}`));
    for (const [i, d] of shards.entries()) {
      const r = await ring(['sweep', '--preset', 'paper2025', '--out', d, '--replicates', '2', '--shard', `${i + 1}/3`, ...GRID]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`shard ${i + 1}/3 (8 pairs)`);
    }
    const merged = join(root, 'merged');
    const m = await ring(['merge', '--out', merged, ...shards]);
    expect(m.code).toBe(0);
    expect(m.out).toContain('3 shards, 24 pairs');
    for (const f of [
      'comparison.csv',
      'summary.json',
      'strategy_outcomes_by_run.csv',
      'dealer_usage_by_run.csv',
      'legacy/strategy_outcomes_by_run.csv',
    ]) {
      expect(readFileSync(join(merged, 'aggregate', f), 'utf8')).toBe(readFileSync(join(root, 'a', 'aggregate', f), 'utf8'));
    }
    const t = await ring(['tables', merged, '--resamples', '200']);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/ring tables — \d+ tables → .*tables\//);
    const md = readFileSync(join(merged, 'tables', 'tables.md'), 'utf8');
    expect(md).toContain('Table 1 — Trading effect by outside mid ratio ρ');
    expect(md).toContain('Tables 14 and 16');
    expect(md).toContain('| published |');
    expect(md).toContain('| corrected |');
    expect(existsSync(join(merged, 'tables', 'uncertainty_cells.csv'))).toBe(true);
    const other = join(root, 'tables-elsewhere');
    expect((await ring(['tables', merged, '--out', other, '--resamples', '200'])).code).toBe(0);
    expect(readFileSync(join(other, 'tables.md'), 'utf8')).toBe(md);
  }, 60_000);

  it('the paper2025 preset end to end: ring sweep --emulate-display-abort, then ring tables, read back from the CSV files', async () => {
    const out = join(root, 'paper');
    const r = await ring(['sweep', '--preset', 'paper2025', '--emulate-display-abort', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('mean δ_passive 0.6748681838520596   mean δ_active 0.6475515933999354');
    expect(r.out).toContain('mean Δ 0.02731659045212469   mean relief ratio -0.04370247104625068');
    expect(r.out).toContain('improved / unchanged / worsened: 158 / 396 / 71');
    expect((await ring(['tables', out, '--resamples', '0'])).code).toBe(0);
    const csv = (id: string) => {
      const [head, ...lines] = readFileSync(join(out, 'tables', `${id}.csv`), 'utf8')
        .trim()
        .split('\n');
      const cols = head!.split(',');
      return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
    };
    const t1 = csv('table01_by_outside_mid_ratio');
    expect(t1.map((x) => x.outside_mid_ratio)).toEqual(['1', '0.9', '0.8', '0.75', '0.5']);
    expect(t1.map((x) => Number(x.mean_delta).toFixed(4))).toEqual(['0.0204', '0.0308', '0.0277', '0.0441', '0.0136']);
    expect(t1.map((x) => `${x.improved}/${x.unchanged}/${x.worsened}`)).toEqual([
      '29/78/18',
      '39/75/11',
      '29/85/11',
      '42/73/10',
      '19/85/21',
    ]);
    const t5 = csv('table05_strategy_mix').filter((x) => x.definition === 'published');
    expect(t5.map((x) => [(100 * Number(x.share)).toFixed(1), Number(x.default_rate).toFixed(3), x.runs_with_strategy])).toEqual([
      ['49.4', '0.045', '344'],
      ['2.4', '0.525', '101'],
      ['48.0', '0.748', '389'],
      ['0.2', '0.390', '3'],
    ]);
    const h = Object.fromEntries(csv('headline').map((x) => [x.quantity, x.value]));
    expect(h.mean_trading_effect).toBe('0.02731659045212469');
    expect([h.active_runs_ending_by_default, h.active_runs_ending_by_stable, h.active_runs_ending_by_display_abort]).toEqual([
      '302',
      '166',
      '157',
    ]);
  }, 60_000);

  it('--detailed-logging writes runs/<run_id>/', async () => {
    const out = join(root, 'd');
    const r = await ring([
      'sweep',
      '--preset',
      'paper2025',
      '--out',
      out,
      '--detailed-logging',
      '--emulate-display-abort',
      '--kappas',
      '1',
      '--concentrations',
      '1',
      '--mus',
      '0,1',
      '--outside-mid-ratios',
      '1',
    ]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'runs'))).toHaveLength(4);
  });

  it('bad input fails before any work with exit code 2 and a message naming the flag', async () => {
    const cases: [string[], RegExp][] = [
      [['sweep', '--preset', 'paper2025', '--out', join(root, 'x1'), '--shard', '4/3'], /--shard must be k\/n/],
      [['sweep', '--preset', 'paper2025', '--out', join(root, 'x2'), '--kappas', '0,1'], /KAPPA_INVALID: kappa/],
      [['sweep', '--preset', 'paper2025', '--out', join(root, 'x3'), '--replicates', '0'], /--replicates must be an integer ≥ 1/],
      [['sweep', '--preset', 'spec-default', '--out', join(root, 'x4'), '--emulate-display-abort'], /paper2025 only/],
      [['sweep', '--preset', 'paper2025', '--out', join(root, 'a'), ...GRID], /different sweep definition/],
      [['sweep', '--preset', 'nope', '--out', join(root, 'x5')], /Allowed choices are bilancio2026, paper2025, spec-default/],
      [['merge', '--out', join(root, 'x6'), join(root, 's1')], /shards missing/],
      [['tables', join(root, 'nothing-here')], /file not found/],
    ];
    for (const [args, msg] of cases) {
      const r = await ring(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(msg);
    }
    expect(existsSync(join(root, 'x2'))).toBe(false);
  });
});
