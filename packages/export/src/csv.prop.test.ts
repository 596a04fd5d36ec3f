import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { csvFields, parseCsv, toCsv } from './csv';

const awkward = fc.oneof(
  fc.string(),
  fc.constantFrom('a,b', '"quoted"', 'line\nbreak', 'cr\r\nlf', '=SUM(A1:A2)', '+1', '-2', '@x', ' padded ', '', ',', '"', '\n'),
  fc.stringMatching(/^[=+\-@"',\n a-z0-9]{0,12}$/),
);

describe('CSV round trip', () => {
  it('rows → CSV → parsed rows are equal, for awkward strings', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,8}$/), { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(awkward, { minLength: 6, maxLength: 6 }), { maxLength: 20 }),
        (columns, cells) => {
          const rows = cells.map((c) => Object.fromEntries(columns.map((col, i) => [col, c[i]!])));
          // a row whose only cell is empty is indistinguishable from a blank line in one-column CSV
          fc.pre(columns.length > 1 || rows.every((r) => r[columns[0]!] !== ''));
          const text = toCsv(columns, rows);
          expect(text.endsWith('\n')).toBe(true);
          expect(parseCsv(text, columns)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the split fast path for quote-free text', () => {
  it('gives the fields papaparse gives, for any text without a double quote (commas, CR, blank lines, trailing commas)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9,\r\n .=+-]{0,60}$/), (body) => {
        const papa = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, newline: '\n', delimiter: ',' });
        expect(papa.errors).toEqual([]);
        expect(csvFields(body)).toEqual(papa.data);
      }),
      { numRuns: 2000 },
    );
  });
});
