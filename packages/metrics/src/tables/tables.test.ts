import { describe, expect, it } from 'vitest';
import { RingError } from '@ring/engine';
import { COMPARISON_PARAMETER_COLUMNS, COMPARISON_TABLE, DEALER_USAGE_TABLE, STRATEGY_OUTCOMES_TABLE } from './aggregate';
import { formatCell, parseCell } from './cells';
import { columnNames, formatRow, isHeaderMismatch, parseRow, resolveHeader, tablePath, validateRows } from './codec';
import type { ResolvedHeader } from './codec';
import { TableCellError } from './errors';
import { EVALUATION_AGENTS_TABLE } from './evaluation';
import { OUTPUT_TABLES, tableById } from './index';
import { tableMarkdown } from './markdown';
import { SYSTEM_STATE_TABLE, TRADES_TABLE, systemStateTable } from './run';
import { SQL_TYPES } from './types';

const errorOf = (f: () => unknown): TableCellError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TableCellError);
    return e as TableCellError;
  }
  throw new Error('expected a TableCellError');
};

const resolved = (r: ReturnType<typeof resolveHeader>): ResolvedHeader => {
  if (isHeaderMismatch(r)) throw new Error(`header mismatch at ${r.position}: ${r.found} vs ${r.expected}`);
  return r;
};

describe('parseCell', () => {
  const at = { file: 'aggregate/comparison.csv', line: 2 };
  it('names file, line, column and value in the exact message format', () => {
    const e = errorOf(() => parseCell(COMPARISON_TABLE, 'mu', 'not-a-number', at));
    expect(e.message).toBe('aggregate/comparison.csv line 2, column mu: "not-a-number" is not a decimal');
    expect(e).toBeInstanceOf(RingError);
    expect(e.code).toBe('TABLE_CELL_INVALID');
    expect([e.file, e.line, e.column, e.field, e.value]).toEqual(['aggregate/comparison.csv', 2, 'mu', 'mu', 'not-a-number']);
  });
  it('checks every type', () => {
    expect(parseCell(COMPARISON_TABLE, 'seed', '42', at)).toBe(42);
    expect(errorOf(() => parseCell(COMPARISON_TABLE, 'seed', '4.2', at)).message).toMatch(/column seed: "4.2" is not an integer$/);
    expect(errorOf(() => parseCell(COMPARISON_TABLE, 'seed', '9007199254740993', at)).expected).toBe('an integer');
    expect(parseCell(COMPARISON_TABLE, 'kappa', '-0.25', at)).toBe('-0.25');
    expect(errorOf(() => parseCell(COMPARISON_TABLE, 'kappa', '1e3', at)).expected).toBe('a decimal');
    expect(errorOf(() => parseCell(COMPARISON_TABLE, 'kappa', '', at)).message).toMatch(/column kappa: "" is not a decimal$/);
    expect(parseCell(COMPARISON_TABLE, 'big_entity_share', '', at)).toBeNull();
    expect(parseCell(COMPARISON_TABLE, 'effect_class', 'worsened', at)).toBe('worsened');
    expect(errorOf(() => parseCell(COMPARISON_TABLE, 'effect_class', 'better', at)).message).toMatch(
      /column effect_class: "better" is not one of improved, unchanged, worsened$/,
    );
    expect(parseCell(TRADES_TABLE, 'is_passthrough', 'false', at)).toBe(false);
    expect(errorOf(() => parseCell(TRADES_TABLE, 'is_passthrough', 'False', at)).expected).toBe('true or false');
    expect(parseCell(EVALUATION_AGENTS_TABLE, 'settlement_rate', '0.0000001', at)).toBe(1e-7);
    expect(errorOf(() => parseCell(EVALUATION_AGENTS_TABLE, 'settlement_rate', 'NaN', at)).expected).toBe('a number');
    expect(parseCell(EVALUATION_AGENTS_TABLE, 'cost', '-123456789012345678901', at)).toBe('-123456789012345678901');
    expect(errorOf(() => parseCell(EVALUATION_AGENTS_TABLE, 'cost', '1.5', at)).expected).toBe('an integer number of cents');
    expect(parseCell(COMPARISON_TABLE, 'end_reason_active', '', at)).toBe('');
  });
  it('finds columns by their older names, and refuses unknown ones', () => {
    expect(parseCell(TRADES_TABLE, 'vbt_mid_before', '0.9', at)).toBe('0.9');
    expect(() => parseCell(TRADES_TABLE, 'no_such_column', '1', at)).toThrow(/no column "no_such_column"/);
  });
  it('defaults the location to the table file', () => {
    expect(errorOf(() => parseCell(COMPARISON_TABLE, 'mu', 'x')).message).toBe('comparison.csv, column mu: "x" is not a decimal');
  });
});

