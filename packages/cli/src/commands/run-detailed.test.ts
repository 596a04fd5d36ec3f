import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readComparisonRows, readDealerUsageCsv, readRunDirectory, readStrategyOutcomesCsv } from '@ring/export';
import { runCli } from '../program';
import { captureIO } from '../test-io';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

const example1 = [
  '--profile',
  'paper2025',
  '--kappa',
  '2',
  '--concentration',
  '5',
  '--mu',
  '0.75',
  '--outside-mid-ratio',
  '1.0',
  '--seed',
  '140',
];

describe('ring run --detailed-logging --out DIR', () => {
  it('writes both run directories, the run-level tables and run.json; the --json fields are unchanged', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ring-cli-detailed-'));
    const plain = captureIO();
    expect(await runCli(['run', ...example1, '--json'], plain)).toBe(0);
    const io = captureIO();
    expect(await runCli(['run', ...example1, '--json', '--detailed-logging', '--out', out], io)).toBe(0);
    expect(io.out).toBe(plain.out);
    const j = JSON.parse(io.out) as { passive_run_id: string; active_run_id: string; total_trades: number; pair_id: string };

    expect(Object.keys(tree(out)).sort()).toEqual(
      [
        'aggregate/comparison.csv',
        'aggregate/dealer_usage_by_run.csv',
        'aggregate/strategy_outcomes_by_run.csv',
        'run.json',
        ...[j.active_run_id, j.passive_run_id]
          .sort()
          .flatMap((id) =>
            [
              'config.json',
              'inventory_timeseries.csv',
              'liabilities.csv',
              'metrics.csv',
              'repayment_events.csv',
              'system_state_timeseries.csv',
              'trader_initial_state.csv',
              'trades.csv',
            ].map((f) => `runs/${id}/${f}`),
          ),
      ].sort(),
    );

    const active = readRunDirectory(join(out, 'runs', j.active_run_id));
    const passive = readRunDirectory(join(out, 'runs', j.passive_run_id));
    expect(active.trades.length).toBe(j.total_trades);
    expect(passive.trades.length).toBe(0);
    expect(passive.systemState.length).toBeGreaterThan(0);

    const strategy = readStrategyOutcomesCsv(join(out, 'aggregate', 'strategy_outcomes_by_run.csv'));
    expect(strategy.map((r) => [r.run_id, r.regime, r.pair_id])).toEqual([
      [j.passive_run_id, 'passive', j.pair_id],
      [j.active_run_id, 'active', j.pair_id],
    ]);
    expect(strategy.map((r) => r.total_liabilities)).toEqual([passive.repayments.length, active.repayments.length]);
    const usage = readDealerUsageCsv(join(out, 'aggregate', 'dealer_usage_by_run.csv'));
    expect(usage.map((r) => r.dealer_trade_count)).toEqual([0, j.total_trades]);
    const comparison = readComparisonRows(join(out, 'aggregate', 'comparison.csv'));
    expect(comparison.map((r) => [r.passive_run_id, r.active_run_id, r.total_trades])).toEqual([
      [j.passive_run_id, j.active_run_id, j.total_trades],
    ]);

    const runJson = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { summaries: { run_id: string }[] };
    expect(runJson.summaries.map((s) => s.run_id)).toEqual([j.passive_run_id, j.active_run_id]);
  });

  it('is byte-identical for identical configurations (spec profile, one arm)', async () => {
    const [a, b] = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'ring-cli-detailed-')));
    const args = ['run', '--profile', 'spec', '--kappa', '1', '--seed', '9', '--regime', 'active', '--detailed-logging', '--out'];
    expect(await runCli([...args, a!], captureIO())).toBe(0);
    expect(await runCli([...args, b!], captureIO())).toBe(0);
    const ta = tree(a!);
    expect(ta).toEqual(tree(b!));
    expect(
      Object.keys(ta)
        .filter((k) => k.startsWith('aggregate/'))
        .sort(),
    ).toEqual(['aggregate/dealer_usage_by_run.csv', 'aggregate/strategy_outcomes_by_run.csv']);
  });

  it('--detailed-logging without --out is a usage error naming the flag', async () => {
    const io = captureIO();
    expect(await runCli(['run', '--detailed-logging'], io)).toBe(2);
    expect(io.err).toMatch(/--out/);
    expect(io.out).toBe('');
  });
});
