import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCellOf } from './cells';
import { columnNames, expandBuckets, formatRow, isHeaderMismatch, parseRow, resolveHeader } from './codec';
import { OUTPUT_TABLES } from './index';
import type { ColumnDef, TableDef } from './types';

/** A plain decimal string: optional sign, integer digits, optional fraction. */
const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }))
  .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`);

/** Values of one column as a typed row holds them. */
function cellArbitrary(c: ColumnDef): fc.Arbitrary<unknown> {
  let v: fc.Arbitrary<unknown>;
  switch (c.type) {
    case 'integer':
      v = fc.maxSafeInteger();
      break;
    case 'decimal':
      v = decimalText;
      break;
    case 'double':
      // −0 is written as "0" (there is no negative zero in a CSV file), so it reads back as 0
      v = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
      break;
    case 'cents':
      v = fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String);
      break;
    case 'string':
      // a nullable string column reads the empty field as null: '' is not a value of it
      v = c.nullable ? fc.string({ minLength: 1 }) : fc.string();
      break;
    case 'boolean':
      v = fc.boolean();
      break;
    case 'enum':
      v = fc.constantFrom(...c.values!);
      break;
  }
  return c.nullable ? fc.option(v, { nil: null }) : v;
}

const rowOf = (def: TableDef<object>) => fc.record(Object.fromEntries(def.columns.map((c) => [c.name, cellArbitrary(c)])));

describe('every table: a typed row → its texts → the same typed row', () => {
  for (const template of OUTPUT_TABLES) {
    it(template.id, () => {
      fc.assert(
        fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), { maxLength: 4 }), fc.context(), (buckets, ctx) => {
          const def = expandBuckets(template, buckets);
          const header = resolveHeader(template, columnNames(def));
          if (isHeaderMismatch(header)) throw new Error(`header of ${def.id} does not resolve`);
          fc.assert(
            fc.property(rowOf(def), (row) => {
              const texts = formatRow(def, row);
              ctx.log(JSON.stringify(texts));
              expect(parseRow(header, texts, { file: def.file, line: 2 })).toEqual(row);
            }),
            { numRuns: 20 },
          );
        }),
        { numRuns: 5 },
      );
    });
  }
});

describe('the decimal check of the writers', () => {
  it('accepts exactly the plain decimals -?[0-9]+(.[0-9]+)?', () => {
    const column: ColumnDef = { name: 'x', type: 'decimal', nullable: false, doc: 'x' };
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('-', '0', '1', '9', '.', 'e', ' ', '+') }), (s) => {
        expect(isCellOf(column, s)).toBe(/^-?\d+(\.\d+)?$/.test(s));
      }),
      { numRuns: 2000 },
    );
  });
});
