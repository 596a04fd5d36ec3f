import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, runId, simulate } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { TableCellError, createRunCollector } from '@ring/metrics';
import { FileFormatError } from './errors';
import { createRunDirectoryWriter, readRunConfig, readRunDirectory, readSystemStateCsv, readTradesCsv, writeRunDirectory } from './run-dir';

const tmp = () => mkdtempSync(join(tmpdir(), 'ring-run-dir-'));

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

const inputs: RunConfigInput[] = [
  { profile: 'paper2025', regime: 'active', kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 },
  { profile: 'paper2025', regime: 'passive', kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 },
  { profile: 'spec', regime: 'active', kappa: '2', concentration: '1', mu: '0.5', seed: 3, nMax: 10 },
  {
    profile: 'spec',
    regime: 'active',
    kappa: '1',
    concentration: '1',
    mu: '0.5',
    seed: 4,
    nMax: 10,
    buckets: [
      { name: 'near', tauMin: 1, tauMax: 4, O0: '0.2' },
      { name: 'far', tauMin: 5, tauMax: null, O0: '0.4' },
    ],
  },
];

describe('streaming run directories', () => {
  it('createRunDirectoryWriter writes the same bytes as writeRunDirectory, and nothing until finish', () => {
    const a = tmp();
    const b = tmp();
    for (const input of inputs) {
      const cfg = resolveConfig(input);
      const c = createRunCollector();
      writeRunDirectory(a, c.finish(simulate(cfg, { observer: c.observer })), cfg);
      const w = createRunDirectoryWriter(b, cfg);
      const result = simulate(cfg, { observer: w.observer });
      expect(existsSync(w.dir)).toBe(false);
      const rows = w.finish(result);
      expect(w.dir).toBe(join(b, 'runs', runId(cfg)));
      expect(rows.trades).toEqual([]); // streamed, not retained
    }
    expect(tree(b)).toEqual(tree(a));
    expect(Object.keys(tree(a)).length).toBe(inputs.length * 8);
  });

  it('abort leaves no trace; a failing finish cleans up too', () => {
    const out = tmp();
    const cfg = resolveConfig(inputs[0]!);
    const w = createRunDirectoryWriter(out, cfg);
    simulate(cfg, { observer: w.observer });
    w.abort();
    expect(readdirSync(join(out, 'runs'))).toEqual([]);
    const other = resolveConfig({ ...inputs[0]!, seed: 141 });
    const w2 = createRunDirectoryWriter(out, cfg);
    expect(() => w2.finish(simulate(other, { observer: w2.observer }))).toThrow(FileFormatError);
    expect(readdirSync(join(out, 'runs'))).toEqual([]);
  });
});