describe('formatCell / formatRow / validateRows', () => {
  it('writes typed values and refuses values of another type', () => {
    expect(formatCell(COMPARISON_TABLE, 'seed', 42)).toBe('42');
    expect(formatCell(COMPARISON_TABLE, 'effect_class', null)).toBe('');
    expect(formatCell(EVALUATION_AGENTS_TABLE, 'avg_delay', 1e-7)).toBe('0.0000001');
    expect(errorOf(() => formatCell(COMPARISON_TABLE, 'seed', '42')).message).toBe('comparison, column seed: "42" is not an integer');
    expect(errorOf(() => formatCell(COMPARISON_TABLE, 'kappa', 0.5)).expected).toBe('a decimal');
    expect(errorOf(() => formatCell(COMPARISON_TABLE, 'kappa', null)).message).toMatch(/column kappa: null \(null\) is not a decimal$/);
  });
  it('formatRow names the first missing or mistyped column', () => {
    const row = Object.fromEntries(
      DEALER_USAGE_TABLE.columns.map((c) => [c.name, c.type === 'integer' ? 1 : c.type === 'enum' ? c.values![0] : '1']),
    );
    expect(formatRow(DEALER_USAGE_TABLE, row)).toHaveLength(DEALER_USAGE_TABLE.columns.length);
    const { seed: _, ...noSeed } = row;
    expect(errorOf(() => formatRow(DEALER_USAGE_TABLE, noSeed, { file: 'x.csv', row: 3 })).message).toBe(
      'x.csv row 3, column seed: a missing value is not an integer',
    );
  });
  it('validateRows checks rows in memory and names the row', () => {
    const rows = [{ ...Object.fromEntries(COMPARISON_TABLE.columns.map((c) => [c.name, null])) }];
    const e = errorOf(() => validateRows(COMPARISON_TABLE, rows, (i) => ({ file: 'pairs.jsonl', line: i + 1 })));
    expect(e.message).toBe('pairs.jsonl line 1, column kappa: null (null) is not a decimal');
  });
  it('validateRows checks the per-bucket cells of a template table', () => {
    const row = {
      run_id: 'r',
      regime: 'active',
      day: 0,
      total_face_value: '10',
      face_bucket_short: 'ten',
      total_cash: '1',
      debt_to_money: null,
      outside_mid_ratio: '1',
      face_due_today: '0',
      trader_cash: '1',
      desk_cash: '0',
      cum_settled_face: '0',
      cum_defaulted_face: '0',
    };
    expect(errorOf(() => validateRows(SYSTEM_STATE_TABLE, [row])).message).toBe(
      'system_state_timeseries row 0, column face_bucket_short: "ten" is not a decimal',
    );
  });
});

