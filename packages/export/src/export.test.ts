import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, simulate } from '@ring/engine';
import type { RunConfigInput } from '@ring/engine';
import { TRADES_TABLE, TableCellError, columnNames, createRunCollector } from '@ring/metrics';
import type { TableDef } from '@ring/metrics';
import {
  CsvValueError,
  readTableCsv,
  FileFormatError,
  readCsv,
  readInventoryCsv,
  readMetricsCsv,
  readRepaymentsCsv,
  readSystemStateCsv,
  readTradesCsv,
  writeFileAtomic,
  writeRunDirectory,
} from './index';
// The codecs underneath the public writers and readers (internal to the package).
import { createCsvWriter, formatCell, parseCsvLines, toCsv } from './csv';
import { createJsonlWriter, parseJsonl, stableJson, toJsonl, writeJsonl } from './json';

const tmp = () => mkdtempSync(join(tmpdir(), 'ring-export-'));

function detailed(input: RunConfigInput) {
  const cfg = resolveConfig(input);
  const c = createRunCollector();
  const r = simulate(cfg, { observer: c.observer });
  return { cfg, rows: c.finish(r) };
}

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

describe('cells', () => {
  it('writes booleans, nulls, integers and decimal strings as the spec says', () => {
    expect([formatCell(true), formatCell(false), formatCell(null), formatCell(undefined), formatCell(12), formatCell('0.0000001')]).toEqual(
      ['true', 'false', '', '', '12', '0.0000001'],
    );
    expect(toCsv(['a', 'b'], [{ a: 1, b: null }])).toBe('a,b\n1,\n');
    expect(toCsv(['a', 'b'], [])).toBe('a,b\n');
  });
});

describe('run directories', () => {
  const inputs: RunConfigInput[] = [
    { profile: 'paper2025', regime: 'active', kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 },
    { profile: 'paper2025', regime: 'passive', kappa: '2', concentration: '5', mu: '0.75', outsideMidRatio: '1.0', seed: 140 },
    { profile: 'spec', regime: 'active', kappa: '2', concentration: '1', mu: '0.5', seed: 3, nMax: 10 },
  ];
  it('writes every file, header-only when empty, and reads them back into equal typed rows', () => {
    const out = tmp();
    for (const input of inputs) {
      const { cfg, rows } = detailed(input);
      const dir = writeRunDirectory(out, rows, cfg);
      expect(readTradesCsv(join(dir, 'trades.csv'))).toEqual(rows.trades);
      expect(readRepaymentsCsv(join(dir, 'repayment_events.csv'))).toEqual(rows.repayments);
      expect(readInventoryCsv(join(dir, 'inventory_timeseries.csv'))).toEqual(rows.inventory);
      expect(readMetricsCsv(join(dir, 'metrics.csv'))).toEqual(rows.metricsByDay);
      expect(readSystemStateCsv(join(dir, 'system_state_timeseries.csv'), rows.buckets)).toEqual(rows.systemState);
      if (input.regime === 'passive')
        expect(readFileSync(join(dir, 'trades.csv'), 'utf8')).toBe(`${columnNames(TRADES_TABLE).join(',')}\n`);
    }
    expect(readdirSync(join(out, 'runs')).length).toBe(3);
  });

  it('is byte-identical for identical configurations and never uses exponent notation', () => {
    const a = tmp();
    const b = tmp();
    for (const out of [a, b])
      for (const input of inputs) {
        const { cfg, rows } = detailed(input);
        writeRunDirectory(out, rows, cfg);
      }
    const ta = tree(a);
    expect(ta).toEqual(tree(b));
    for (const text of Object.values(ta)) {
      for (const field of text.split(/[\n,]/)) expect(field).not.toMatch(/^-?\d+(\.\d+)?[eE][+-]?\d+$/);
    }
  });
});

describe('reading back validates', () => {
  const dir = tmp();
  const file = join(dir, 'x.csv');
  it('names the file and line of a wrong header', () => {
    writeFileSync(file, 'a,c\n1,2\n');
    expect(() => readCsv(file, ['a', 'b'])).toThrow(FileFormatError);
    expect(() => readCsv(file, ['a', 'b'])).toThrow(/x\.csv:1: .*column 2/);
  });
  it('names the line of a row with the wrong field count', () => {
    writeFileSync(file, 'a,b\n1,2\n3\n');
    expect(() => readCsv(file, ['a', 'b'])).toThrow(/x\.csv:3: expected 2 fields, found 1/);
  });
  it('rejects a truncated file', () => {
    writeFileSync(file, 'a,b\n1,2\n3,4');
    expect(() => readCsv(file, ['a', 'b'])).toThrow(/truncated/);
  });
  it('rejects a bad typed value with its column', () => {
    const { rows } = detailed({ profile: 'paper2025', regime: 'active', kappa: '2', concentration: '5', mu: '0.75', seed: 140 });
    const text = toCsv(columnNames(TRADES_TABLE), rows.trades as never).replace(',true,', ',yes,');
    writeFileSync(file, text);
    expect(() => readTradesCsv(file)).toThrow(TableCellError);
    expect(() => readTradesCsv(file)).toThrow(/x\.csv line 2, column is_passthrough: "yes" is not true or false$/);
  });
});