describe('reading run directories back', () => {
  it('readRunDirectory returns the configuration and every typed row', () => {
    const out = tmp();
    for (const input of inputs) {
      const cfg = resolveConfig(input);
      const c = createRunCollector();
      const rows = c.finish(simulate(cfg, { observer: c.observer }));
      const back = readRunDirectory(writeRunDirectory(out, rows, cfg));
      expect(back.config).toEqual(cfg);
      expect(back.runId).toBe(rows.summary.run_id);
      expect(back.buckets).toEqual(rows.buckets);
      expect([
        back.trades,
        back.repayments,
        back.inventory,
        back.systemState,
        back.metricsByDay,
        back.liabilities,
        back.initialState,
      ]).toEqual([rows.trades, rows.repayments, rows.inventory, rows.systemState, rows.metricsByDay, rows.liabilities, rows.initialState]);
    }
  });

  it('a directory written before liabilities.csv and trader_initial_state.csv existed still reads (those parts are null)', () => {
    const out = tmp();
    const cfg = resolveConfig(inputs[0]!);
    const c = createRunCollector();
    const rows = c.finish(simulate(cfg, { observer: c.observer }));
    const dir = writeRunDirectory(out, rows, cfg);
    rmSync(join(dir, 'liabilities.csv'));
    rmSync(join(dir, 'trader_initial_state.csv'));
    const back = readRunDirectory(dir);
    expect([back.liabilities, back.initialState]).toEqual([null, null]);
    expect(back.repayments).toEqual(rows.repayments);
  });

  it('liabilities.csv and trader_initial_state.csv are checked like every other file', () => {
    const out = tmp();
    const cfg = resolveConfig(inputs[0]!);
    const c = createRunCollector();
    const rows = c.finish(simulate(cfg, { observer: c.observer }));
    const dir = writeRunDirectory(out, rows, cfg);
    const file = join(dir, 'liabilities.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('run_id,regime,liability_id,debtor,creditor,face,due_day,created_day,settled_in_full,settled_day,amount_paid');
    writeFileSync(file, [lines[0], lines[1]!.replace(/,(true|false),/, ',yes,'), ...lines.slice(2)].join('\n'));
    expect(() => readRunDirectory(dir)).toThrow(/settled_in_full/);
    expect(readFileSync(join(dir, 'trader_initial_state.csv'), 'utf8').split('\n')[0]).toBe(
      'run_id,regime,trader_id,initial_cash,initial_debt,initial_receivables,cash_debt_ratio,cash_debt_bucket',
    );
  });

  it('system-state bucket columns are taken from the header when not given', () => {
    const out = tmp();
    const cfg = resolveConfig(inputs[3]!);
    const c = createRunCollector();
    const rows = c.finish(simulate(cfg, { observer: c.observer }));
    const dir = writeRunDirectory(out, rows, cfg);
    expect(readFileSync(join(dir, 'system_state_timeseries.csv'), 'utf8').split('\n')[0]).toBe(
      'run_id,regime,day,total_face_value,face_bucket_near,face_bucket_far,total_cash,debt_to_money,outside_mid_ratio,face_due_today,trader_cash,desk_cash,cum_settled_face,cum_defaulted_face',
    );
    expect(readSystemStateCsv(join(dir, 'system_state_timeseries.csv'))).toEqual(rows.systemState);
    expect(() => readSystemStateCsv(join(dir, 'system_state_timeseries.csv'), ['short', 'mid', 'long'])).toThrow(/unexpected header/);
  });

  it('a run folder holding another run’s files is rejected, naming file, line and column', () => {
    const out = tmp();
    const cfgA = resolveConfig(inputs[0]!);
    const cfgB = resolveConfig({ ...inputs[0]!, seed: 141 });
    const dirs = [cfgA, cfgB].map((cfg) => {
      const c = createRunCollector();
      return writeRunDirectory(out, c.finish(simulate(cfg, { observer: c.observer })), cfg);
    });
    // B's trades copied into A's folder
    writeFileSync(join(dirs[0]!, 'trades.csv'), readFileSync(join(dirs[1]!, 'trades.csv')));
    try {
      readRunDirectory(dirs[0]!);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FileFormatError);
      const f = e as FileFormatError;
      expect([f.file, f.line, f.column]).toEqual([join(dirs[0]!, 'trades.csv'), 2, 'run_id']);
    }
    // a renamed folder no longer matches its configuration
    renameSync(dirs[1]!, join(out, 'runs', 'active_000000000000'));
    expect(() => readRunDirectory(join(out, 'runs', 'active_000000000000'))).toThrow(/in folder active_000000000000/);
  });

  it('config.json must be canonical and valid', () => {
    const dir = tmp();
    const f = join(dir, 'config.json');
    writeFileSync(f, '{"kappa": "1"}\n');
    expect(() => readRunConfig(f)).toThrow(FileFormatError);
    writeFileSync(f, 'not json');
    expect(() => readRunConfig(f)).toThrow(/not JSON/);
    expect(() => readRunConfig(join(dir, 'missing.json'))).toThrow(/file not found/);
  });

  it('a bad value names file, line and column; enumerations are checked', () => {
    const out = tmp();
    const cfg = resolveConfig(inputs[0]!);
    const c = createRunCollector();
    const dir = writeRunDirectory(out, c.finish(simulate(cfg, { observer: c.observer })), cfg);
    const file = join(dir, 'trades.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(',SELL,', ',SOLD,');
    writeFileSync(file, lines.join('\n'));
    try {
      readTradesCsv(file);
      expect.unreachable();
    } catch (e) {
      const f = e as TableCellError;
      expect(f).toBeInstanceOf(TableCellError);
      expect([f.file, f.line, f.column]).toEqual([file, 4, 'side']);
      expect(f.message).toBe(`${file} line 4, column side: "SOLD" is not one of SELL, BUY`);
    }
  });
  it('reads trades.csv written before the Plan 022 names (vbt_mid_before, dealer_midline_before) into the new names', () => {
    const out = tmp();
    const cfg = resolveConfig({ profile: 'paper2025', regime: 'active', kappa: '2', concentration: '5', mu: '0.75', seed: 140 });
    const c = createRunCollector();
    const dir = writeRunDirectory(out, c.finish(simulate(cfg, { observer: c.observer })), cfg);
    const file = join(dir, 'trades.csv');
    const text = readFileSync(file, 'utf8');
    const header = text.slice(0, text.indexOf('\n')).split(',');
    expect([header[17], header[37]]).toEqual(['outside_mid', 'dealer_mid']);
    const now = readTradesCsv(file);
    expect(now.length).toBeGreaterThan(0);
    header[17] = 'vbt_mid_before';
    header[37] = 'dealer_midline_before';
    writeFileSync(file, `${header.join(',')}${text.slice(text.indexOf('\n'))}`);
    expect(readTradesCsv(file)).toEqual(now);
    expect(now.every((r) => r.outside_mid !== undefined && r.dealer_mid !== undefined)).toBe(true);
  });
});
