/**
 * Every output table: typed rows → tableCsv → parseTableCsv gives the same rows back, for strings
 * that need quoting (commas, quotes, line breaks, surrounding spaces) and every column type.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OUTPUT_TABLES, expandBuckets } from '@ring/metrics';
import type { ColumnDef, TableDef } from '@ring/metrics';
import { parseTableCsv, tableCsv } from './table-io';

const awkward = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '"', '\n', ' ', 'é', '=', '\r') });

const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }))
  .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`);

function cellArbitrary(c: ColumnDef): fc.Arbitrary<unknown> {
  const v: fc.Arbitrary<unknown> = {
    integer: fc.maxSafeInteger(),
    decimal: decimalText,
    // −0 has no CSV form of its own: written "0", read back 0
    double: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
    cents: fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
    // the empty field of a nullable column is null, so '' is not one of its strings
    string: c.nullable ? awkward.filter((s) => s !== '') : awkward,
    boolean: fc.boolean(),
    enum: fc.constantFrom(...(c.values ?? [''])),
  }[c.type];
  return c.nullable ? fc.option(v, { nil: null }) : v;
}

const rowsOf = (def: TableDef<object>) =>
  fc.array(fc.record(Object.fromEntries(def.columns.map((c) => [c.name, cellArbitrary(c)]))), { maxLength: 6 });

describe('every output table round-trips through its CSV file', () => {
  for (const template of OUTPUT_TABLES.filter((t) => t.format === 'csv')) {
    it(template.id, () => {
      const def = expandBuckets(template, ['short', 'mid', 'long']);
      fc.assert(
        fc.property(rowsOf(def), (rows) => {
          const text = tableCsv(def, rows);
          expect(parseTableCsv(template, text).rows).toEqual(rows);
        }),
        { numRuns: 40 },
      );
    });
  }
});