describe('atomic and streaming writes', () => {
  it('leaves no temporary file behind and replaces the target whole', () => {
    const dir = tmp();
    const f = join(dir, 'deep', 'a.json');
    writeFileAtomic(f, stableJson({ b: 1, a: [2, { d: 1, c: 2 }] }));
    expect(readFileSync(f, 'utf8')).toBe('{\n  "a": [\n    2,\n    {\n      "c": 2,\n      "d": 1\n    }\n  ],\n  "b": 1\n}\n');
    expect(readdirSync(join(dir, 'deep'))).toEqual(['a.json']);
  });
  it('a streaming writer shows nothing at the target until close, and abort leaves nothing', () => {
    const dir = tmp();
    const f = join(dir, 's.csv');
    const w = createCsvWriter(f, ['x', 'y']);
    for (let i = 0; i < 1000; i++) w.write({ x: i, y: `v${i}` });
    expect(existsSync(f)).toBe(false);
    w.close();
    expect(readCsv(f, ['x', 'y']).length).toBe(1000);
    const g = join(dir, 'g.csv');
    const w2 = createCsvWriter(g, ['x']);
    w2.write({ x: 1 });
    w2.abort();
    expect(readdirSync(dir).sort()).toEqual(['s.csv']);
  });
});

describe('cell values without a CSV form', () => {
  it('NaN, Infinity and objects throw a CsvValueError naming column and row', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, { x: 1 }]) {
      try {
        toCsv(
          ['a', 'b'],
          [
            { a: 1, b: 2 },
            { a: 1, b: bad as never },
          ],
        );
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(CsvValueError);
        expect([(e as CsvValueError).column, (e as CsvValueError).row]).toEqual(['b', 1]);
      }
    }
  });
  it('numbers are plain: 1e-7 → 0.0000001, 1e21 → 1000000000000000000000', () => {
    expect([formatCell(1e-7), formatCell(1e21), formatCell(-2.5e-8), formatCell(-0)]).toEqual([
      '0.0000001',
      '1000000000000000000000',
      '-0.000000025',
      '0',
    ]);
  });
});

/** A two-column table (a: string, b: integer) for the reader tests. */
const defineTableForTest = (): TableDef<{ a: string; b: number }> => ({
  id: 'l',
  file: 'l.csv',
  scope: 'run',
  format: 'csv',
  title: 'test table',
  doc: 'test table',
  specRef: '-',
  key: [],
  columns: [
    { name: 'a', type: 'string', nullable: false, doc: 'a' },
    { name: 'b', type: 'integer', nullable: false, doc: 'b' },
  ],
});

describe('line numbers count physical lines', () => {
  it('a field with a line break shifts the line numbers of later rows', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        { a: 'x\ny\nz', b: '1' },
        { a: 'w', b: 'oops' },
      ],
    );
    expect(parseCsvLines(text, ['a', 'b']).lines).toEqual([2, 5]);
    const dir = tmp();
    const f = join(dir, 'l.csv');
    writeFileSync(f, text);
    const def = defineTableForTest();
    expect(() => readTableCsv(def, f)).toThrow(TableCellError);
    expect(() => readTableCsv(def, f)).toThrow(`${f} line 5, column b: "oops" is not an integer`);
  });
});

describe('JSONL', () => {
  it('toJsonl/parseJsonl round trip with sorted keys; the streaming writer renames on close', () => {
    const values = [{ b: 1, a: 'x,"y"\n' }, [1, { d: null, c: true }], 'plain', 3];
    const text = toJsonl(values);
    expect(text.split('\n')[0]).toBe('{"a":"x,\\"y\\"\\n","b":1}');
    expect(parseJsonl(text)).toEqual(values);
    const dir = tmp();
    const f = join(dir, 'e.jsonl');
    const w = createJsonlWriter(f);
    for (const v of values) w.write(v);
    expect(existsSync(f)).toBe(false);
    w.close();
    expect(readFileSync(f, 'utf8')).toBe(text);
    writeJsonl(join(dir, 'w.jsonl'), values);
    expect(readFileSync(join(dir, 'w.jsonl'), 'utf8')).toBe(text);
    expect(() => parseJsonl('{"a":1}\n{oops\n', 'x.jsonl')).toThrow(/x\.jsonl:2: not JSON/);
  });
});

describe('streaming CSV writer', () => {
  it('counts rows, writes the same bytes as toCsv, and flushes large outputs in chunks', () => {
    const dir = tmp();
    const f = join(dir, 'big.csv');
    const w = createCsvWriter(f, ['i', 's'], { durable: true });
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ i, s: i % 7 === 0 ? `a,${i}` : `v${i}` }));
    w.writeMany(rows.slice(0, 5));
    for (const r of rows.slice(5)) w.write(r);
    expect(w.rows).toBe(20_000);
    w.close();
    w.close();
    expect(readFileSync(f, 'utf8')).toBe(toCsv(['i', 's'], rows));
    expect(() => w.write({ i: 1, s: 'late' })).toThrow(/already closed/);
  });
});