describe('resolveHeader', () => {
  it('accepts the older trades.csv names in their positions and returns the Plan 022 names', () => {
    const names = columnNames(TRADES_TABLE);
    expect([names[17], names[37]]).toEqual(['outside_mid', 'dealer_mid']);
    const old = [...names];
    old[17] = 'vbt_mid_before';
    old[37] = 'dealer_midline_before';
    const r = resolved(resolveHeader(TRADES_TABLE, old));
    expect(r.columns.map((c) => c.name)).toEqual(names);
    const row = parseRow<Record<string, unknown>>(
      r,
      TRADES_TABLE.columns.map((c) => (c.type === 'boolean' ? 'true' : c.type === 'enum' ? (c.values![0] ?? '') : '7')),
      {
        file: 'trades.csv',
        line: 2,
      },
    );
    expect([row.outside_mid, row.dealer_mid, row.vbt_mid_before]).toEqual(['7', '7', undefined]);
  });
  it('reads comparison.csv with or without the optional replicate column', () => {
    const long = columnNames(COMPARISON_TABLE);
    const short = columnNames(COMPARISON_TABLE, { short: true });
    expect([long.length, short.length, long.at(-1)]).toEqual([36, 34, 'kappa_reference']);
    expect(resolved(resolveHeader(COMPARISON_TABLE, short)).absent.map((c) => c.name)).toEqual(['replicate', 'kappa_reference']);
    expect(resolved(resolveHeader(COMPARISON_TABLE, long)).absent).toEqual([]);
    const r = resolved(resolveHeader(COMPARISON_TABLE, short));
    const fields = r.columns.map((c) => (c.nullable ? '' : c.type === 'integer' ? '3' : c.type === 'enum' ? c.values![0]! : '0.5'));
    expect(parseRow<Record<string, unknown>>(r, fields, { file: 'c.csv', line: 2 }).replicate).toBe(0);
  });
  it('takes the per-bucket columns from the header', () => {
    const header = columnNames(systemStateTable(['short', 'mid', 'long']));
    expect(header.slice(3, 7)).toEqual(['total_face_value', 'face_bucket_short', 'face_bucket_mid', 'face_bucket_long']);
    const r = resolved(resolveHeader(SYSTEM_STATE_TABLE, header));
    expect(r.buckets).toEqual(['short', 'mid', 'long']);
    expect(r.columns.map((c) => c.name)).toEqual(header);
    expect(resolved(resolveHeader(SYSTEM_STATE_TABLE, columnNames(systemStateTable([])))).buckets).toEqual([]);
  });
  it('says where a header departs from the definition', () => {
    const h = columnNames(DEALER_USAGE_TABLE);
    expect(resolveHeader(DEALER_USAGE_TABLE, [...h.slice(0, 5), 'kapa', ...h.slice(6)])).toEqual({
      position: 5,
      found: 'kapa',
      expected: 'concentration',
    });
    expect(resolveHeader(DEALER_USAGE_TABLE, [...h, 'extra'])).toEqual({ position: h.length, found: 'extra', expected: null });
    expect(resolveHeader(DEALER_USAGE_TABLE, h.slice(0, -1))).toEqual({
      position: h.length - 1,
      found: null,
      expected: 'big_entity_trade_count',
    });
  });
});

describe('the table list', () => {
  it('has unique ids and files per scope, and every column has a doc and a SQL type', () => {
    const ids = OUTPUT_TABLES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    const paths = OUTPUT_TABLES.map((t) => tablePath(t));
    expect(new Set(paths).size).toBe(paths.length);
    for (const t of OUTPUT_TABLES) {
      expect(tableById(t.id)).toBe(t);
      for (const c of t.columns) {
        expect(c.doc.length, `${t.id}.${c.name}`).toBeGreaterThan(2);
        expect(SQL_TYPES[c.type]).toMatch(/^[A-Z]+$/);
      }
      for (const k of t.key) expect(t.columns.map((c) => c.name)).toContain(k);
    }
    expect(() => tableById('nope')).toThrow(expect.objectContaining({ code: 'TABLE_UNKNOWN' }));
  });
  it('keeps the column orders of the instrumentation spec', () => {
    expect(columnNames(STRATEGY_OUTCOMES_TABLE).slice(14, 25)).toEqual([
      'total_liabilities',
      'total_face_value',
      'default_count_total',
      'default_face_total',
      'default_rate_total',
      'count_no_trade',
      'face_no_trade',
      'default_count_no_trade',
      'default_face_no_trade',
      'default_rate_no_trade',
      'count_hold_to_maturity',
    ]);
    expect(COMPARISON_PARAMETER_COLUMNS).toEqual([
      'kappa',
      'concentration',
      'mu',
      'monotonicity',
      'seed',
      'face_value',
      'outside_mid_ratio',
      'big_entity_share',
      'n_agents',
      'maturity_days',
      'q_total',
      'replicate',
      'kappa_reference',
    ]);
  });
  it('prints each table as a Markdown column table, one line per column', () => {
    for (const t of OUTPUT_TABLES) {
      const md = tableMarkdown(t);
      const rows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
      expect(rows.map((l) => /^\| \d+ \| `([^`]+)`/.exec(l)?.[1])).toEqual(t.columns.map((c) => c.name));
    }
    expect(tableMarkdown(COMPARISON_TABLE)).toContain('| 35 | `replicate` | integer | 0-based replicate');
  });
});
